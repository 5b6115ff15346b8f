/**
 * `npm run db:copy:platform` between two real Platform DBs: a full copy, a re-run that writes
 * nothing, a run killed half-way and resumed, and a target that changes rows (verification fails).
 */
import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { ROLES, type Role } from '../../lib/auth';
import { PROJECT_ROOT } from '../../lib/schema-files';
import { createTestDatabase } from '../../test/harness/infra';
import { copyPlatformDb, platformCopyVerified } from './copy';
import { migratePlatformDb } from './db';
import { seedFixtureJobs } from './fixture-jobs';
import { seedPlatform } from './seed';

const run = promisify(execFile);

async function query<T extends object>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`set time zone 'UTC'`);
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function copyCli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', 'db:copy:platform', '--', ...args], { cwd: PROJECT_ROOT, timeout: 180_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const EVENTS = 600;
let source: string;
let tables: string[];

/** Every copied table's rows in key order, for comparing whole databases. */
async function dump(url: string): Promise<Record<string, unknown[]>> {
  const result: Record<string, unknown[]> = {};
  for (const table of tables) result[table] = (await query<{ row: unknown }>(url, `select to_jsonb(t) as row from "${table}" t order by 1`)).map((r) => r.row);
  return result;
}

const countsOf = async (url: string) =>
  Object.fromEntries(await Promise.all(tables.map(async (t) => [t, Number((await query<{ n: string }>(url, `select count(*) as n from "${t}"`))[0]!.n)])));

beforeAll(async () => {
  source = await createTestDatabase('platform_copy_src');
  await migratePlatformDb(source);
  const userIds = Object.fromEntries(ROLES.map((role, i) => [role, String(i + 1)])) as Record<Role, string>;
  await seedPlatform(source, { userIds, datasetIds: ['ds_1', 'ds_2'] });
  await seedFixtureJobs(source, { userIds, datasetIds: ['ds_1', 'ds_2'] });
  // Many events (metric points, logs, system samples) so the copy takes several batches.
  const [job] = await query<{ id: string }>(source, 'select id from training_jobs order by id limit 1');
  await query(
    source,
    `insert into training_events (job_id, kind, payload, created_at)
     select $1, (array['metric', 'log', 'system'])[1 + i % 3], jsonb_build_object('step', i, 'loss', 1.0 / i), now() - i * interval '1.234567 second'
     from generate_series(1, ${EVENTS}) i`,
    [job!.id],
  );
  // Every other table gets rows too; snapshot objects (two-column key) span several batches.
  const [project] = await query<{ id: string }>(source, 'select id from projects order by id limit 1');
  await query(source, `insert into experiments (id, project_id, name, description, created_by) values ('exp_1', $1, 'Baseline', 'first', '1')`, [project!.id]);
  await query(source, `insert into experiment_stars (experiment_id, user_id) values ('exp_1', '1'), ('exp_1', '2')`);
  await query(source, `update training_jobs set experiment_id = 'exp_1' where id = $1`, [job!.id]);
  await query(source, `insert into dataset_snapshots (id, dataset_id, created_by, object_count, total_bytes) values ('snap_1', 'ds_1', '1', 250, 25000)`);
  await query(
    source,
    `insert into snapshot_objects (snapshot_id, key, content_key, size_bytes, etag)
     select 'snap_1', 'images/' || i || '.png', 'cas/' || md5(i::text), 100, md5(i::text) from generate_series(1, 250) i`,
  );
  await query(
    source,
    `insert into checkpoints (job_id, name, key, size_bytes) values ($1, 'best', 'ckpt/best.bin', 1234), ($1, 'last', 'ckpt/last.bin', 1300)`,
    [job!.id],
  );
  await query(source, `insert into workers (id, frameworks, tasks, export_formats, inference) values ('worker-1', '["reference"]', null, '["onnx"]', true)`);
  await query(source, `insert into models (id, project_id, name, created_by) values ('mdl_1', $1, 'Classifier', '1')`, [project!.id]);
  await query(
    source,
    `insert into model_versions (id, model_id, version, job_id, dataset_snapshot_id, framework, task, architecture, metrics, registered_by)
     values ('mv_1', 'mdl_1', 1, $1, 'snap_1', 'reference', 'classification', 'softmax', '{"accuracy": 0.9}', '1')`,
    [job!.id],
  );
  await query(
    source,
    `insert into model_exports (id, model_version_id, format, framework, options, status, key, size_bytes, sha256, created_by)
     values ('mex_1', 'mv_1', 'onnx', 'reference', '{"opset": 13}', 'completed', 'exports/mex_1/model.onnx', 900, repeat('a', 64), '1')`,
  );
  await query(
    source,
    `insert into inference_jobs (id, model_version_id, framework, dataset_snapshot_id, created_by) values ('inf_1', 'mv_1', 'reference', 'snap_1', '1')`,
  );
  await query(
    source,
    `insert into deployments (id, project_id, model_version_id, export_id, name, status, created_by)
     values ('dep_1', $1, 'mv_1', 'mex_1', 'classifier', 'ready', '1')`,
    [project!.id],
  );
  await query(
    source,
    `insert into deployment_api_keys (id, deployment_id, name, prefix, key_hash, created_by) values ('dak_1', 'dep_1', 'ci', 'vpk_abcd', repeat('c', 64), '1')`,
  );
  await query(
    source,
    `insert into snapshot_preparations (snapshot_id, state, objects_to_copy, objects_copied, storage_path, listing_digest)
     values ('snap_1', 'ready', 250, 250, 'datasets/ds_1', repeat('b', 64))`,
  );
  await query(
    source,
    `insert into training_job_revisions (job_id, state) select id, jsonb_build_object('status', status, 'progress', progress) from training_jobs`,
  );
  // Gaps in the ids, as a real database has after deletes.
  await query(source, `delete from training_events where id % 7 = 0`);
  tables = (
    await query<{ name: string }>(
      source,
      `select tablename as name from pg_tables where schemaname = 'public' and tablename <> 'mikro_orm_migrations' order by 1`,
    )
  ).map((r) => r.name);
}, 120_000);

