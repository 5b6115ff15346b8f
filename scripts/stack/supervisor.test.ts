/**
 * The supervisor with real child processes (a script that exits at once, like a service that
 * crashes on start), without the stack around it.
 */
import { afterAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/schema-files';
import { spawnService, type ServiceFailedError, type ServiceProcess } from './processes';
import { absoluteEntry, childEnv, type ServiceSpec } from './services';
import { superviseServices } from './supervisor';

const dir = mkdtempSync(path.join(os.tmpdir(), 'vpg-supervisor-'));
const crashing = path.join(dir, 'crashing.mjs');
writeFileSync(crashing, 'console.error("boom: invalid state"); process.exit(3);\n');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec: ServiceSpec = {
  name: 'trainer',
  entry: path.relative(PROJECT_ROOT, crashing),
  port: 1,
  healthUrl: 'http://127.0.0.1:1/health/ready',
  liveUrl: 'http://127.0.0.1:1/health/live',
  env: {},
};

function supervise(limit: number, stopping: () => boolean) {
  const lines: string[] = [];
  const running: ServiceProcess[] = [spawnService(spec.name, absoluteEntry(spec), childEnv(spec), () => undefined)];
  let restarts = 0;
  const gaveUp = new Promise<ServiceFailedError>((resolve) =>
    superviseServices({
      specs: [spec],
      running,
      policy: { limit, windowMs: 60000, baseDelayMs: 100, maxDelayMs: 1000 },
      log: (line) => lines.push(line),
      write: () => undefined,
      stopping,
      onRestarted: () => (restarts += 1),
      giveUp: resolve,
    }),
  );
  return { lines, running, gaveUp, restarts: () => restarts };
}

describe('supervisor', () => {
  it('restarts a crashing service with a growing delay, then gives up on the crash after the limit', async () => {
    const run = supervise(2, () => false);
    const error = await run.gaveUp;
    expect(run.restarts()).toBe(2);
    expect(run.lines[0]).toMatch(/^trainer stopped unexpectedly \(code 3, up [\d.]+ s\); restarting it in 0\.1 s \(attempt 1 of 2 within 60 s\)$/);
    expect(run.lines[1]).toMatch(/restarting it in 0\.2 s \(attempt 2 of 2 within 60 s\)$/);
    expect(run.lines[2]).toContain('3 times within 60 s is more than VPG_RESTART_LIMIT=2 allows: stopping the stack');
    expect(error.service).toBe('trainer');
    expect(error.reason).toContain('stopped unexpectedly 3 times within 60 s (VPG_RESTART_LIMIT=2, VPG_RESTART_WINDOW_MS=60000); the last time with code 3');
    expect(error.tail).toContain('boom: invalid state');
  }, 30000);

  it('restarts nothing once the stack is stopping, even a crash during the backoff', async () => {
    let stopping = false;
    const run = supervise(5, () => stopping);
    await run.running[0]!.exited;
    await new Promise((r) => setImmediate(r));
    expect(run.lines[0]).toContain('restarting it in 0.1 s (attempt 1 of 5');
    stopping = true; // Ctrl-C arrives during the backoff
    await new Promise((r) => setTimeout(r, 1000));
    expect(run.restarts()).toBe(0);
    expect(run.lines).toHaveLength(1);
  }, 30000);
});
