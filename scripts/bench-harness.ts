/**
 * What every bench shares: a throw-away PostgreSQL and S3 server in a temp folder, the in-process
 * stack on top of them, and a clean-up that runs on success, failure and Ctrl-C.
 * Loopback only; each bench's request loops are bounded by count and time.
 */
import { fork } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startPostgres } from '../lib/infra/postgres';
import { startS3Server } from '../lib/infra/s3-server';
import type { Stack, StackOptions } from '../lib/testing/stack';
import type { LabelerStats } from '../labeler/server';
import type { StackChildAnswer, StackChildAsk, StackChildReady } from './bench-stack.child';

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
  const child = fork(STACK_CHILD, [JSON.stringify(opts)], { execArgv: ['--openssl-legacy-provider', '--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const close = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  };
  run.defer(close);
  const ready = await new Promise<StackChildReady>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the stack process exited (${code}) before it was ready`)));
    child.on('message', (message: StackChildReady | StackChildAnswer) => message.type === 'ready' && resolve(message));
  });
  let asked = 0;
  /** One question to the child, answered over IPC. */
  const ask = <T>(question: StackChildAsk) =>
    new Promise<T>((resolve, reject) => {
      const id = ++asked;
      const onMessage = (message: StackChildReady | StackChildAnswer) => {
        if (message.type !== 'answer' || message.id !== id) return;
        child.off('message', onMessage);
        if (message.error) reject(new Error(message.error));
        else resolve(message.value as T);
      };
      child.on('message', onMessage);
      child.send({ ...question, id });
    });
  return {
    ...ready.stack,
    pid: child.pid!,
    labelerStats: () => ask<LabelerStats>({ type: 'stats' }),
    login: (email) => ask<string>({ type: 'login', email }),
    close,
  };
}
