import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand, GetObjectCommand, HeadObjectCommand, ListObjectsV2Command, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { startS3ServerProcess, type S3ServerHandle } from '../lib/infra/s3-server';
import { clientOf, optionsOf, UsageError, type StoreSettings } from './storage-sync';

const SCRIPT = fileURLToPath(new URL('./storage-sync.ts', import.meta.url));
const MIB = 1024 * 1024;

/** Two independent S3 servers, each in its own process, as a MinIO and an R2 would be. */
let directory: string;
let servers: S3ServerHandle[] = [];
let from: S3ServerHandle;
let to: S3ServerHandle;

beforeAll(async () => {
  directory = mkdtempSync(path.join(os.tmpdir(), 'vpg-sync-'));
  from = await startS3ServerProcess({ directory: path.join(directory, 'source'), port: 0, buckets: [] });
  servers.push(from);
  to = await startS3ServerProcess({ directory: path.join(directory, 'target'), port: 0, buckets: [] });
  servers.push(to);
}, 60_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  servers = [];
  rmSync(directory, { recursive: true, force: true });
});

const store = (server: S3ServerHandle, bucket: string): StoreSettings => ({
  endpoint: server.endpoint,
  region: 'us-east-1',
  bucket,
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
  pathStyle: true,
});

let bucketCount = 0;
/** A fresh bucket pair: the source filled with `objects`, the target empty. */
async function pair(objects: Record<string, Buffer>) {
  const name = `sync-${++bucketCount}`;
  const source = store(from, name);
  const target = store(to, `${name}-copy`);
  const src = clientOf(source);
  const dst = clientOf(target);
  await src.send(new CreateBucketCommand({ Bucket: source.bucket }));
  await dst.send(new CreateBucketCommand({ Bucket: target.bucket }));
  const entries = Object.entries(objects);
  for (let i = 0; i < entries.length; i += 16)
    await Promise.all(
      entries.slice(i, i + 16).map(([Key, Body]) => src.send(new PutObjectCommand({ Bucket: source.bucket, Key, Body, ContentType: 'image/png' }))),
    );
  const env = {
    SYNC_SOURCE_ENDPOINT: source.endpoint,
    SYNC_SOURCE_BUCKET: source.bucket,
    SYNC_SOURCE_ACCESS_KEY: 'S3RVER',
    SYNC_SOURCE_SECRET_KEY: 'S3RVER',
    SYNC_TARGET_ENDPOINT: target.endpoint,
    SYNC_TARGET_BUCKET: target.bucket,
    SYNC_TARGET_ACCESS_KEY: 'S3RVER',
    SYNC_TARGET_SECRET_KEY: 'S3RVER',
  };
  return { source, target, src, dst, env };
}

async function keysOf(client: S3Client, bucket: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys.sort();
}

const bytesOf = async (client: S3Client, bucket: string, key: string) =>
  Buffer.from(await (await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray());

interface Run {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
}

function start(args: string[], env: Record<string, string>): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT, '--progress', 'lines', '--progress-interval', '1', ...args], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const done = new Promise<Awaited<Run['done']>>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

const sync = (args: string[], env: Record<string, string>) => start(args, env).done;

