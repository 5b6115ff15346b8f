/**
 * What every bench shares: a throw-away PostgreSQL and S3 server in a temp folder, the in-process
 * stack on top of them, and a clean-up that runs on success, failure and Ctrl-C.
 * Loopback only; each bench's request loops are bounded by count and time.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from '../lib/infra/postgres';
import { startS3Server, startS3ServerProcess } from '../lib/infra/s3-server';
import type { Stack, StackOptions } from '../test/harness/stack';
import type { LabelerStats } from '../labeler/server';
import { forkIpcChild } from './bench-ipc';
import type { StackChildAsk, StackChildReady } from './bench-stack.child';

export const say = (line: string) => process.stdout.write(`bench    │ ${line}\n`);

/** Run a bench's `main` and exit: 0 when it finished, 1 (with the error printed) when it failed. */
export function exitWhenDone(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}

export interface BenchRun {
  /** Run `step` at clean-up, in reverse order of registration. */
  defer(step: () => Promise<void>): void;
  /**
   * Start PostgreSQL and S3 for `startStack()` (test/harness/infra.ts finds them through env), both
   * at once; whichever started is stopped at clean-up even if the other failed. `s3: 'process'`
   * runs s3rver in a child process, as a real S3 never shares the services' event loop and CPU.
   * Returns a line saying where S3 runs, for the bench's setup line.
   */
  startInfra(opts?: { s3?: 'process' | 'in-process' }): Promise<string>;
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
  // Ctrl-C and `kill` alike: PostgreSQL and S3 run as children and would outlive this process.
  process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));
  process.once('SIGTERM', () => void cleanUp().then(() => process.exit(143)));
  return {
    defer: (step) => void cleanups.push(step),
    cleanUp,
    startInfra: async ({ s3: where = 'in-process' } = {}) => {
      const s3Options = { directory: path.join(root, 's3'), port: 0, buckets: [] };
      const [postgres, s3] = await Promise.allSettled([
        startPostgres({ dataDir: path.join(root, 'pg'), port: 0 }),
        where === 'process' ? startS3ServerProcess(s3Options) : startS3Server(s3Options).then((handle) => ({ ...handle, pid: process.pid })),
      ]);
      for (const server of [postgres, s3]) if (server.status === 'fulfilled') cleanups.push(() => server.value.stop());
      if (postgres.status === 'rejected') throw postgres.reason;
      if (s3.status === 'rejected') throw s3.reason;
      process.env.TEST_PG_ADMIN_URL = postgres.value.url('postgres');
      process.env.TEST_S3_ENDPOINT = s3.value.endpoint;
      return where === 'process' ? `s3rver in a child process (pid ${s3.value.pid})` : 's3rver in this process (shares the event loop)';
    },
  };
}

/** What a bench needs of the stack when the stack runs in another process (`startStackProcess`). */
export interface StackProcess extends Pick<Stack, 'graphqlUrl' | 'gatewayUrl' | 'urls' | 'dbUrls' | 'userIds' | 'datasetIds' | 'labelerServiceKey'> {
  pid: number;
  /** The Labeler's counters, read from the child at this moment. */
  labelerStats(): Promise<LabelerStats>;
  login(email: string): Promise<string>;
  close(): Promise<void>;
}

const STACK_CHILD = fileURLToPath(new URL('./bench-stack.child.ts', import.meta.url));

/**
 * `startStack(opts)` in a child Node process (call `startInfra()` first: the child inherits its
 * PostgreSQL and S3 through the environment). The load generator and the services then no
 * longer share one event loop and one core, as in production where clients are elsewhere.
 */
export async function startStackProcess(run: BenchRun, opts: StackOptions): Promise<StackProcess> {
  const child = await forkIpcChild<StackChildReady, StackChildAsk>(STACK_CHILD, [JSON.stringify(opts)]);
  run.defer(child.close);
  return {
    ...child.ready.stack,
    pid: child.pid,
    labelerStats: () => child.ask<LabelerStats>({ type: 'stats' }),
    login: (email) => child.ask<string>({ type: 'login', email }),
    close: child.close,
  };
}
