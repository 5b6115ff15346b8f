/**
 * Backups of the User, Platform and Labeler databases into the internal bucket, and restores.
 *
 * A backup is `pg_dump -Fc` streamed in parts to `backups/<db>/<timestamp>.dump` (S3 multipart
 * upload: memory holds one part, never the dump), with `backups/<db>/<timestamp>.json` beside it:
 * size, SHA-256, server and pg_dump versions, and the row count of every table. The counts are
 * taken in the same snapshot the dump reads (`pg_export_snapshot` + `pg_dump --snapshot`), so
 * they match the dump exactly even while the services write.
 *
 * A restore downloads the dump to a temporary file, refuses it when its size or SHA-256 differs
 * from the manifest, creates the target database (refusing an existing one unless forced), runs
 * `pg_restore` and compares every table's row count with the manifest.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import pg from 'pg';
import { withDatabase } from '../../lib/infra/postgres';
import type { Storage } from '../../lib/s3';
import { findPgTool, libpqConnection, serverInfo, type ServerInfo } from './pg-tools';

export const DATABASE_KINDS = ['users', 'platform', 'labeler'] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

export interface BackupManifest {
  format: 'vpg-backup/1';
  db: DatabaseKind;
  /** Name of the database that was dumped. */
  database: string;
  timestamp: string;
  createdAt: string;
  key: string;
  size: number;
  sha256: string;
  serverVersion: string;
  pgDumpVersion: string;
  /** `schema.table` → rows, in the dump's snapshot. */
  rowCounts: Record<string, number>;
}

const PREFIX = 'backups';
/** S3 multipart parts must be ≥ 5 MiB except the last; this is the memory a backup holds. */
const PART_SIZE = 8 * 1024 * 1024;

export const dumpKey = (db: DatabaseKind, timestamp: string) => `${PREFIX}/${db}/${timestamp}.dump`;
export const manifestKey = (db: DatabaseKind, timestamp: string) => `${PREFIX}/${db}/${timestamp}.json`;
/** Sortable and safe in a key: `2026-12-05T23-14-17-123Z`. */
export const timestampOf = (date: Date) => date.toISOString().replace(/[:.]/g, '-');

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return client;
}

/** Every ordinary table outside the system schemas, as `schema.table`. */
async function tablesOf(client: pg.Client): Promise<string[]> {
  const { rows } = await client.query<{ name: string }>(
    `select n.nspname || '.' || c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg_toast%'
     order by 1`,
  );
  return rows.map((row) => row.name);
}

export async function countRows(client: pg.Client): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of await tablesOf(client)) {
    const [schema, name] = [table.slice(0, table.indexOf('.')), table.slice(table.indexOf('.') + 1)];
    const { rows } = await client.query<{ n: string }>(`select count(*) as n from ${quoteIdent(schema)}.${quoteIdent(name)}`);
    counts[table] = Number(rows[0]!.n);
  }
  return counts;
}

/** Upload a stream in parts (one part in memory at a time); returns size and SHA-256 of what was sent. */
async function uploadStream(storage: Storage, key: string, body: Readable): Promise<{ size: number; sha256: string }> {
  const { UploadId } = await storage.client.send(
    new CreateMultipartUploadCommand({ Bucket: storage.bucket, Key: key, ContentType: 'application/octet-stream' }),
  );
  const hash = createHash('sha256');
  const parts: { ETag: string; PartNumber: number }[] = [];
  let size = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    const PartNumber = parts.length + 1;
    const { ETag } = await storage.client.send(
      new UploadPartCommand({ Bucket: storage.bucket, Key: key, UploadId, PartNumber, Body: Buffer.concat(pending, pendingBytes) }),
    );
    parts.push({ ETag: ETag!, PartNumber });
    pending = [];
    pendingBytes = 0;
  };
  try {
    for await (const chunk of body as AsyncIterable<Buffer>) {
      hash.update(chunk);
      size += chunk.length;
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (pendingBytes >= PART_SIZE) await flush();
    }
    if (pendingBytes > 0 || parts.length === 0) await flush();
    await storage.client.send(new CompleteMultipartUploadCommand({ Bucket: storage.bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }));
  } catch (error) {
    await storage.client.send(new AbortMultipartUploadCommand({ Bucket: storage.bucket, Key: key, UploadId })).catch(() => undefined);
    throw error;
  }
  return { size, sha256: hash.digest('hex') };
}

