/**
 * `npm run storage:sync`: copies every object of one S3-compatible bucket (MinIO, R2, AWS S3,
 * s3rver) to another, then reads both sides again and compares them.
 *
 * - Streaming with flat memory: an object up to `--part-size-mb` is read into one buffer and put
 *   in one request; a larger one goes up as a multipart upload, one part in memory at a time.
 *   At most `--concurrency` objects are in flight, so memory stays under concurrency × part size.
 * - Every object it writes carries `x-amz-meta-sha256` (SHA-256 of its bytes) and
 *   `x-amz-meta-sync-source-etag` (the source's ETag). ETags are not compared across stores: a
 *   multipart upload's ETag depends on its part size, so the same bytes get different ETags on
 *   MinIO and R2. The source's own ETag only changes when the source object does.
 * - Resumable: an object appears on the target only once its upload completes, so a run killed
 *   at any point leaves complete objects or none (a store that keeps a torn PUT's bytes leaves a short
 *   object, which the next run sees by its size). Ctrl-C lets the requests in flight finish. The next run skips
 *   every target object of the same size whose recorded source ETag still matches, and copies
 *   the rest. A target object without that record (written by another tool) is hashed on both
 *   sides and skipped when the bytes match.
 * - Verification reads every object under the prefix from both stores, hashing as it streams,
 *   and compares size and SHA-256. A mismatched target object is deleted from the target, so
 *   the next run copies it again (the source is never written to).
 *
 * Exit code: 0 every object is on the target and matches; 1 an object is mismatched, missing or
 * failed to copy; 2 the sync could not run (bad flags, unreachable store, unknown bucket);
 * 130 interrupted (Ctrl-C or SIGTERM): run it again to resume.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { Readable } from 'node:stream';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
  UploadPartCommand,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';

export interface StoreSettings {
  endpoint: string;
  region: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Path-style URLs (`endpoint/bucket/key`); MinIO, R2 and s3rver accept them, AWS prefers virtual hosts. */
  pathStyle: boolean;
}

export interface SyncOptions {
  source: StoreSettings;
  target: StoreSettings;
  prefix: string;
  dryRun: boolean;
  concurrency: number;
  partSizeBytes: number;
  verify: boolean;
  /** How progress is shown: redrawn on one line (a terminal), plain lines, or not at all. */
  progress: 'tty' | 'lines' | 'off';
  /** Seconds between plain progress lines. */
  progressIntervalSeconds: number;
}

export interface SyncReport {
  source: string;
  target: string;
  prefix: string;
  dryRun: boolean;
  interrupted: boolean;
  /** Objects under the prefix in the source. */
  total: number;
  totalBytes: number;
  copied: number;
  copiedBytes: number;
  /** Of the copied objects, those uploaded in parts. */
  multipart: number;
  skipped: number;
  /** Copies that failed (after retries), with the reason. */
  failed: Array<{ key: string; reason: string }>;
  /** Verification: target objects whose size or SHA-256 differ from the source's (deleted from the target). */
  mismatched: Array<{ key: string; reason: string }>;
  /** Verification: source objects absent from the target. */
  missing: string[];
  /** Verification ran over every object. */
  verified: number;
  /** Objects under the prefix only the target has (left alone). */
  extra: number;
  seconds: number;
}

export class UsageError extends Error {}

const META_SHA256 = 'sha256';
const META_SOURCE_ETAG = 'sync-source-etag';
const MIB = 1024 * 1024;
/** S3's largest part count (its smallest part, 5 MiB, bounds --part-size-mb). */
const MAX_PARTS = 10_000;

export const describeStore = (s: StoreSettings) => `${s.endpoint.replace(/\/+$/, '')}/${s.bucket}`;

export function clientOf(settings: StoreSettings): S3Client {
  return new S3Client({
    endpoint: settings.endpoint,
    region: settings.region,
    credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
    forcePathStyle: settings.pathStyle,
    // As in lib/s3.ts: no aws-chunked bodies, which some S3 servers store verbatim.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 5,
  });
}

interface Listed {
  key: string;
  size: number;
  etag: string;
}

async function listAll(client: S3Client, bucket: string, prefix: string, signal: AbortSignal): Promise<Map<string, Listed>> {
  const objects = new Map<string, Listed>();
  let token: string | undefined;
  do {
    const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix || undefined, ContinuationToken: token }), {
      abortSignal: signal,
    });
    for (const o of page.Contents ?? []) {
      if (o.Key === undefined) continue;
      objects.set(o.Key, { key: o.Key, size: o.Size ?? 0, etag: o.ETag ?? '' });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return objects;
}

