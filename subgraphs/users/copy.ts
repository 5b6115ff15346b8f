/**
 * `npm run db:copy:users` (seed Stage 1.3): copy organizations, users, invitations and project
 * members from one User DB to another. The target is migrated first; rows are upserted by id in
 * foreign-key order inside one transaction, the id sequences are moved past the copied ids, and
 * every copied row is compared with its source (same columns, same values) before reporting.
 * Re-running copies nothing new and changes nothing. Refresh tokens (sessions) and login counts
 * (`login_failures`) are not copied.
 */
import pg from 'pg';
import { migrateUsersDb } from './db';

export const COPIED_TABLES = ['organizations', 'users', 'invitations', 'project_members'] as const;
export type CopiedTable = (typeof COPIED_TABLES)[number];

export interface TableReport {
  table: CopiedTable;
  /** Rows in the source. */
  source: number;
  /** Rows inserted or changed in the target by this run. */
  written: number;
  /** Rows in the target after the run (may exceed `source` when the target had rows of its own). */
  target: number;
  /** Source rows found identical in the target. */
  verified: number;
}

const BATCH = 1000;
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function columnsOf(client: pg.Client, table: string): Promise<string[]> {
  const { rows } = await client.query<{ column_name: string }>(
    `select column_name from information_schema.columns where table_schema = current_schema() and table_name = $1 order by ordinal_position`,
    [table],
  );
  return rows.map((row) => row.column_name);
}

/** id → md5 of the row's common columns as text, for comparing both sides without moving the data twice. */
async function fingerprints(client: pg.Client, table: string, columns: string[]): Promise<Map<number, string>> {
  const { rows } = await client.query<{ id: number; digest: string }>(
    `select id, md5(row(${columns.map(quote).join(', ')})::text) as digest from ${quote(table)}`,
  );
  return new Map(rows.map((row) => [row.id, row.digest]));
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  // Timestamps print in the session time zone: both sides must agree for the comparison.
  await client.query(`set time zone 'UTC'`);
  return client;
}

export async function copyUsersDb(sourceUrl: string, targetUrl: string): Promise<TableReport[]> {
  if (sourceUrl === targetUrl) throw new Error('--source and --target are the same database.');
  await migrateUsersDb(targetUrl);
  const source = await connect(sourceUrl);
  const target = await connect(targetUrl);
  try {
    const plan: { table: CopiedTable; columns: string[] }[] = [];
    for (const table of COPIED_TABLES) {
      const sourceColumns = await columnsOf(source, table);
      if (sourceColumns.length === 0) throw new Error(`The source has no table ${table}; is it a User DB?`);
      const targetColumns = new Set(await columnsOf(target, table));
      plan.push({ table, columns: sourceColumns.filter((column) => targetColumns.has(column)) });
    }

    const written = new Map<CopiedTable, number>();
    await target.query('begin');
    try {
      for (const { table, columns } of plan) {
        const list = columns.map(quote).join(', ');
        const updates = columns
          .filter((c) => c !== 'id')
          .map((c) => `${quote(c)} = excluded.${quote(c)}`)
          .join(', ');
        // Only rows that differ are rewritten, so a re-run reports 0 and touches nothing.
        const differs = columns
          .filter((c) => c !== 'id')
          .map((c) => `${quote(table)}.${quote(c)} is distinct from excluded.${quote(c)}`)
          .join(' or ');
        let count = 0;
        for (let lastId = 0; ;) {
          // JSON made by PostgreSQL keeps microseconds and enum labels exactly (a JS Date would not).
          const { rows } = await source.query<{ batch: string | null; last: number | null }>(
            `select json_agg(t order by t.id)::text as batch, max(t.id) as last
             from (select ${list} from ${quote(table)} where id > $1 order by id limit ${BATCH}) t`,
            [lastId],
          );
          const { batch, last } = rows[0]!;
          if (batch === null || last === null) break;
          const result = await target.query(
            `insert into ${quote(table)} (${list}) select ${list} from json_populate_recordset(null::${quote(table)}, $1::json)
             on conflict (id) do update set ${updates} where ${differs}`,
            [batch],
          );
          count += result.rowCount ?? 0;
          lastId = last;
        }
        written.set(table, count);
        // New rows created in the target later must not collide with copied ids.
        await target.query(
          `select setval(pg_get_serial_sequence($1, 'id'), coalesce((select max(id) from ${quote(table)}), 1), (select max(id) from ${quote(table)}) is not null)`,
          [table],
        );
      }
      await target.query('commit');
    } catch (error) {
      await target.query('rollback').catch(() => undefined);
      const detail = (error as { detail?: string }).detail;
      throw new Error(`Copy failed and was rolled back: ${(error as Error).message}${detail ? ` (${detail})` : ''}`, { cause: error });
    }

    const reports: TableReport[] = [];
    for (const { table, columns } of plan) {
      const [from, to] = await Promise.all([fingerprints(source, table, columns), fingerprints(target, table, columns)]);
      let verified = 0;
      for (const [id, digest] of from) if (to.get(id) === digest) verified += 1;
      reports.push({ table, source: from.size, written: written.get(table) ?? 0, target: to.size, verified });
    }
    return reports;
  } finally {
    await Promise.all([source.end(), target.end()]);
  }
}

/** True when every source row arrived unchanged. */
export const copyVerified = (reports: TableReport[]) => reports.every((report) => report.verified === report.source);
