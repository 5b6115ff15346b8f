/**
 * Training jobs: listing, visibility and cancellation. Managers and admins see every job; other
 * roles see their own. Every change is written first and NOTIFYed in the same transaction
 * (delivered on commit), so subscribers on any replica re-read committed rows.
 */
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canSeeAll, type AuthUser } from '../../../lib/auth';
import { conflict, forbidden, notFound } from '../../../lib/errors';
import { afterCursor, decodeCursor, pageSize, toPage, type Page } from '../paging';
import { TrainingEvent } from './training-event.entity';
import { notifyTrainingJobUpdated } from './training-job.events';
import { CANCELLABLE_STATUSES, TrainingJob, type TrainingJobRecord } from './training-job.entity';

export type TrainingJobPage = Page<TrainingJobRecord>;

export function isJobVisible(user: AuthUser | null, job: TrainingJobRecord): boolean {
  return !!user && (canSeeAll(user) || job.ownerId === user.id);
}

function visibleJobs(user: AuthUser) {
  return canSeeAll(user) ? {} : { ownerId: user.id };
}

export async function listTrainingJobs(
  em: EntityManager,
  user: AuthUser,
  args: { first?: number | null; after?: string | null },
  filter: { datasetId?: string } = {},
): Promise<TrainingJobPage> {
  const limit = pageSize(args.first);
  const cursor = args.after ? decodeCursor(args.after) : null;
  const where = { ...visibleJobs(user), ...(filter.datasetId ? { datasetId: filter.datasetId } : {}) };
  const [rows, totalCount] = await Promise.all([
    limit === 0
      ? Promise.resolve([])
      : em.find(TrainingJob, { $and: [where, afterCursor(cursor)] }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 }),
    em.count(TrainingJob, where),
  ]);
  return toPage(rows, limit, totalCount);
}

/** Batch load for DataLoaders: one query, results in key order, null where missing or not visible. */
export async function loadVisibleJobs(em: EntityManager, user: AuthUser | null, ids: readonly string[]): Promise<(TrainingJobRecord | null)[]> {
  if (!user) return ids.map(() => null);
  const rows = await em.find(TrainingJob, { id: { $in: [...ids] } });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => {
    const job = byId.get(id);
    return job && isJobVisible(user, job) ? job : null;
  });
}

/** For subscribe time: NOT_FOUND when the job does not exist, FORBIDDEN when the caller may not see it. */
export async function requireVisibleJob(em: EntityManager, user: AuthUser, id: string): Promise<TrainingJobRecord> {
  const job = await em.findOne(TrainingJob, { id });
  if (!job) throw notFound('Training job', id);
  if (!isJobVisible(user, job)) throw forbidden('Only the job owner, managers and admins can follow this job.');
  return job;
}

function mayCancel(user: AuthUser, job: TrainingJobRecord): boolean {
  return canSeeAll(user) || job.ownerId === user.id;
}

export async function cancelTrainingJob(em: EntityManager, user: AuthUser, id: string): Promise<TrainingJobRecord> {
  return em.transactional(async (tx) => {
    // The row lock serialises concurrent cancels and worker updates of the same job.
    const job = await tx.findOne(TrainingJob, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
    if (!job) throw notFound('Training job', id);
    if (!mayCancel(user, job)) throw forbidden('Only the job owner, a manager or an admin can cancel this job.');
    if (!CANCELLABLE_STATUSES.includes(job.status)) {
      throw conflict(`Training job ${id} is already ${job.status.toUpperCase()}; only QUEUED or RUNNING jobs can be cancelled.`);
    }
    const from = job.status;
    const now = new Date();
    job.status = 'cancelled';
    job.finishedAt = now;
    job.errorMessage = `Cancelled by ${user.email}.`;
    tx.create(TrainingEvent, { job, kind: 'status', payload: { from, to: 'cancelled', by: user.id } });
    await tx.flush();
    await notifyTrainingJobUpdated(tx, id);
    return job;
  });
}