const bodyOf = (got: GetObjectCommandOutput) => got.Body as Readable;

/** SHA-256 and size of an object, read as a stream. */
async function hashObject(client: S3Client, bucket: string, key: string, signal: AbortSignal): Promise<{ sha256: string; size: number }> {
  const got = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: signal });
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of bodyOf(got)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

/** The stream cut into buffers of exactly `size` bytes (the last one shorter), one at a time. */
async function* chunksOf(stream: AsyncIterable<Buffer>, size: number): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  for await (const chunk of stream) {
    let rest = chunk;
    while (pendingBytes + rest.length >= size) {
      const take = size - pendingBytes;
      pending.push(rest.subarray(0, take));
      yield Buffer.concat(pending, size);
      pending = [];
      pendingBytes = 0;
      rest = rest.subarray(take);
    }
    if (rest.length > 0) {
      pending.push(rest);
      pendingBytes += rest.length;
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
}

/** The source object's headers that travel with it. */
function headersOf(got: GetObjectCommandOutput) {
  return {
    ContentType: got.ContentType,
    CacheControl: got.CacheControl,
    ContentDisposition: got.ContentDisposition,
    ContentEncoding: got.ContentEncoding,
    ContentLanguage: got.ContentLanguage,
  };
}

class Progress {
  private timer: NodeJS.Timeout | undefined;
  private lastLine = 0;
  private readonly started = Date.now();
  objects = 0;
  bytes = 0;
  constructor(
    private readonly mode: SyncOptions['progress'],
    private readonly intervalSeconds: number,
    private readonly phase: string,
    private readonly totalObjects: number,
    private readonly totalBytes: number,
  ) {
    if (mode === 'tty') this.timer = setInterval(() => this.draw(), 250);
    else if (mode === 'lines') this.timer = setInterval(() => this.draw(), intervalSeconds * 1000);
    this.timer?.unref();
  }
  add(bytes: number, objects = 0) {
    this.bytes += bytes;
    this.objects += objects;
  }
  line(): string {
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    const pct = this.totalBytes > 0 ? Math.min(100, (100 * this.bytes) / this.totalBytes) : 100;
    return (
      `${this.phase} ${this.objects}/${this.totalObjects} objects · ${mb(this.bytes)}/${mb(this.totalBytes)} MB (${pct.toFixed(0)}%)` +
      ` · ${(this.objects / seconds).toFixed(1)} objects/s · ${(this.bytes / MIB / seconds).toFixed(1)} MB/s`
    );
  }
  private draw() {
    if (this.mode === 'tty') process.stderr.write(`\r\x1b[2K${this.line()}`);
    else if (this.mode === 'lines') process.stderr.write(`${this.line()}\n`);
    this.lastLine = Date.now();
  }
  stop() {
    if (this.timer) clearInterval(this.timer);
    if (this.mode === 'off') return;
    if (this.mode === 'tty') process.stderr.write(`\r\x1b[2K${this.line()}\n`);
    else if (this.lastLine === 0 || this.objects > 0) process.stderr.write(`${this.line()}\n`);
  }
}

const mb = (bytes: number) => (bytes / MIB).toFixed(1);

/** Runs `work` over `items` with at most `limit` at once; stops taking new items once `signal` aborts. */
async function eachBounded<T>(items: T[], limit: number, signal: AbortSignal, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const runner = async () => {
    while (!signal.aborted && next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, runner));
}

const reasonOf = (error: unknown) =>
  error instanceof Error ? (error.name && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message) : String(error);

export async function syncStorage(opts: SyncOptions, signal: AbortSignal = new AbortController().signal): Promise<SyncReport> {
  const started = Date.now();
  const source = clientOf(opts.source);
  const target = clientOf(opts.target);
  const report: SyncReport = {
    source: describeStore(opts.source),
    target: describeStore(opts.target),
    prefix: opts.prefix,
    dryRun: opts.dryRun,
    interrupted: false,
    total: 0,
    totalBytes: 0,
    copied: 0,
    copiedBytes: 0,
    multipart: 0,
    skipped: 0,
    failed: [],
    mismatched: [],
    missing: [],
    verified: 0,
    extra: 0,
    seconds: 0,
  };
  try {
    for (const [name, client, settings] of [
      ['source', source, opts.source],
      ['target', target, opts.target],
    ] as const) {
      try {
        await client.send(new HeadBucketCommand({ Bucket: settings.bucket }), { abortSignal: signal });
      } catch (error) {
        throw new UsageError(`the ${name} bucket ${describeStore(settings)} does not answer: ${reasonOf(error)}`);
      }
    }
    const sourceObjects = await listAll(source, opts.source.bucket, opts.prefix, signal);
    const targetObjects = await listAll(target, opts.target.bucket, opts.prefix, signal);
    const keys = [...sourceObjects.keys()].sort();
    report.total = keys.length;
    report.totalBytes = keys.reduce((sum, key) => sum + sourceObjects.get(key)!.size, 0);
    report.extra = [...targetObjects.keys()].filter((key) => !sourceObjects.has(key)).length;

    // Which objects need copying: missing on the target, or of another size or source version.
    const toCopy: Listed[] = [];
    const undecided: Listed[] = [];
    await eachBounded(keys, opts.concurrency, signal, async (key) => {
      const src = sourceObjects.get(key)!;
      const dst = targetObjects.get(key);
      if (!dst || dst.size !== src.size) return void toCopy.push(src);
      try {
        const head = await target.send(new HeadObjectCommand({ Bucket: opts.target.bucket, Key: key }), { abortSignal: signal });
        const recorded = head.Metadata?.[META_SOURCE_ETAG];
        if (recorded === undefined || head.Metadata?.[META_SHA256] === undefined) undecided.push(src);
        else if (recorded === src.etag) report.skipped++;
        else toCopy.push(src);
      } catch {
        toCopy.push(src);
      }
    });
    // Target objects another tool wrote: equal bytes count as copied already.
    await eachBounded(undecided, opts.concurrency, signal, async (src) => {
      try {
        const [a, b] = await Promise.all([hashObject(source, opts.source.bucket, src.key, signal), hashObject(target, opts.target.bucket, src.key, signal)]);
        if (a.sha256 === b.sha256 && a.size === b.size) report.skipped++;
        else toCopy.push(src);
      } catch {
        toCopy.push(src);
      }
    });
    toCopy.sort((a, b) => (a.key < b.key ? -1 : 1));

    if (opts.dryRun) {
      report.copied = toCopy.length;
      report.copiedBytes = toCopy.reduce((sum, o) => sum + o.size, 0);
      report.missing = toCopy.filter((o) => !targetObjects.has(o.key)).map((o) => o.key);
      return report;
    }

    const copying = new Progress(
      opts.progress,
      opts.progressIntervalSeconds,
      'copy',
      toCopy.length,
      toCopy.reduce((sum, o) => sum + o.size, 0),
    );
    try {
      await eachBounded(toCopy, opts.concurrency, signal, async (src) => {
        try {
          await copyObject(source, target, opts, src, signal, (bytes) => copying.add(bytes));
          report.copied++;
          report.copiedBytes += src.size;
          if (src.size > opts.partSizeBytes) report.multipart++;
          copying.add(0, 1);
        } catch (error) {
          if (!signal.aborted) report.failed.push({ key: src.key, reason: reasonOf(error) });
        }
      });
    } finally {
      copying.stop();
    }
    if (signal.aborted || !opts.verify) return report;

    // Verification: both sides read again, hashed while streaming.
    const present = await listAll(target, opts.target.bucket, opts.prefix, signal);
    const checking = new Progress(opts.progress, opts.progressIntervalSeconds, 'verify', keys.length, report.totalBytes);
    const mismatched: SyncReport['mismatched'] = [];
    const missing: string[] = [];
    try {
      await eachBounded(keys, opts.concurrency, signal, async (key) => {
        if (!present.has(key)) {
          missing.push(key);
          checking.add(sourceObjects.get(key)!.size, 1);
          return;
        }
        try {
          const [a, b] = await Promise.all([hashObject(source, opts.source.bucket, key, signal), hashObject(target, opts.target.bucket, key, signal)]);
          checking.add(a.size, 1);
          report.verified++;
          if (a.size !== b.size) mismatched.push({ key, reason: `size ${b.size} on the target, ${a.size} on the source` });
          else if (a.sha256 !== b.sha256)
            mismatched.push({ key, reason: `SHA-256 ${b.sha256.slice(0, 12)}… on the target, ${a.sha256.slice(0, 12)}… on the source` });
          else return;
          // A bad copy goes, so the next run copies the object again.
          await target.send(new DeleteObjectCommand({ Bucket: opts.target.bucket, Key: key })).catch(() => undefined);
        } catch (error) {
          if (!signal.aborted) mismatched.push({ key, reason: `could not be read: ${reasonOf(error)}` });
        }
      });
    } finally {
      checking.stop();
    }
    report.mismatched = mismatched.sort((a, b) => (a.key < b.key ? -1 : 1));
    report.missing = missing.sort();
    return report;
  } finally {
    report.interrupted = signal.aborted;
    report.seconds = (Date.now() - started) / 1000;
    source.destroy();
    target.destroy();
  }
}

/** One object: a single PUT up to the part size, a multipart upload above it. */
async function copyObject(
  source: S3Client,
  target: S3Client,
  opts: SyncOptions,
  src: Listed,
  signal: AbortSignal,
  onBytes: (bytes: number) => void,
): Promise<void> {
  const Bucket = opts.target.bucket;
  const Key = src.key;
  if (src.size <= opts.partSizeBytes) {
    const got = await source.send(new GetObjectCommand({ Bucket: opts.source.bucket, Key }), { abortSignal: signal });
    const chunks: Buffer[] = [];
    for await (const chunk of bodyOf(got)) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const sha256 = createHash('sha256').update(body).digest('hex');
    if (signal.aborted) throw new Error('interrupted');
    // Not aborted half-way on Ctrl-C: some stores keep what a torn PUT sent. It is one part at most.
    await target.send(
      new PutObjectCommand({
        Bucket,
        Key,
        Body: body,
        ContentLength: body.length,
        ...headersOf(got),
        Metadata: { ...got.Metadata, [META_SHA256]: sha256, [META_SOURCE_ETAG]: got.ETag ?? src.etag },
      }),
    );
    onBytes(body.length);
    return;
  }

  // Metadata is fixed when the upload starts, so the SHA-256 is known first: recorded on the
  // source object, or read once more. The upload's own stream is hashed again and the upload
  // abandoned if the two differ (the object changed in between).
  const head = await source.send(new HeadObjectCommand({ Bucket: opts.source.bucket, Key }), { abortSignal: signal });
  const expected = head.Metadata?.[META_SHA256] ?? (await hashObject(source, opts.source.bucket, Key, signal)).sha256;
  const partSize = Math.max(opts.partSizeBytes, Math.ceil(src.size / MAX_PARTS));
  const got = await source.send(new GetObjectCommand({ Bucket: opts.source.bucket, Key }), { abortSignal: signal });
  const created = await target.send(
    new CreateMultipartUploadCommand({
      Bucket,
      Key,
      ...headersOf(got),
      Metadata: { ...got.Metadata, [META_SHA256]: expected, [META_SOURCE_ETAG]: got.ETag ?? src.etag },
    }),
  );
  const UploadId = created.UploadId!;
  try {
    const hash = createHash('sha256');
    const parts: Array<{ ETag: string; PartNumber: number }> = [];
    for await (const part of chunksOf(bodyOf(got) as AsyncIterable<Buffer>, partSize)) {
      hash.update(part);
      // Ctrl-C abandons the upload between parts, never half-way through one.
      if (signal.aborted) throw new Error('interrupted');
      const PartNumber = parts.length + 1;
      const uploaded = await target.send(new UploadPartCommand({ Bucket, Key, UploadId, PartNumber, Body: part, ContentLength: part.length }));
      parts.push({ ETag: uploaded.ETag!, PartNumber });
      onBytes(part.length);
    }
    const actual = hash.digest('hex');
    if (actual !== expected)
      throw new Error(`the source object changed while it was copied (SHA-256 ${actual.slice(0, 12)}…, expected ${expected.slice(0, 12)}…)`);
    await target.send(new CompleteMultipartUploadCommand({ Bucket, Key, UploadId, MultipartUpload: { Parts: parts } }));
  } catch (error) {
    await target.send(new AbortMultipartUploadCommand({ Bucket, Key, UploadId })).catch(() => undefined);
    throw error;
  }
}

export function formatReport(report: SyncReport): string {
  const lines = [`storage sync ${report.source} → ${report.target}${report.prefix ? ` (prefix ${report.prefix})` : ''}`];
  const size = `${mb(report.totalBytes)} MB`;
  if (report.dryRun) {
    lines.push(`  source objects: ${report.total} (${size})`);
    lines.push(`  would copy:     ${report.copied} (${mb(report.copiedBytes)} MB), of them missing on the target: ${report.missing.length}`);
    lines.push(`  would skip:     ${report.skipped} (already on the target)`);
    lines.push('dry run: nothing was written');
    return lines.join('\n');
  }
  const rate = report.seconds > 0 ? ` in ${report.seconds.toFixed(1)} s (${(report.copiedBytes / MIB / report.seconds).toFixed(1)} MB/s)` : '';
  lines.push(`  source objects: ${report.total} (${size})`);
  const parts = report.multipart > 0 ? `, ${report.multipart} of them in parts` : '';
  lines.push(`  copied:         ${report.copied} (${mb(report.copiedBytes)} MB${parts})${rate}`);
  lines.push(`  skipped:        ${report.skipped} (already on the target)`);
  if (report.failed.length > 0) lines.push(`  failed:         ${report.failed.length}`);
  lines.push(`  verified:       ${report.verified}`);
  lines.push(`  mismatched:     ${report.mismatched.length}`);
  lines.push(`  missing:        ${report.missing.length}`);
  if (report.extra > 0) lines.push(`  only on target: ${report.extra} (left alone)`);
  const listed = (title: string, items: string[]) => {
    for (const item of items.slice(0, 20)) lines.push(`  ${title} ${item}`);
    if (items.length > 20) lines.push(`  … and ${items.length - 20} more ${title.replace(/:$/, '')}`);
  };
  listed(
    'failed:',
    report.failed.map((f) => `${f.key}: ${f.reason}`),
  );
  listed(
    'mismatched:',
    report.mismatched.map((m) => `${m.key}: ${m.reason} (deleted from the target; the next run copies it again)`),
  );
  listed('missing:', report.missing);
  if (report.interrupted) lines.push('✗ interrupted: run the same command again to copy the rest');
  else if (exitCodeOf(report) !== 0) lines.push('✗ the target does not match the source: run the same command again to repair it');
  else if (report.verified === report.total) lines.push('✓ every object is on the target with the same size and SHA-256');
  else lines.push('✓ copied (not verified)');
  return lines.join('\n');
}

export const exitCodeOf = (report: SyncReport) =>
  report.interrupted ? 130 : report.failed.length + report.mismatched.length + (report.dryRun ? 0 : report.missing.length) > 0 ? 1 : 0;

const STORE_FLAGS = ['endpoint', 'region', 'bucket', 'access-key', 'secret-key', 'path-style'] as const;
const envName = (side: 'source' | 'target', flag: (typeof STORE_FLAGS)[number]) => `SYNC_${side.toUpperCase()}_${flag.toUpperCase().replace(/-/g, '_')}`;

export const USAGE = `usage: npm run storage:sync -- [options]
  --source-endpoint URL    --target-endpoint URL     S3 API endpoint (env SYNC_SOURCE_ENDPOINT, SYNC_TARGET_ENDPOINT)
  --source-bucket NAME     --target-bucket NAME      (env SYNC_SOURCE_BUCKET, SYNC_TARGET_BUCKET)
  --source-access-key ID   --target-access-key ID    (env SYNC_SOURCE_ACCESS_KEY, SYNC_TARGET_ACCESS_KEY)
  --source-secret-key KEY  --target-secret-key KEY   (env SYNC_SOURCE_SECRET_KEY, SYNC_TARGET_SECRET_KEY; prefer the env)
  --source-region NAME     --target-region NAME      default us-east-1 (R2: auto)
  --source-path-style BOOL --target-path-style BOOL  default true; false for virtual-hosted AWS buckets
  --prefix P               only keys starting with P
  --dry-run                list what would be copied; write nothing
  --concurrency N          objects in flight (default 8, 1–64)
  --part-size-mb N         multipart part size and single-PUT limit (default 16, at least 5)
  --no-verify              skip reading both sides again after copying
  --progress MODE          auto (default: redrawn line on a terminal, plain lines otherwise), lines, off
  --progress-interval S    seconds between plain progress lines (default 5)`;

const positiveInt = (name: string, raw: string, min: number, max: number) => {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
  return n;
};

const bool = (name: string, raw: string) => {
  if (/^(true|1|yes)$/i.test(raw)) return true;
  if (/^(false|0|no)$/i.test(raw)) return false;
  throw new UsageError(`${name} must be true or false, got "${raw}"`);
};

/** Options from the command line, then `SYNC_SOURCE_*` / `SYNC_TARGET_*`. Throws UsageError naming what is wrong. */
export function optionsOf(argv: string[], env: Record<string, string | undefined> = process.env, isTTY = false): SyncOptions {
  const storeOptions = Object.fromEntries(
    (['source', 'target'] as const).flatMap((side) => STORE_FLAGS.map((flag) => [`${side}-${flag}`, { type: 'string' as const }])),
  );
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        ...storeOptions,
        prefix: { type: 'string' },
        'dry-run': { type: 'boolean' },
        concurrency: { type: 'string' },
        'part-size-mb': { type: 'string' },
        'no-verify': { type: 'boolean' },
        progress: { type: 'string' },
        'progress-interval': { type: 'string' },
        help: { type: 'boolean' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify.*$/s, ''));
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help) throw new UsageError('help');
  const store = (side: 'source' | 'target'): StoreSettings => {
    const get = (flag: (typeof STORE_FLAGS)[number]) => (values[`${side}-${flag}`] as string | undefined) ?? env[envName(side, flag)];
    const required = (flag: (typeof STORE_FLAGS)[number]) => {
      const value = get(flag);
      if (!value) throw new UsageError(`the ${side} ${flag.replace('-', ' ')} is missing: pass --${side}-${flag} or set ${envName(side, flag)}`);
      return value;
    };
    const endpoint = required('endpoint');
    try {
      if (!/^https?:$/.test(new URL(endpoint).protocol)) throw new Error();
    } catch {
      throw new UsageError(`--${side}-endpoint must be an http(s) URL, got "${endpoint}"`);
    }
    return {
      endpoint,
      bucket: required('bucket'),
      accessKeyId: required('access-key'),
      secretAccessKey: required('secret-key'),
      region: get('region') || 'us-east-1',
      pathStyle: bool(`--${side}-path-style`, get('path-style') ?? 'true'),
    };
  };
  const source = store('source');
  const target = store('target');
  if (source.endpoint.replace(/\/+$/, '') === target.endpoint.replace(/\/+$/, '') && source.bucket === target.bucket)
    throw new UsageError('the source and the target are the same bucket');
  const progressFlag = (values.progress as string | undefined) ?? 'auto';
  if (!['auto', 'lines', 'off'].includes(progressFlag)) throw new UsageError(`--progress must be auto, lines or off, got "${progressFlag}"`);
  return {
    source,
    target,
    prefix: (values.prefix as string | undefined) ?? '',
    dryRun: values['dry-run'] === true,
    concurrency: positiveInt('concurrency', (values.concurrency as string | undefined) ?? '8', 1, 64),
    partSizeBytes: positiveInt('part-size-mb', (values['part-size-mb'] as string | undefined) ?? '16', 5, 5 * 1024) * MIB,
    verify: values['no-verify'] !== true,
    progress: progressFlag === 'auto' ? (isTTY ? 'tty' : 'lines') : (progressFlag as 'lines' | 'off'),
    progressIntervalSeconds: positiveInt('progress-interval', (values['progress-interval'] as string | undefined) ?? '5', 1, 3600),
  };
}

