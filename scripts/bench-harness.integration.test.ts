/**
 * A bench stopped from outside leaves nothing running: its PostgreSQL is stopped and its temp
 * folder removed on Ctrl-C (SIGINT) and on `kill` (SIGTERM) alike.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const BENCH = `
import { createBenchRun } from './scripts/bench-harness.ts';
const run = createBenchRun('bench-signal');
await run.startInfra();
console.log('ready');
setInterval(() => undefined, 1000);
`;

const parentOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);

/** The PostgreSQL server `bench` started (a process under it): its pid and its data folder (`-D`). */
function postmasterOf(bench: number): { pid: number; dataDir: string } {
  const pids = execFileSync('pgrep', ['-f', 'vpg-bench-signal-']).toString().trim().split('\n').map(Number);
  for (const pid of pids) {
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
    const at = args.indexOf('-D');
    let up = pid;
    while (up > 1 && up !== bench) up = parentOf(up);
    if (at >= 0 && up === bench) return { pid, dataDir: args[at + 1]! };
  }
  throw new Error('no PostgreSQL server of the bench found');
}

async function gone(pid: number, withinMs: number): Promise<boolean> {
  for (const start = Date.now(); Date.now() - start < withinMs; await new Promise((r) => setTimeout(r, 100))) if (!alive(pid)) return true;
  return !alive(pid);
}

describe('a bench stopped from outside', () => {
  it.each([
    ['SIGTERM', 143],
    ['SIGINT', 130],
  ] as const)(
    'stops its PostgreSQL and removes its folder on %s',
    async (signal, exitCode) => {
      const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', BENCH], {
        cwd: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..'),
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
        void exited.then((code) => reject(new Error(`the bench exited (${code}) before it was ready`)));
      });
      const server = postmasterOf(child.pid!);
      const folder = path.dirname(server.dataDir);
      expect(existsSync(folder)).toBe(true);

      child.kill(signal);
      expect(await exited).toBe(exitCode);
      expect(await gone(server.pid, 10_000)).toBe(true);
      expect(existsSync(folder)).toBe(false);
    },
    90_000,
  );
});
