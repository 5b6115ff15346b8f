/**
 * `npm run db:copy:users` (seed Stage 1.3): copy organizations, users, invitations and project
 * members from one User DB to another. The target is migrated first; rows are upserted by id in
 * foreign-key order inside one transaction, the id sequences are moved past the copied ids, and
 * every copied row is compared with its source (same columns, same values) before reporting.
 * Re-running copies nothing new and changes nothing. Refresh tokens (sessions) and login counts
 * (`login_failures`) are not copied.
 */
import { connect, copyTable, planTable, resetSequences, verifyTable, type CopyPlan } from '../../lib/infra/db-copy';
import { migrateUsersDb } from './db';

export const COPIED_TABLES = ['organizations', 'users', 'invitations', 'project_members'] as const;
export type CopiedTable = (typeof COPIED_TABLES)[number];

export interface TableReport {
  table: CopiedTable;
  /** Rows in the source. */
  source: number;
  /** Rows inserted or changed in the target by this run. */
  written: number;
  /** Rows in the target after the run (may exceed `source` when the target had rows of its own). */
  target: number;
  /** Source rows found identical in the target. */
  verified: number;
}

export async function copyUsersDb(sourceUrl: string, targetUrl: string): Promise<TableReport[]> {
  if (sourceUrl === targetUrl) throw new Error('--source and --target are the same database.');
  await migrateUsersDb(targetUrl);
  const source = await connect(sourceUrl);
  const target = await connect(targetUrl);
  try {
    const plan: CopyPlan[] = [];
    for (const table of COPIED_TABLES) plan.push(await planTable(source, target, table, 'User DB'));

    const written = new Map<string, number>();
    // One transaction: the User DB is small, and a half-copied one must never be seen.
    await target.query('begin');
    try {
      for (const table of plan) {
        written.set(table.table, await copyTable(source, target, table));
        await resetSequences(target, table.table);
      }
      await target.query('commit');
    } catch (error) {
      await target.query('rollback').catch(() => undefined);
      const detail = (error as { detail?: string }).detail;
      throw new Error(`Copy failed and was rolled back: ${(error as Error).message}${detail ? ` (${detail})` : ''}`, { cause: error });
    }

    const reports: TableReport[] = [];
    for (const table of plan) {
      const result = await verifyTable(source, target, table);
      reports.push({ table: table.table as CopiedTable, written: written.get(table.table) ?? 0, ...result });
    }
    return reports;
  } finally {
    await Promise.all([source.end(), target.end()]);
  }
}

/** True when every source row arrived unchanged. */
export const copyVerified = (reports: TableReport[]) => reports.every((report) => report.verified === report.source);
