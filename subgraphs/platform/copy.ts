/**
 * `npm run db:copy:platform` (seed Stage 4.1.3): copy everything the Platform DB holds — projects,
 * training jobs, events (metric points, logs, system samples), dataset snapshots and their
 * objects, experiments, stars, checkpoints, workers — from one Platform DB to another. The target
 * is migrated first; tables are copied parents first (from the foreign keys), each in primary-key
 * order in batches that are committed one by one, so an interrupted copy keeps its progress and a
 * re-run resumes; rows are upserted by primary key (ids kept; only differing rows rewritten, so a
 * re-run writes nothing), sequences are moved past the copied ids, and every source row is then
 * compared with the target.
 */
import { columnsOf, connect, copyTable, planTable, quote, resetSequences, tablesInDependencyOrder, verifyTable, type CopyPlan } from '../../lib/infra/db-copy';
import { migratePlatformDb } from './db';

/** Bookkeeping of the migration tool: each side has its own. */
const NOT_COPIED = ['mikro_orm_migrations'];

export interface PlatformTableReport {
  table: string;
  /** Rows in the source. */
  source: number;
  /** Rows inserted or changed in the target by this run. */
  written: number;
  /** Rows in the target after the run (may exceed `source` when the target had rows of its own). */
  target: number;
  /** Source rows found identical in the target. */
  verified: number;
}

export interface CopyProgress {
  table: string;
  /** Source rows of this table read so far, and the table's rows when the copy started. */
  read: number;
  total: number;
  written: number;
  done: boolean;
}

export interface CopyPlatformOptions {
  /** Rows per batch (one statement and commit each). */
  batch?: number;
  onProgress?: (progress: CopyProgress) => void;
  /** Called with the copy order before the first row is read. */
  onPlan?: (tables: string[]) => void;
}

export async function copyPlatformDb(sourceUrl: string, targetUrl: string, opts: CopyPlatformOptions = {}): Promise<PlatformTableReport[]> {
  if (sourceUrl === targetUrl) throw new Error('--source and --target are the same database.');
  await migratePlatformDb(targetUrl);
  const source = await connect(sourceUrl);
  const target = await connect(targetUrl);
  try {
    const order = await tablesInDependencyOrder(target, NOT_COPIED);
    const extra = (await tablesInDependencyOrder(source, NOT_COPIED)).filter((table) => !order.includes(table));
    if (extra.length > 0) throw new Error(`The source has tables the migrated target lacks (${extra.join(', ')}); is the source newer than this code?`);
    const plans: CopyPlan[] = [];
    for (const table of order) {
      if ((await columnsOf(source, table)).length === 0) continue; // a table newer than the source: nothing to copy
      plans.push(await planTable(source, target, table, 'Platform DB'));
    }
    opts.onPlan?.(plans.map((plan) => plan.table));

    const written = new Map<string, number>();
    for (const plan of plans) {
      const { rows } = await source.query<{ n: number }>(`select count(*)::int as n from ${quote(plan.table)}`);
      const total = rows[0]!.n;
      try {
        const count = await copyTable(source, target, plan, {
          ...(opts.batch ? { batch: opts.batch } : {}),
          onBatch: ({ read, written: so }) => opts.onProgress?.({ table: plan.table, read, total, written: so, done: false }),
        });
        written.set(plan.table, count);
        await resetSequences(target, plan.table);
        opts.onProgress?.({ table: plan.table, read: total, total, written: count, done: true });
      } catch (error) {
        const detail = (error as { detail?: string }).detail;
        throw new Error(
          `Copying ${plan.table} failed: ${(error as Error).message}${detail ? ` (${detail})` : ''}. Batches already written stay; run the copy again to resume.`,
          { cause: error },
        );
      }
    }

    const reports: PlatformTableReport[] = [];
    for (const plan of plans) reports.push({ table: plan.table, written: written.get(plan.table) ?? 0, ...(await verifyTable(source, target, plan)) });
    return reports;
  } finally {
    await Promise.all([source.end(), target.end()]);
  }
}

/** True when every source row arrived unchanged. */
export const platformCopyVerified = (reports: PlatformTableReport[]) => reports.every((report) => report.verified === report.source);
