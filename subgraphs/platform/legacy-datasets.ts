/**
 * Legacy datasets (T7, seed 2.5.5 "Option 1"): a Platform DB from before the Labeler owned datasets
 * still has a `datasets` table that jobs reference by foreign key. This keeps the table (read-only
 * history), marks every row `is_legacy`, makes its metadata columns nullable, and drops the foreign
 * keys that point at it so `training_jobs.dataset_id` is a plain id (T1) and those jobs stay readable.
 *
 * Run: `node --import tsx scripts/legacy-datasets.ts` (DATABASE_URL); it prints a report.
 * The same statement runs as a migration, so `npm run db:migrate` does it too; running again is a no-op.
 */
import pg from 'pg';

/** Idempotent; does nothing on a database without a `datasets` table. */
export const MARK_LEGACY_DATASETS_SQL = `
do $$
declare
  fk record;
  col text;
begin
  if to_regclass('public.datasets') is null then
    return;
  end if;
  alter table datasets add column if not exists is_legacy boolean not null default true;
  update datasets set is_legacy = true where is_legacy is distinct from true;
  foreach col in array array['name', 'format', 'storage_type', 'storage_path', 'description'] loop
    if exists (select 1 from information_schema.columns where table_schema = 'public' and table_name = 'datasets' and column_name = col) then
      execute format('alter table datasets alter column %I drop not null', col);
    end if;
  end loop;
  for fk in
    select con.conname, rel.relname from pg_constraint con join pg_class rel on rel.oid = con.conrelid
    where con.contype = 'f' and con.confrelid = 'public.datasets'::regclass
  loop
    execute format('alter table %I drop constraint %I', fk.relname, fk.conname);
  end loop;
  comment on table datasets is 'Legacy: datasets belong to the Labeler since Stage 2.5; kept read-only for old jobs.';
end $$;`;

export interface LegacyReport {
  hadDatasetsTable: boolean;
  legacyDatasets: number;
  jobsReferencingLegacy: number;
  foreignKeysDropped: string[];
}

export async function markLegacyDatasets(url: string): Promise<LegacyReport> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = (await client.query<{ t: string | null }>("select to_regclass('public.datasets')::text as t")).rows[0]!.t !== null;
    if (!exists) return { hadDatasetsTable: false, legacyDatasets: 0, jobsReferencingLegacy: 0, foreignKeysDropped: [] };
    const fks = await client.query<{ name: string }>(
      "select rel.relname || '.' || con.conname as name from pg_constraint con join pg_class rel on rel.oid = con.conrelid where con.contype = 'f' and con.confrelid = 'public.datasets'::regclass order by 1",
    );
    await client.query(MARK_LEGACY_DATASETS_SQL);
    const counts = await client.query<{ legacy: string; jobs: string }>(
      `select (select count(*) from datasets where is_legacy) as legacy,
              (select count(*) from training_jobs j where exists (select 1 from datasets d where d.id::text = j.dataset_id)) as jobs`,
    );
    return {
      hadDatasetsTable: true,
      legacyDatasets: Number(counts.rows[0]!.legacy),
      jobsReferencingLegacy: Number(counts.rows[0]!.jobs),
      foreignKeysDropped: fks.rows.map((row) => row.name),
    };
  } finally {
    await client.end();
  }
}
