/**
 * `npm run storage:conformance`: does the object store behind EXTERNAL_STORAGE_* refuse presigned
 * URLs that were edited after signing? Puts two objects, presigns a GET for the first the way the
 * services do (lib/s3.ts), then asks for it unchanged and with the key, the expiry, the date or
 * the signature edited. A production store (R2, MinIO, S3) answers 403 to every edited URL; the
 * local s3rver checks no signature and serves them, which is why this runs against the real store
 * before production. Exit code 0: every edited URL refused; 1: one was served; 2: the check could
 * not run (no store, unsigned URL refused, …).
 */
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { DeleteObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { EnvError, parseEnv, storageEnv, storageSettingsOf } from '../lib/env';
import { createStorage, type StorageSettings } from '../lib/s3';

export interface ConformanceCheck {
  name: string;
  /** What was asked of the store. */
  description: string;
  /** HTTP status the store answered. */
  status: number;
  /** For the edited URLs: the store refused it (any non-2xx answer). For the baseline: it served the object. */
  ok: boolean;
  /** For the edited URLs: the store answered with an object's bytes. */
  served: boolean;
}

export interface ConformanceReport {
  bucket: string;
  endpoint: string;
  /** The untouched presigned URL served the object (without it the other checks prove nothing). */
  baselineOk: boolean;
  checks: ConformanceCheck[];
  /** Edited URLs the store served. Empty: the store checks signatures. */
  servedTampered: string[];
}

/** Flip the last hex digit of a signature. */
const flipHex = (hex: string) => hex.slice(0, -1) + (hex.endsWith('0') ? '1' : '0');

export async function checkStorageConformance(settings: StorageSettings, opts: { expiresInSeconds?: number } = {}): Promise<ConformanceReport> {
  const storage = createStorage(settings);
  const run = `conformance/${Date.now()}-${randomBytes(4).toString('hex')}`;
  const keyA = `${run}/a.txt`;
  const keyB = `${run}/b.txt`;
  const bodyA = `object A ${randomBytes(8).toString('hex')}`;
  const bodyB = `object B ${randomBytes(8).toString('hex')}`;
  await storage.client.send(new PutObjectCommand({ Bucket: settings.bucket, Key: keyA, Body: bodyA, ContentType: 'text/plain' }));
  await storage.client.send(new PutObjectCommand({ Bucket: settings.bucket, Key: keyB, Body: bodyB, ContentType: 'text/plain' }));
  try {
    const expires = opts.expiresInSeconds ?? 60;
    const signed = new URL(await storage.presignGet(keyA, expires));
    const get = async (url: URL) => {
      const response = await fetch(url, { redirect: 'manual' });
      const text = await response.text();
      return { status: response.status, text };
    };

    const baseline = await get(signed);
    const baselineOk = baseline.status === 200 && baseline.text === bodyA;

    const edits: Array<{ name: string; description: string; url: URL }> = [];
    const withPath = new URL(signed);
    withPath.pathname = withPath.pathname.replace(/a\.txt$/, 'b.txt');
    edits.push({ name: 'key', description: `the key changed to another object (${keyB})`, url: withPath });

    const withExpiry = new URL(signed);
    withExpiry.searchParams.set('X-Amz-Expires', String(expires * 1000));
    edits.push({ name: 'expiry', description: `X-Amz-Expires raised from ${expires} to ${expires * 1000}`, url: withExpiry });

    const withDate = new URL(signed);
    const later = new Date(Date.now() + 3600_000)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    withDate.searchParams.set('X-Amz-Date', later);
    edits.push({ name: 'date', description: 'X-Amz-Date moved an hour later', url: withDate });

    const withSignature = new URL(signed);
    withSignature.searchParams.set('X-Amz-Signature', flipHex(signed.searchParams.get('X-Amz-Signature') ?? ''));
    edits.push({ name: 'signature', description: 'one hex digit of X-Amz-Signature changed', url: withSignature });

    const unsigned = new URL(signed);
    unsigned.search = '';
    edits.push({ name: 'unsigned', description: 'the query (credential and signature) removed', url: unsigned });

    const checks: ConformanceCheck[] = [
      { name: 'untampered', description: 'the presigned URL as issued', status: baseline.status, ok: baselineOk, served: baselineOk },
    ];
    for (const edit of edits) {
      const answer = await get(edit.url);
      const served = answer.status >= 200 && answer.status < 300 && (answer.text === bodyA || answer.text === bodyB);
      checks.push({ name: edit.name, description: edit.description, status: answer.status, ok: !served && answer.status >= 300, served });
    }
    return {
      bucket: settings.bucket,
      endpoint: settings.endpoint,
      baselineOk,
      checks,
      servedTampered: checks.filter((c) => c.name !== 'untampered' && !c.ok).map((c) => c.name),
    };
  } finally {
    for (const key of [keyA, keyB]) await storage.client.send(new DeleteObjectCommand({ Bucket: settings.bucket, Key: key })).catch(() => undefined);
  }
}

/** The dataset bucket's settings, read exactly as the services read them. */
export const conformanceSettingsFromEnv = (source: Record<string, string | undefined> = process.env): StorageSettings =>
  storageSettingsOf(parseEnv(storageEnv('EXTERNAL_STORAGE', 'vision-datasets'), source), 'EXTERNAL_STORAGE');

export function formatReport(report: ConformanceReport): string {
  const lines = [`storage conformance: ${report.endpoint} bucket ${report.bucket}`];
  for (const check of report.checks) {
    const verdict = check.name === 'untampered' ? (check.ok ? 'served (expected)' : 'NOT served') : check.ok ? 'refused' : 'SERVED';
    lines.push(`  ${check.ok ? '✓' : '✗'} ${check.name.padEnd(10)} ${String(check.status).padEnd(4)} ${verdict}: ${check.description}`);
  }
  if (!report.baselineOk) lines.push('✗ the untouched presigned URL was not served: check the endpoint, credentials and bucket');
  else if (report.servedTampered.length > 0)
    lines.push(`✗ this store serves edited presigned URLs (${report.servedTampered.join(', ')}): it does not check signatures; never use it in production`);
  else lines.push('✓ every edited presigned URL was refused');
  return lines.join('\n');
}

/** 0: conformant; 1: an edited URL was served; 2: the check could not run. */
export const exitCodeOf = (report: ConformanceReport) => (!report.baselineOk ? 2 : report.servedTampered.length > 0 ? 1 : 0);

async function main() {
  try {
    const report = await checkStorageConformance(conformanceSettingsFromEnv());
    process.stdout.write(`${formatReport(report)}\n`);
    process.exitCode = exitCodeOf(report);
  } catch (error) {
    const message = error instanceof EnvError ? error.message : error instanceof Error ? error.message : String(error);
    process.stderr.write(`✗ storage:conformance could not run: ${message}\n`);
    process.exitCode = 2;
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) await main();
