/**
 * `npm run bench:subscriptions` in CI, at a size that takes seconds: the stack in its own processes,
 * the viewers in two client processes (the bench's IPC and the receipts stamped on the machine's
 * clock), a warm-up at the rate, every event delivered and none an error. The figures themselves
 * are the bench's business.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it, expect } from '@jest/globals';

const run = promisify(execFile);

describe('npm run bench:subscriptions, a small run', () => {
  it('delivers every event of a short run to viewers in two client processes, with no error', async () => {
    const args = ['--scenario', 'viewers', '--viewers', '4', '--rate', '10', '--seconds', '2', '--warm-up', '1', '--client-processes', '2'];
    const { stdout } = await run(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', 'scripts/bench-subscriptions.ts', ...args], {
      maxBuffer: 16 * 1024 * 1024,
      timeout: 280_000,
    });
    expect(stdout).toContain('viewers in 2 client processes');
    expect(stdout).toMatch(/delivered\/expected\s+│ 80\/80 \(100\.0 %\)/);
    expect(stdout).toMatch(/saw the last report\s+│ 4\/4/);
    expect(stdout).toMatch(/bench CPU \(one core\)\s+│ \d+ % \(clients \d+ \+ \d+\)/);
    expect(stdout).toMatch(/errors, given-up subscriptions\s+│ 0/);
    // Latencies were matched to their reports: finite, not negative.
    const [, p50, p99] = /latency p50 \/ p99\s+│ (\d+) \/ (\d+) ms/.exec(stdout) ?? [];
    expect(Number(p50)).toBeGreaterThanOrEqual(0);
    expect(Number(p99)).toBeGreaterThanOrEqual(Number(p50));
  }, 300_000);
});
