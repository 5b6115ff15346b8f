/**
 * What every bench shares: a throw-away PostgreSQL and S3 server in a temp folder, the in-process
 * stack on top of them, and a clean-up that runs on success, failure and Ctrl-C.
 * Loopback only; each bench's request loops are bounded by count and time.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPostgres } from '../lib/infra/postgres';
import { startS3Server } from '../lib/infra/s3-server';

export const say = (line: string) => process.stdout.write(`bench    │ ${line}\n`);

export interface BenchRun {
  /** Run `step` at clean-up, in reverse order of registration. */
  defer(step: () => Promise<void>): void;
  /** Start PostgreSQL and S3 for `startStack()` (lib/testing/infra.ts finds them through env). */
  startInfra(): Promise<void>;
  cleanUp(): Promise<void>;
}

export function createBenchRun(name: string): BenchRun {
  // The folder must be readable by the `postgres` user when we run as root (mkdtemp gives 700).
  const root = mkdtempSync(path.join(os.tmpdir(), `vpg-${name}-`));
  chmodSync(root, 0o755);
  const cleanups: Array<() => Promise<void>> = [async () => rmSync(root, { recursive: true, force: true })];
  const cleanUp = async () => {
    // Stopping PostgreSQL ends any connection a service still holds (57P01); that is expected here.
    process.on('uncaughtException', (error: Error & { code?: string }) => {
      if (error.code !== '57P01') throw error;
    });
    for (const step of cleanups.splice(0).reverse()) await step().catch((error: Error) => say(`cleanup: ${error.message}`));
  };
  process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));
  return {
    defer: (step) => void cleanups.push(step),
    cleanUp,
    startInfra: async () => {
      const postgres = await startPostgres({ dataDir: path.join(root, 'pg'), port: 0 });
      cleanups.push(() => postgres.stop());
      const s3 = await startS3Server({ directory: path.join(root, 's3'), port: 0, buckets: [] });
      cleanups.push(() => s3.stop());
      process.env.TEST_PG_ADMIN_URL = postgres.url('postgres');
      process.env.TEST_S3_ENDPOINT = s3.endpoint;
    },
  };
}
