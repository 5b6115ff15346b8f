/**
 * `npm run db:copy:platform -- --source URL --target URL [--batch N]`: copy every table of one
 * Platform DB into another (e.g. local → Railway, seed Stage 4.1.3), idempotently and resumably,
 * with progress per table; then prints the counts per table and verifies every copied row. Exit
 * code 1 when anything does not match.
 */
import { parseArgs } from 'node:util';
import { maskUrl } from '../lib/log';
import { copyPlatformDb, platformCopyVerified } from '../subgraphs/platform/copy';
import { maskSecrets } from './stack/output';

const say = (line: string) => process.stdout.write(`${line}\n`);

try {
  const { values } = parseArgs({ options: { source: { type: 'string' }, target: { type: 'string' }, batch: { type: 'string' } }, strict: true });
  const sourceUrl = values.source ?? process.env.SOURCE_DB;
  const targetUrl = values.target ?? process.env.TARGET_DB;
  if (!sourceUrl || !targetUrl)
    throw new Error('usage: npm run db:copy:platform -- --source postgresql://… --target postgresql://… [--batch 1000] (or SOURCE_DB / TARGET_DB)');
  const batch = values.batch === undefined ? undefined : Number(values.batch);
  if (batch !== undefined && (!Number.isInteger(batch) || batch < 1)) throw new Error(`--batch ${values.batch}: a whole number ≥ 1.`);
  say(`[COPY] ${maskUrl(sourceUrl)} → ${maskUrl(targetUrl)}`);
  const started = new Map<string, number>();
  let lastPrint = 0;
  const reports = await copyPlatformDb(sourceUrl, targetUrl, {
    ...(batch ? { batch } : {}),
    onPlan: (tables) => say(`[COPY] order: ${tables.join(' → ')}`),
    onProgress: ({ table, read, total, written, done }) => {
      const now = Date.now();
      if (!started.has(table)) started.set(table, now);
      // The first batch of a table, then at most twice a second, then its end.
      if (!done && read > (batch ?? 1000) && now - lastPrint < 500) return;
      lastPrint = now;
      const seconds = Math.max((now - started.get(table)!) / 1000, 0.001);
      const percent = total === 0 ? 100 : Math.min(100, Math.round((read / total) * 100));
      say(
        `[COPY] ${table.padEnd(20)} ${String(read).padStart(8)}/${String(total).padEnd(8)} ${String(percent).padStart(3)}%  written ${String(written).padStart(8)}  ${Math.round(read / seconds)} rows/s${done ? ' done' : ''}`,
      );
    },
  });
  for (const r of reports) {
    const ok = r.verified === r.source ? '✓' : '✗';
    say(
      `[COPY] ${r.table.padEnd(20)} source ${String(r.source).padStart(8)}  written ${String(r.written).padStart(8)}  target ${String(r.target).padStart(8)}  verified ${r.verified}/${r.source} ${ok}`,
    );
  }
  if (!platformCopyVerified(reports)) throw new Error('verification failed: some source rows differ in the target or are missing (see ✗ above)');
  say('[COPY] done: every source row is in the target, unchanged');
} catch (error) {
  process.stderr.write(`✗ db:copy:platform failed: ${maskSecrets(error instanceof Error ? error.message : String(error))}\n`);
  process.exitCode = 1;
}
process.exit(process.exitCode ?? 0);