/** The report's count on a line such as `  copied:         3 (0.1 MB)`. */
const count = (stdout: string, label: string) => Number(new RegExp(`^\\s+${label}:\\s+(\\d+)`, 'm').exec(stdout)?.[1] ?? NaN);

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('storage sync between two S3 servers (npm run storage:sync)', () => {
  it('copies every object (a multipart one included) with its headers and SHA-256, then a second run copies nothing', async () => {
    const large = randomBytes(11 * MIB + 123);
    const objects = { 'images/a.png': randomBytes(1000), 'images/b.png': randomBytes(70_000), 'models/large.bin': large, 'empty.txt': Buffer.alloc(0) };
    const { src, dst, target, env } = await pair(objects);

    const first = await sync(['--part-size-mb', '5', '--concurrency', '2'], env);
    expect(first.stderr).toMatch(/copy \d+\/4 objects · [\d.]+\/[\d.]+ MB \(\d+%\) · [\d.]+ objects\/s · [\d.]+ MB\/s/);
    expect(first.code).toBe(0);
    expect(count(first.stdout, 'copied')).toBe(4);
    expect(first.stdout).toMatch(/copied: +4 \(11\.1 MB, 1 of them in parts\)/);
    expect(count(first.stdout, 'verified')).toBe(4);
    expect(count(first.stdout, 'mismatched')).toBe(0);
    expect(count(first.stdout, 'missing')).toBe(0);
    expect(first.stdout).toContain('✓ every object is on the target with the same size and SHA-256');

    expect(await keysOf(dst, target.bucket)).toEqual(Object.keys(objects).sort());
    for (const [key, body] of Object.entries(objects)) expect(sha(await bytesOf(dst, target.bucket, key))).toBe(sha(body));
    const head = await dst.send(new HeadObjectCommand({ Bucket: target.bucket, Key: 'models/large.bin' }));
    expect(head.Metadata?.sha256).toBe(sha(large));
    expect(head.ContentType).toBe('image/png');

    const second = await sync([], env);
    expect(second.code).toBe(0);
    expect(count(second.stdout, 'copied')).toBe(0);
    expect(count(second.stdout, 'skipped')).toBe(4);
    expect(count(second.stdout, 'verified')).toBe(4);

    // A changed source object is copied again; the rest stays.
    const changed = randomBytes(1000);
    await src.send(new PutObjectCommand({ Bucket: `sync-${bucketCount}`, Key: 'images/a.png', Body: changed }));
    const third = await sync([], env);
    expect(third.code).toBe(0);
    expect(count(third.stdout, 'copied')).toBe(1);
    expect(count(third.stdout, 'skipped')).toBe(3);
    expect(sha(await bytesOf(dst, target.bucket, 'images/a.png'))).toBe(sha(changed));
  });

  it('copies only the prefix, and a dry run lists what it would copy and writes nothing', async () => {
    const { dst, target, env } = await pair({ 'images/1.png': randomBytes(500), 'images/2.png': randomBytes(500), 'other/3.png': randomBytes(500) });

    const dry = await sync(['--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/would copy:\s+3 .*missing on the target: 3/);
    expect(dry.stdout).toContain('dry run: nothing was written');
    expect(await keysOf(dst, target.bucket)).toEqual([]);

    const images = await sync(['--prefix', 'images/'], env);
    expect(images.code).toBe(0);
    expect(count(images.stdout, 'source objects')).toBe(2);
    expect(count(images.stdout, 'copied')).toBe(2);
    expect(await keysOf(dst, target.bucket)).toEqual(['images/1.png', 'images/2.png']);

    const dryRest = await sync(['--dry-run'], env);
    expect(dryRest.stdout).toMatch(/would copy:\s+1 .*missing on the target: 1/);
    expect(count(dryRest.stdout, 'would skip')).toBe(2);
    expect(await keysOf(dst, target.bucket)).toEqual(['images/1.png', 'images/2.png']);
  });

  it.each([['SIGKILL'], ['SIGINT']] as const)('resumes after a run is stopped with %s mid-copy', async (signal) => {
    const objects = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`frames/${String(i).padStart(4, '0')}.jpg`, randomBytes(40_000)]));
    const { dst, target, env } = await pair(objects);

    const run = start(['--concurrency', '1'], env);
    // Stopped once some, but not all, objects are on the target.
    for (let i = 0; i < 600; i++) {
      if ((await keysOf(dst, target.bucket)).length >= 5) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    run.child.kill(signal);
    const stopped = await run.done;
    const afterStop = await keysOf(dst, target.bucket);
    expect(afterStop.length).toBeGreaterThanOrEqual(5);
    expect(afterStop.length).toBeLessThan(300);
    if (signal === 'SIGINT') {
      expect(stopped.code).toBe(130);
      expect(stopped.stdout).toContain('interrupted: run the same command again');
    } else expect(stopped.signal).toBe('SIGKILL');
    const resumed = await sync(['--concurrency', '4'], env);
    expect(resumed.code).toBe(0);
    if (signal === 'SIGINT') {
      // Ctrl-C let the object in flight finish: everything on the target was whole.
      expect(count(resumed.stdout, 'skipped')).toBe(afterStop.length);
    } else {
      // A torn PUT may leave a short object on s3rver (real stores drop it); its size gives it away.
      expect(count(resumed.stdout, 'skipped')).toBeGreaterThanOrEqual(afterStop.length - 1);
    }
    expect(count(resumed.stdout, 'copied') + count(resumed.stdout, 'skipped')).toBe(300);
    expect(count(resumed.stdout, 'verified')).toBe(300);
    expect(await keysOf(dst, target.bucket)).toEqual(Object.keys(objects).sort());
  });

  it('detects a corrupted target object (exit 1) and the next run repairs it', async () => {
    const objects = { 'a.bin': randomBytes(2000), 'b.bin': randomBytes(2000) };
    const { dst, target, env } = await pair(objects);
    expect((await sync([], env)).code).toBe(0);

    // Same size, other bytes, the sync's own metadata kept: only reading the bytes shows it.
    const head = await dst.send(new HeadObjectCommand({ Bucket: target.bucket, Key: 'b.bin' }));
    const corrupt = Buffer.from(objects['b.bin']);
    corrupt[1000] = corrupt[1000]! ^ 0xff;
    await dst.send(new PutObjectCommand({ Bucket: target.bucket, Key: 'b.bin', Body: corrupt, Metadata: head.Metadata }));

    const detected = await sync([], env);
    expect(detected.code).toBe(1);
    expect(count(detected.stdout, 'mismatched')).toBe(1);
    expect(detected.stdout).toMatch(/mismatched: b\.bin: SHA-256 .* on the target/);
    expect(detected.stdout).toContain('✗ the target does not match the source');

    const repaired = await sync([], env);
    expect(repaired.code).toBe(0);
    expect(count(repaired.stdout, 'copied')).toBe(1);
    expect(count(repaired.stdout, 'mismatched')).toBe(0);
    expect(sha(await bytesOf(dst, target.bucket, 'b.bin'))).toBe(sha(objects['b.bin']));
  });

  it('refuses bad flags and missing settings with a clear message (exit 2)', async () => {
    const { env } = await pair({});
    const unknown = await sync(['--frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("Unknown option '--frobnicate'");
    expect(unknown.stderr).toContain('usage: npm run storage:sync');

    const zero = await sync(['--concurrency', '0'], env);
    expect(zero.code).toBe(2);
    expect(zero.stderr).toContain('--concurrency must be a whole number from 1 to 64, got "0"');

    const { SYNC_TARGET_BUCKET: _dropped, ...noTarget } = env;
    const missing = await sync([], noTarget);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('the target bucket is missing: pass --target-bucket or set SYNC_TARGET_BUCKET');

    const noBucket = await sync(['--target-bucket', 'no-such-bucket'], env);
    expect(noBucket.code).toBe(2);
    expect(noBucket.stderr).toMatch(/the target bucket .*no-such-bucket does not answer/);

    expect(() => optionsOf(['--source-path-style', 'maybe'], env)).toThrow(new UsageError('--source-path-style must be true or false, got "maybe"'));
    expect(() => optionsOf(['--part-size-mb', '4'], env)).toThrow(UsageError);
    expect(() => optionsOf([], { ...env, SYNC_TARGET_ENDPOINT: env.SYNC_SOURCE_ENDPOINT, SYNC_TARGET_BUCKET: env.SYNC_SOURCE_BUCKET })).toThrow(
      'the source and the target are the same bucket',
    );
    // Flags win over the environment; secrets never appear in what is printed.
    expect(optionsOf(['--source-bucket', 'other', '--source-region', 'auto'], env).source).toMatchObject({ bucket: 'other', region: 'auto' });
    expect(unknown.stderr + zero.stderr + missing.stderr).not.toContain('S3RVER');
  });
});
