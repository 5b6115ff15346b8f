/**
 * `npm run bench:orm` in CI, at a size that takes seconds: every reader read the page it should
 * (the bench stops on a short read) and the figures line is printed. The figures themselves are the
 * bench's business.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it, expect } from '@jest/globals';

const run = promisify(execFile);

describe('npm run bench:orm, a small run', () => {
  it('reads the page through each reader and prints CPU per read', async () => {
    const { stdout } = await run(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', 'scripts/bench-orm.ts'], {
      env: { ...process.env, BENCH_READS: '20', BENCH_ROUNDS: '2', BENCH_PAGE: '3' },
      maxBuffer: 16 * 1024 * 1024,
      timeout: 110_000,
    });
    expect(stdout).toContain('2 rounds × 20 reads of a page of 3 jobs (4 rows) per reader');
    expect(stdout).toMatch(/MikroORM, flushMode commit \(the platform's\)\s+CPU \d+\.\d{3} ms\/read/);
    expect(stdout).toMatch(/pg driver alone\s+CPU \d+\.\d{3} ms\/read .* 1\.00x the pg driver/);
    expect(stdout.trim().split('\n').at(-1)).toMatch(
      /^page of 3 jobs: \d+\.\d{3} ms CPU per read through the platform's MikroORM \(\d+\.\d{2}x its default flush mode's/,
    );
  }, 120_000);
});
