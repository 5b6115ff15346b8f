import { describe, expect, it } from '@jest/globals';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createTestBucket } from '../test/harness/infra';
import { checkStorageConformance, conformanceSettingsFromEnv, exitCodeOf, formatReport } from './storage-conformance';

const SCRIPT = fileURLToPath(new URL('./storage-conformance.ts', import.meta.url));

describe('storage conformance check (npm run storage:conformance)', () => {
  it('detects that the local s3rver serves edited presigned URLs, while the untouched one works', async () => {
    const { settings, storage } = await createTestBucket('conformance');
    const report = await checkStorageConformance(settings);
    expect(report.baselineOk).toBe(true);
    const byName = Object.fromEntries(report.checks.map((c) => [c.name, c]));
    expect(byName.untampered).toMatchObject({ status: 200, ok: true });
    // s3rver checks no signature: an URL edited to another key reads that key.
    expect(byName.key).toMatchObject({ status: 200, served: true, ok: false });
    expect(byName.signature).toMatchObject({ status: 200, served: true, ok: false });
    expect(report.servedTampered).toEqual(expect.arrayContaining(['key', 'signature']));
    expect(exitCodeOf(report)).toBe(1);
    expect(formatReport(report)).toContain('does not check signatures');
    // The objects it wrote are gone again.
    const { ListObjectsV2Command } = await import('@aws-sdk/client-s3');
    const listed = await storage.client.send(new ListObjectsV2Command({ Bucket: settings.bucket }));
    expect(listed.KeyCount ?? 0).toBe(0);
  });

  it('passes a store that refuses every edited URL, and cannot pass one that refuses the untouched URL', () => {
    const check = (name: string, status: number, ok: boolean) => ({ name, description: name, status, ok, served: name === 'untampered' && ok });
    const refusing = ['key', 'expiry', 'date', 'signature', 'unsigned'].map((name) => check(name, 403, true));
    const conformant = { bucket: 'b', endpoint: 'e', baselineOk: true, checks: [check('untampered', 200, true), ...refusing], servedTampered: [] };
    expect(exitCodeOf(conformant)).toBe(0);
    expect(formatReport(conformant)).toContain('✓ every edited presigned URL was refused');
    const broken = { ...conformant, baselineOk: false, checks: [check('untampered', 403, false), ...refusing] };
    expect(exitCodeOf(broken)).toBe(2);
  });

  it("reads the store from the services' EXTERNAL_STORAGE_* settings", () => {
    expect(
      conformanceSettingsFromEnv({
        EXTERNAL_STORAGE_ENDPOINT: 'http://minio.internal:9000',
        EXTERNAL_STORAGE_ACCESS_KEY: 'key',
        EXTERNAL_STORAGE_SECRET_KEY: 'secret',
        EXTERNAL_STORAGE_BUCKET: 'b',
      }),
    ).toEqual({ endpoint: 'http://minio.internal:9000', region: 'us-east-1', accessKeyId: 'key', secretAccessKey: 'secret', bucket: 'b' });
  });

  it('exits 1 as a command when the store serves an edited URL, 2 when it cannot reach the store', async () => {
    const { settings } = await createTestBucket('conformance-cli');
    const env = {
      ...process.env,
      EXTERNAL_STORAGE_ENDPOINT: settings.endpoint,
      EXTERNAL_STORAGE_ACCESS_KEY: settings.accessKeyId,
      EXTERNAL_STORAGE_SECRET_KEY: settings.secretAccessKey,
      EXTERNAL_STORAGE_BUCKET: settings.bucket,
    };
    // Asynchronously: the test run's S3 server answers from this process.
    const run = (vars: NodeJS.ProcessEnv) =>
      new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
        execFile(
          process.execPath,
          ['--openssl-legacy-provider', '--import', 'tsx', SCRIPT],
          { env: vars, encoding: 'utf8', timeout: 60_000 },
          (error, stdout, stderr) => resolve({ status: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr }),
        );
      });
    const served = await run(env);
    expect(served.stdout).toMatch(/✓ untampered\s+200/);
    expect(served.stdout).toMatch(/✗ key\s+200\s+SERVED/);
    expect(served.status).toBe(1);
    const unreachable = await run({ ...env, EXTERNAL_STORAGE_ENDPOINT: 'http://127.0.0.1:1' });
    expect(unreachable.stderr).toContain('could not run');
    expect(unreachable.status).toBe(2);
  });
});
