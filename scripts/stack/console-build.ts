/**
 * The gateway serves the built console from `client/dist`. Build it when it is missing or older
 * than any client source, so a fresh clone and an edited console both show current code.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/schema-files';
import { pipeLines } from './output';

const CLIENT_DIR = path.join(PROJECT_ROOT, 'client');
export const CLIENT_DIST_DIR = path.join(CLIENT_DIR, 'dist');
const SKIP = new Set(['dist', 'node_modules', 'e2e']);

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.')) continue;
    const full = path.join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestSource(full) : statSync(full).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

export type ConsoleState = 'fresh' | 'stale' | 'missing' | 'no-client';

export function consoleState(): ConsoleState {
  if (!existsSync(path.join(CLIENT_DIR, 'vite.config.ts'))) return 'no-client';
  const index = path.join(CLIENT_DIST_DIR, 'index.html');
  if (!existsSync(index)) return 'missing';
  return statSync(index).mtimeMs >= newestSource(CLIENT_DIR) ? 'fresh' : 'stale';
}

/**
 * Runs `vite build --config client/vite.config.ts`; resolves with the time taken, rejects with
 * its output. `onStop` receives a stopper so Ctrl-C during the build does not leave vite running.
 */
export function buildConsole(write: (text: string) => void, onStop: (stop: () => Promise<void>) => void): Promise<number> {
  const started = Date.now();
  const vite = path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const child = spawn(process.execPath, [vite, 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'], {
    cwd: PROJECT_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  onStop(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  });
  const tail: string[] = [];
  pipeLines('console', child.stdout, write, tail);
  pipeLines('console', child.stderr, write, tail);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(Date.now() - started);
      else reject(new Error(`console build failed (exit ${code}):\n${tail.slice(-15).join('\n')}`));
    });
  });
}
