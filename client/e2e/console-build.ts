/**
 * The gateway serves `client/dist`; build it before a browser test when it is missing or older
 * than the console's sources, so the test never drives stale code.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/schema-files';

const CLIENT_DIR = path.join(PROJECT_ROOT, 'client');
const SKIP = new Set(['dist', 'e2e', 'node_modules']);

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs);
  }
  return newest;
}

export function ensureConsoleBuilt(): void {
  const built = path.join(CLIENT_DIR, 'dist', 'explorer', 'index.html');
  if (existsSync(built) && statSync(built).mtimeMs >= newestMtime(CLIENT_DIR)) return;
  const vite = path.join(PROJECT_ROOT, 'node_modules', 'vite', 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', 'client/vite.config.ts', '--logLevel', 'warn'], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`Console build failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
}