async function main() {
  let opts: SyncOptions;
  try {
    opts = optionsOf(process.argv.slice(2), process.env, process.stderr.isTTY === true);
  } catch (error) {
    if (error instanceof UsageError && error.message === 'help') {
      process.stdout.write(`${USAGE}\n`);
      return;
    }
    process.stderr.write(`✗ storage:sync: ${(error as Error).message}\n${USAGE}\n`);
    process.exitCode = 2;
    return;
  }
  const controller = new AbortController();
  const interrupt = (signal: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(
      `\n${signal}: stopping (requests in flight finish, multipart uploads are abandoned at the next part; run again to resume; ${signal} again to quit at once)\n`,
    );
    controller.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  process.stderr.write(`storage:sync ${describeStore(opts.source)} → ${describeStore(opts.target)}${opts.dryRun ? ' (dry run)' : ''}\n`);
  try {
    const report = await syncStorage(opts, controller.signal);
    process.stdout.write(`${formatReport(report)}\n`);
    process.exitCode = exitCodeOf(report);
  } catch (error) {
    if (controller.signal.aborted) {
      process.stderr.write('✗ interrupted before copying started\n');
      process.exitCode = 130;
    } else {
      process.stderr.write(`✗ storage:sync could not run: ${reasonOf(error)}\n`);
      process.exitCode = 2;
    }
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) await main();
