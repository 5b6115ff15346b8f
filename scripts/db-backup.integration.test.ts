/**
 * `npm run db:backup` / `npm run db:restore` against the seeded stack: real PostgreSQL, real
 * pg_dump/pg_restore of the server's version, the real S3 server's internal bucket.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import pg from 'pg';
import { PROJECT_ROOT } from '../lib/schema-files';
import { startStack, type Stack } from '../test/harness/stack';
import {
  applyRetention,
  backupDatabase,
  BackupIntegrityError,
  DATABASE_KINDS,
  listBackups,
  manifestKey,
  restoreDatabase,
  type BackupManifest,
} from './db/backup';
import { findPgTool } from './db/pg-tools';

const run = promisify(execFile);

let stack: Stack;
let env: Record<string, string>;

async function query<T extends object>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

async function npmScript(script: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run('npm', ['run', '--silent', script, '--', ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      timeout: 180_000,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === 'number' ? e.code : -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

const fresh = (prefix: string) => `${prefix}_${randomBytes(4).toString('hex')}`;
const onServer = (url: string, database: string) => Object.assign(new URL(url), { pathname: `/${database}` }).toString();

/** Every user table with its row count and a sample of rows (as text, in a fixed order). */
async function contents(url: string): Promise<Record<string, { rows: number; sample: string[] }>> {
  const tables = await query<{ schema: string; name: string }>(
    url,
    `select table_schema as schema, table_name as name from information_schema.tables
     where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema') order by 1, 2`,
  );
  const result: Record<string, { rows: number; sample: string[] }> = {};
  for (const { schema, name } of tables) {
    const from = `"${schema}"."${name}"`;
    const [{ n }] = (await query<{ n: string }>(url, `select count(*) as n from ${from}`)) as [{ n: string }];
    const sample = await query<{ row: string }>(url, `select t::text as row from ${from} t order by t::text limit 25`);
    result[`${schema}.${name}`] = { rows: Number(n), sample: sample.map((r) => r.row) };
  }
  return result;
}

async function objectKeys(prefix: string): Promise<string[]> {
  const page = await stack.internalStorage.client.send(new ListObjectsV2Command({ Bucket: stack.internalStorage.bucket, Prefix: prefix }));
  return (page.Contents ?? []).map((o) => o.Key!).sort();
}