/** Run a tool, collecting stderr for the error message; resolves when it exits 0. */
function exited(child: ReturnType<typeof spawn>, what: string): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    if (stderr.length < 8000) stderr += chunk.toString();
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) =>
      code === 0 ? resolve() : reject(new Error(`${what} failed (${signal ?? `exit ${code}`}): ${stderr.trim() || 'no message'}`)),
    );
  });
}

export interface BackupOptions {
  db: DatabaseKind;
  url: string;
  storage: Storage;
  now?: Date;
  log?: (line: string) => void;
}

export async function backupDatabase({ db, url, storage, now = new Date(), log = () => undefined }: BackupOptions): Promise<BackupManifest> {
  const client = await connect(url);
  try {
    const server = await serverInfo(client);
    const pgDump = await findPgTool('pg_dump', server);
    // One snapshot for the counts and the dump.
    await client.query('begin isolation level repeatable read read only');
    const { rows } = await client.query<{ snapshot: string; database: string }>('select pg_export_snapshot() as snapshot, current_database() as database');
    const { snapshot, database } = rows[0]!;
    const rowCounts = await countRows(client);
    const timestamp = timestampOf(now);
    const key = dumpKey(db, timestamp);
    log(`${db}: pg_dump ${pgDump.version} (${pgDump.path}) of ${database} on PostgreSQL ${server.version} → ${key}`);
    const { dbname, env } = libpqConnection(url);
    const child = spawn(pgDump.path, ['--format=custom', `--snapshot=${snapshot}`, '--no-password', `--dbname=${dbname}`], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const done = exited(child, 'pg_dump');
    let uploaded: { size: number; sha256: string };
    try {
      [uploaded] = await Promise.all([uploadStream(storage, key, child.stdout!), done]);
    } catch (error) {
      child.kill();
      // A dump cut short must not stay behind looking like a backup.
      await storage.client.send(new DeleteObjectCommand({ Bucket: storage.bucket, Key: key })).catch(() => undefined);
      throw error;
    } finally {
      await client.query('commit').catch(() => undefined);
    }
    const manifest: BackupManifest = {
      format: 'vpg-backup/1',
      db,
      database,
      timestamp,
      createdAt: now.toISOString(),
      key,
      size: uploaded.size,
      sha256: uploaded.sha256,
      serverVersion: server.version,
      pgDumpVersion: pgDump.version,
      rowCounts,
    };
    await storage.client.send(
      new PutObjectCommand({
        Bucket: storage.bucket,
        Key: manifestKey(db, timestamp),
        Body: JSON.stringify(manifest, null, 2),
        ContentType: 'application/json',
      }),
    );
    return manifest;
  } finally {
    await client.end();
  }
}

/** Timestamps of the backups of one database that have a manifest, oldest first. */
export async function listBackups(storage: Storage, db: DatabaseKind): Promise<string[]> {
  const timestamps: string[] = [];
  let ContinuationToken: string | undefined;
  do {
    const page = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: `${PREFIX}/${db}/`, ContinuationToken }));
    for (const object of page.Contents ?? []) {
      const match = /\/([^/]+)\.json$/.exec(object.Key ?? '');
      if (match) timestamps.push(match[1]!);
    }
    ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (ContinuationToken);
  return timestamps.sort();
}

/** Delete the oldest backups beyond `keep` (dump and manifest together); returns the deleted timestamps. */
export async function applyRetention(storage: Storage, db: DatabaseKind, keep: number): Promise<string[]> {
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`--keep must be a whole number ≥ 1 (got ${keep}).`);
  const all = await listBackups(storage, db);
  const doomed = all.slice(0, Math.max(0, all.length - keep));
  if (doomed.length > 0) {
    const Objects = doomed.flatMap((timestamp) => [{ Key: dumpKey(db, timestamp) }, { Key: manifestKey(db, timestamp) }]);
    const result = await storage.client.send(new DeleteObjectsCommand({ Bucket: storage.bucket, Delete: { Objects, Quiet: true } }));
    if (result.Errors?.length) throw new Error(`Could not delete ${result.Errors.map((e) => `${e.Key} (${e.Message})`).join(', ')}`);
  }
  return doomed;
}

