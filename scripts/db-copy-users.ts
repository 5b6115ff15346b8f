/**
 * `npm run db:copy:users -- --source URL --target URL`: copy organizations, users, invitations and
 * project members between two User DBs (e.g. local → Railway), idempotently; prints the counts per
 * table and verifies every copied row. Exit code 1 when anything does not match.
 */
import { parseArgs } from 'node:util';
import { maskUrl } from '../lib/log';
import { copyUsersDb, copyVerified } from '../subgraphs/users/copy';
import { maskSecrets } from './stack/output';

const say = (line: string) => process.stdout.write(`${line}\n`);

try {
  const { values } = parseArgs({ options: { source: { type: 'string' }, target: { type: 'string' } }, strict: true });
  const sourceUrl = values.source ?? process.env.SOURCE_DB;
  const targetUrl = values.target ?? process.env.TARGET_DB;
  if (!sourceUrl || !targetUrl) throw new Error('usage: npm run db:copy:users -- --source postgresql://… --target postgresql://… (or SOURCE_DB / TARGET_DB)');
  say(`[COPY] ${maskUrl(sourceUrl)} → ${maskUrl(targetUrl)}`);
  const reports = await copyUsersDb(sourceUrl, targetUrl);
  for (const r of reports) {
    const ok = r.verified === r.source ? '✓' : '✗';
    say(
      `[COPY] ${r.table.padEnd(16)} source ${String(r.source).padStart(6)}  written ${String(r.written).padStart(6)}  target ${String(r.target).padStart(6)}  verified ${r.verified}/${r.source} ${ok}`,
    );
  }
  if (!copyVerified(reports)) throw new Error('verification failed: some source rows differ in the target (see ✗ above)');
  say('[COPY] done: every source row is in the target, unchanged');
} catch (error) {
  process.stderr.write(`✗ db:copy:users failed: ${maskSecrets(error instanceof Error ? error.message : String(error))}\n`);
  process.exitCode = 1;
}
process.exit(process.exitCode ?? 0);
