/**
 * `npm run bench:gateway -- --short` in CI: this gateway, Hive Gateway and stock Apollo on the same
 * supergraph and subgraphs answer every request the bench uses with identical data, and a short
 * load run through each gives no errors. The figures themselves are the bench's business.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, it, expect } from '@jest/globals';

const run = promisify(execFile);

describe('npm run bench:gateway --short', () => {
  it('gets identical answers from the three gateways and no errors under a short load', async () => {
    const { stdout } = await run(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', 'scripts/bench-gateway.ts', '--short'], {
      maxBuffer: 16 * 1024 * 1024,
      timeout: 280_000,
    });
    expect(stdout).toMatch(/identical answers: \d+ requests, the same data from this gateway, Hive Gateway, stock Apollo/);
    expect(stdout).toContain('short mode: identical answers checked; 0 errors under load');
  }, 300_000);
});