describe('db:copy:platform', () => {
  let target: string;

  it('copies every table into an empty database in batches, with progress, and verifies each row', async () => {
    target = await createTestDatabase('platform_copy_dst');
    const { code, stdout, stderr } = await copyCli(['--source', source, '--target', target, '--batch', '100']);
    expect(stderr).toBe('');
    expect(code).toBe(0);
    expect(stdout).not.toContain('postgres:postgres@');
    expect(stdout).toMatch(/\[COPY\] order: .*projects → .*training_jobs → .*training_events/);
    expect(stdout).toMatch(/\[COPY\] training_events\s+100\/\d+/);
    const counts = await countsOf(source);
    for (const table of tables) {
      expect(stdout).toMatch(
        new RegExp(
          `${table}\\s+source\\s+${counts[table]}\\s+written\\s+${counts[table]}\\s+target\\s+${counts[table]}\\s+verified ${counts[table]}/${counts[table]} ✓`,
        ),
      );
    }
    expect(counts.training_events).toBeGreaterThan(EVENTS / 2);
    expect(Object.entries(counts).filter(([, n]) => n === 0)).toEqual([]);
    expect(await dump(target)).toEqual(await dump(source));
    expect(stdout).toContain('[COPY] done: every source row is in the target, unchanged');

    // The sequences moved past the copied ids: a new event in the target gets a fresh id.
    const [{ max }] = (await query<{ max: string }>(source, 'select max(id) as max from training_events')) as [{ max: string }];
    const [job] = await query<{ id: string }>(target, 'select id from training_jobs limit 1');
    const [made] = await query<{ id: string }>(target, `insert into training_events (job_id, kind) values ($1, 'log') returning id`, [job!.id]);
    expect(Number(made!.id)).toBeGreaterThan(Number(max));
  }, 180_000);

  it('is idempotent: a second run writes nothing, duplicates nothing and still verifies', async () => {
    const before = await countsOf(target);
    const reports = await copyPlatformDb(source, target, { batch: 100 });
    expect(reports.every((r) => r.written === 0)).toBe(true);
    expect(platformCopyVerified(reports)).toBe(true);
    expect(await countsOf(target)).toEqual(before);
  }, 120_000);

  it('resumes a run that was killed half-way and ends with exactly the source rows', async () => {
    const fresh = await createTestDatabase('platform_copy_cut');
    const child = spawn('npm', ['run', '--silent', 'db:copy:platform', '--', '--source', source, '--target', fresh, '--batch', '20'], {
      cwd: PROJECT_ROOT,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    await new Promise<void>((resolve) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        // Killed as soon as the events are on their way: the process and npm with it.
        if (/\[COPY\] training_events\s+20\//.test(out)) process.kill(-child.pid!, 'SIGKILL');
      });
      child.on('close', () => resolve());
    });
    expect(out).not.toContain('[COPY] done');
    const sourceCounts = await countsOf(source);
    const partial = await countsOf(fresh);
    expect(partial.training_events).toBeGreaterThan(0);
    expect(partial.training_events).toBeLessThan(sourceCounts.training_events);

    const reports = await copyPlatformDb(source, fresh, { batch: 20 });
    expect(platformCopyVerified(reports)).toBe(true);
    const events = reports.find((r) => r.table === 'training_events')!;
    expect(events.written).toBe(sourceCounts.training_events - partial.training_events);
    expect(reports.find((r) => r.table === 'projects')!.written).toBe(0);
    expect(await countsOf(fresh)).toEqual(sourceCounts);
    expect(await dump(fresh)).toEqual(await dump(source));
  }, 180_000);

  it('exits 1 and names the table when target rows do not match the source', async () => {
    const altered = await createTestDatabase('platform_copy_bad');
    await migratePlatformDb(altered);
    // The target changes every project name it is given: the copy cannot make them equal.
    await query(altered, `create function shout() returns trigger language plpgsql as $$ begin new.name := upper(new.name) || '!'; return new; end $$`);
    await query(altered, `create trigger shout before insert or update on projects for each row execute function shout()`);
    const { code, stdout, stderr } = await copyCli(['--source', source, '--target', altered]);
    expect(code).toBe(1);
    expect(stdout).toMatch(/projects\s+source\s+(\d+)\s+written\s+\d+\s+target\s+\d+\s+verified 0\/\1 ✗/);
    expect(stderr).toContain('verification failed: some source rows differ in the target or are missing');
  }, 180_000);

  it('refuses to copy a database onto itself', async () => {
    await expect(copyPlatformDb(source, source)).rejects.toThrow(/same database/);
  });
});