beforeAll(async () => {
  stack = await startStack();
  env = {
    DATABASE_URL: stack.dbUrls.platform,
    USER_DATABASE_URL: stack.dbUrls.users,
    LABELER_DATABASE_URL: stack.dbUrls.labeler,
    INTERNAL_STORAGE_ENDPOINT: process.env.TEST_S3_ENDPOINT!,
    INTERNAL_STORAGE_ACCESS_KEY: 'S3RVER',
    INTERNAL_STORAGE_SECRET_KEY: 'S3RVER',
    INTERNAL_STORAGE_BUCKET: stack.internalStorage.bucket,
  };
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('db:backup and db:restore', () => {
  it('backs up all three databases and restores each into a fresh database with the same rows', async () => {
    const before = Object.fromEntries(await Promise.all(DATABASE_KINDS.map(async (db) => [db, await contents(stack.dbUrls[db])] as const)));
    const backup = await npmScript('db:backup', ['--db', 'all']);
    expect(backup.stderr).toBe('');
    expect(backup.code).toBe(0);
    expect(backup.stdout).not.toMatch(/postgres:postgres@/);
    for (const db of DATABASE_KINDS) {
      expect(backup.stdout).toMatch(new RegExp(`\\[BACKUP\\] ${db}: backups/${db}/[0-9TZ-]+\\.dump \\d+ bytes sha256 [0-9a-f]{64}`));
      const [timestamp] = await listBackups(stack.internalStorage, db);
      const object = await stack.internalStorage.client.send(new GetObjectCommand({ Bucket: stack.internalStorage.bucket, Key: manifestKey(db, timestamp!) }));
      const manifest = JSON.parse(await object.Body!.transformToString()) as BackupManifest;
      expect(manifest).toMatchObject({
        format: 'vpg-backup/1',
        db,
        serverVersion: expect.stringMatching(/^\d+\.\d+/),
        sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(manifest.size).toBeGreaterThan(0);
      expect(manifest.rowCounts).toEqual(Object.fromEntries(Object.entries(before[db]!).map(([table, { rows }]) => [table, rows])));
      // The seed wrote rows: the comparison below is not between empty databases.
      expect(Object.values(manifest.rowCounts).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);

      const into = fresh(`restored_${db}`);
      const restore = await npmScript('db:restore', ['--db', db, '--from', 'latest', '--into', into]);
      expect(restore.stderr).toBe('');
      expect(restore.code).toBe(0);
      expect(restore.stdout).toContain(`restored into ${into}; every table's row count matches the manifest`);
      expect(await contents(onServer(stack.dbUrls[db], into))).toEqual(before[db]);
    }
  }, 300_000);

  it('refuses an existing target database unless forced', async () => {
    const into = fresh('restored_again');
    await backupDatabase({ db: 'labeler', url: stack.dbUrls.labeler, storage: stack.internalStorage });
    const first = await restoreDatabase({ db: 'labeler', serverUrl: stack.dbUrls.labeler, storage: stack.internalStorage, from: 'latest', into });
    expect(first.ok).toBe(true);
    const again = await npmScript('db:restore', ['--db', 'labeler', '--into', into]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain(`Database "${into}" already exists; restore into a new name, or pass --force`);
    const forced = await npmScript('db:restore', ['--db', 'labeler', '--into', into, '--force']);
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    expect(await contents(onServer(stack.dbUrls.labeler, into))).toEqual(await contents(stack.dbUrls.labeler));
  }, 180_000);

  it('keeps the newest N backups and deletes older dumps with their manifests', async () => {
    const times = ['2026-01-01T00:00:00.000Z', '2026-01-02T00:00:00.000Z', '2026-01-03T00:00:00.000Z'].map((iso) => new Date(iso));
    for (const now of times) await backupDatabase({ db: 'platform', url: stack.dbUrls.platform, storage: stack.internalStorage, now });
    const all = await listBackups(stack.internalStorage, 'platform');
    expect(all.slice(0, 3)).toEqual(['2026-01-01T00-00-00-000Z', '2026-01-02T00-00-00-000Z', '2026-01-03T00-00-00-000Z']);
    const newest = all[all.length - 1]!;

    const deleted = await applyRetention(stack.internalStorage, 'platform', 2);
    expect(deleted).toEqual(all.slice(0, all.length - 2));
    expect(await listBackups(stack.internalStorage, 'platform')).toEqual(all.slice(-2));

    const cli = await npmScript('db:backup', ['--db', 'platform', '--keep', '1']);
    expect(cli.code).toBe(0);
    const [kept] = await listBackups(stack.internalStorage, 'platform');
    expect(kept! > newest).toBe(true);
    expect(await objectKeys('backups/platform/')).toEqual([`backups/platform/${kept}.dump`, `backups/platform/${kept}.json`]);
    expect(cli.stdout).toContain(`platform: keeping the newest 1; deleted ${all.slice(-2).join(', ')}`);
  }, 180_000);

  it('refuses a dump whose SHA-256 differs from its manifest, and reports row counts that differ', async () => {
    const manifest = await backupDatabase({ db: 'users', url: stack.dbUrls.users, storage: stack.internalStorage, now: new Date('2030-01-01T00:00:00Z') });
    const object = await stack.internalStorage.client.send(new GetObjectCommand({ Bucket: stack.internalStorage.bucket, Key: manifest.key }));
    const bytes = Buffer.from(await object.Body!.transformToByteArray());
    const middle = Math.floor(bytes.length / 2);
    bytes[middle] = bytes[middle]! ^ 0xff;
    await stack.internalStorage.client.send(new PutObjectCommand({ Bucket: stack.internalStorage.bucket, Key: manifest.key, Body: bytes }));

    const into = fresh('restored_corrupt');
    await expect(
      restoreDatabase({ db: 'users', serverUrl: stack.dbUrls.users, storage: stack.internalStorage, from: manifest.timestamp, into }),
    ).rejects.toThrow(BackupIntegrityError);
    const cli = await npmScript('db:restore', ['--db', 'users', '--from', manifest.timestamp, '--into', into]);
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain(`Refusing ${manifest.key}: it is not the dump its manifest describes`);
    // Nothing was created for the refused dump.
    expect(await query(stack.dbUrls.users, 'select 1 from pg_database where datname = $1', [into])).toHaveLength(0);

    // A manifest whose counts the restored database does not have: exit 1, the table named.
    const good = await backupDatabase({ db: 'users', url: stack.dbUrls.users, storage: stack.internalStorage, now: new Date('2030-01-02T00:00:00Z') });
    const tampered = { ...good, rowCounts: { ...good.rowCounts, 'public.users': good.rowCounts['public.users']! + 1 } };
    await stack.internalStorage.client.send(
      new PutObjectCommand({ Bucket: stack.internalStorage.bucket, Key: manifestKey('users', good.timestamp), Body: JSON.stringify(tampered) }),
    );
    const mismatch = await npmScript('db:restore', ['--db', 'users', '--from', good.timestamp, '--into', fresh('restored_counts')]);
    expect(mismatch.code).toBe(1);
    expect(mismatch.stdout).toMatch(/public\.users\s+backup\s+\d+\s+restored\s+\d+ ✗/);
    expect(mismatch.stderr).toContain('row counts differ from the manifest of 2030-01-02T00-00-00-000Z in public.users');
  }, 180_000);

  it('says which binaries it found when none matches the server version', async () => {
    await expect(findPgTool('pg_dump', { version: '99.1', major: 99 })).rejects.toThrow(
      /No pg_dump of PostgreSQL 99 found for the server \(99\.1\)\. Found only: .*\(\d+\.\d+\).*Run `npm run db:client:install`/,
    );
  });
});