export async function readManifest(storage: Storage, db: DatabaseKind, from: string): Promise<BackupManifest> {
  let timestamp = from;
  if (from === 'latest') {
    const all = await listBackups(storage, db);
    if (all.length === 0) throw new Error(`No backup of the ${db} database in bucket ${storage.bucket} under ${PREFIX}/${db}/.`);
    timestamp = all[all.length - 1]!;
  }
  try {
    const object = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: manifestKey(db, timestamp) }));
    return JSON.parse(await object.Body!.transformToString()) as BackupManifest;
  } catch (error) {
    if ((error as { name?: string }).name === 'NoSuchKey')
      throw new Error(`No backup ${timestamp} of the ${db} database (${manifestKey(db, timestamp)} is missing).`, { cause: error });
    throw error;
  }
}

export interface RestoreOptions {
  db: DatabaseKind;
  /** Any database on the target server (its URL with the database part replaced by `into`). */
  serverUrl: string;
  storage: Storage;
  from: string;
  into: string;
  /** Restore into an existing database (objects of the dump are dropped first). */
  force?: boolean;
  log?: (line: string) => void;
}

export interface TableCheck {
  table: string;
  expected: number;
  actual: number | null;
}

export interface RestoreResult {
  manifest: BackupManifest;
  url: string;
  checks: TableCheck[];
  ok: boolean;
}

export class BackupIntegrityError extends Error {}

export async function restoreDatabase({ db, serverUrl, storage, from, into, force = false, log = () => undefined }: RestoreOptions): Promise<RestoreResult> {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(into)) throw new Error(`--into "${into}": use lowercase letters, digits and _ (a new database name).`);
  const manifest = await readManifest(storage, db, from);
  const admin = await connect(serverUrl);
  let server: ServerInfo;
  try {
    server = await serverInfo(admin);
    const backupMajor = Number(manifest.serverVersion.split('.')[0]);
    if (server.major < backupMajor) {
      throw new Error(
        `The backup comes from PostgreSQL ${manifest.serverVersion}; the target server is ${server.version}. Restore into a server of version ${backupMajor} or newer.`,
      );
    }
    if ((await admin.query('select 1 from pg_database where datname = $1', [into])).rowCount! > 0 && !force) {
      throw new Error(`Database "${into}" already exists; restore into a new name, or pass --force to restore over it.`);
    }
  } finally {
    await admin.end();
  }
  const pgRestore = await findPgTool('pg_restore', server);
  const url = withDatabase(serverUrl, into);

  const dir = await mkdtemp(path.join(os.tmpdir(), 'vpg-restore-'));
  try {
    // To disk (not memory), checked before anything is created.
    const file = path.join(dir, 'backup.dump');
    log(`${db}: downloading ${manifest.key} (${manifest.size} bytes)`);
    const object = await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: manifest.key }));
    const hash = createHash('sha256');
    const body = object.Body as Readable;
    body.on('data', (chunk: Buffer) => hash.update(chunk));
    await pipeline(body, createWriteStream(file));
    const sha256 = hash.digest('hex');
    const { size } = await stat(file);
    if (size !== manifest.size || sha256 !== manifest.sha256) {
      throw new BackupIntegrityError(
        `Refusing ${manifest.key}: it is not the dump its manifest describes (size ${size} vs ${manifest.size}, SHA-256 ${sha256.slice(0, 16)}… vs ${manifest.sha256.slice(0, 16)}…). Pick another backup with --from.`,
      );
    }
    const creator = await connect(serverUrl);
    try {
      if ((await creator.query('select 1 from pg_database where datname = $1', [into])).rowCount === 0)
        await creator.query(`create database ${quoteIdent(into)}`);
    } finally {
      await creator.end();
    }
    log(`${db}: pg_restore ${pgRestore.version} (${pgRestore.path}) into ${into}, SHA-256 checked`);
    const { dbname, env } = libpqConnection(url);
    const args = ['--no-owner', '--no-privileges', '--exit-on-error', '--no-password', `--dbname=${dbname}`];
    if (force) args.push('--clean', '--if-exists');
    const child = spawn(pgRestore.path, [...args, file], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    await exited(child, 'pg_restore');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }

  const client = await connect(url);
  let actual: Record<string, number>;
  try {
    actual = await countRows(client);
  } finally {
    await client.end();
  }
  const checks: TableCheck[] = Object.entries(manifest.rowCounts).map(([table, expected]) => ({ table, expected, actual: actual[table] ?? null }));
  return { manifest, url, checks, ok: checks.every((check) => check.actual === check.expected) };
}
