/**
 * `.data/run.json` records which processes the current `npm start` runs. The next start reads it:
 * a live owner means the stack is already running (refuse); a dead owner means a killed run whose
 * services may linger (stop them; PostgreSQL's own leftover is handled by lib/infra/postgres.ts).
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pidAlive } from '../../lib/process';
import { stopGroup } from './processes';

interface RunRecord {
  pid: number;
  startedAt: string;
  services: Array<{ name: string; pid: number; entry: string }>;
}

/** The command line of a live process, '' when it is gone or unreadable. */
function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ');
  } catch {
    return '';
  }
}

export function runFilePath(dataDir: string): string {
  return path.join(dataDir, 'run.json');
}

function read(file: string): RunRecord | null {
  if (!existsSync(file)) return null;
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as RunRecord;
  } catch {
    return null;
  }
}

/** Throws when another `npm start` is alive on this data folder; stops services of a dead one. */
export async function cleanUpEarlierRun(dataDir: string, log: (line: string) => void): Promise<void> {
  const file = runFilePath(dataDir);
  const record = read(file);
  if (!record) return;
  if (record.pid !== process.pid && pidAlive(record.pid) && commandLine(record.pid).includes('scripts/start.ts')) {
    throw new Error(
      `another \`npm start\` (pid ${record.pid}) is already running with data folder ${dataDir}; stop it first (Ctrl-C in its terminal, or kill ${record.pid}).`,
    );
  }
  for (const service of record.services) {
    // Only a process still running that service's entry point: pids get reused.
    if (pidAlive(service.pid) && commandLine(service.pid).includes(service.entry)) {
      log(`stopping ${service.name} (pid ${service.pid}) left running by an earlier run`);
      await stopGroup(service.pid, 5000);
    }
  }
  rmSync(file, { force: true });
}

export function writeRunFile(dataDir: string, services: RunRecord['services']): void {
  mkdirSync(dataDir, { recursive: true });
  const record: RunRecord = { pid: process.pid, startedAt: new Date().toISOString(), services };
  writeFileSync(runFilePath(dataDir), JSON.stringify(record, null, 2));
}

export function removeRunFile(dataDir: string): void {
  const record = read(runFilePath(dataDir));
  if (record?.pid === process.pid) rmSync(runFilePath(dataDir), { force: true });
}
