/**
 * Training jobs: listing, visibility and cancellation. Managers and admins see every job; others
 * see their own and every job of a project they own or belong to (any role, from the User DB).
 * Every change is written first and NOTIFYed in the same transaction (delivered on commit), so
 * subscribers on any replica re-read committed rows.
 */
import { LockMode, type FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canSeeAll, type AuthUser } from '../../../lib/auth';
import { badInput, conflict, forbidden, notFound } from '../../../lib/errors';
import { afterCursor, decodeCursor, pageSize, toPage, type Page } from '../paging';
import { Project } from '../project/project.entity';
import { type ProjectAccess } from '../project/project-access';
import { TrainingEvent } from './training-event.entity';
import { notifyTrainingJobUpdated } from './training-job.events';
import { CANCELLABLE_STATUSES, TrainingJob, type TrainingJobRecord, type TrainingJobStatusValue } from './training-job.entity';

export type TrainingJobPage = Page<TrainingJobRecord>;

/** Conditions of `TrainingJobFilter`; every one given must hold. */
export interface TrainingJobFilter {
  status?: readonly string[] | null;
  projectId?: string | null;
  datasetId?: string | null;
  experimentId?: string | null;
  mine?: boolean | null;
  search?: string | null;
}

/** `%`, `_` and `\` match themselves in a search, not as LIKE wildcards. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/** The rows a caller may see, as one condition (member project ids passed in: no extra query on the Platform DB). */
export async function visibleJobsWhere(user: AuthUser, access: ProjectAccess): Promise<FilterQuery<TrainingJobRecord>> {
  if (canSeeAll(user)) return {};
  const memberOf = await access.memberProjectIds();
  return {
    $or: [{ ownerId: user.id }, { project: { ownerId: user.id } }, ...(memberOf.length > 0 ? [{ project: { $in: memberOf } }] : [])],
  };
}

export function filterWhere(user: AuthUser, filter: TrainingJobFilter | null | undefined): FilterQuery<TrainingJobRecord>[] {
  if (!filter) return [];
  const parts: FilterQuery<TrainingJobRecord>[] = [];
  if (filter.status && filter.status.length > 0) parts.push({ status: { $in: filter.status.map((s) => s.toLowerCase() as TrainingJobStatusValue) } });
  if (filter.projectId) parts.push({ project: filter.projectId });
  if (filter.datasetId) parts.push({ datasetId: filter.datasetId });
  if (filter.experimentId) parts.push({ experimentId: filter.experimentId });
  if (filter.mine) parts.push({ ownerId: user.id });
  const search = filter.search?.trim();
  if (search) {
    if (search.length > 200) throw badInput('`filter.search` is at most 200 characters.', { 'filter.search': 'at most 200 characters' });
    parts.push({ name: { $ilike: `%${escapeLike(search)}%` } });
  }
  return parts;
}

export async function listVisibleJobs(
  em: EntityManager,
  user: AuthUser,
  access: ProjectAccess,
  args: { first?: number | null; after?: string | null; filter?: TrainingJobFilter | null },
): Promise<TrainingJobPage> {
  const limit = pageSize(args.first);
  const cursor = args.after ? decodeCursor(args.after) : null;
  const where: FilterQuery<TrainingJobRecord> = { $and: [await visibleJobsWhere(user, access), ...filterWhere(user, args.filter)] };
  const [rows, totalCount] = await Promise.all([
    limit === 0
      ? Promise.resolve([])
      : em.find(TrainingJob, { $and: [where, afterCursor(cursor)] }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 }),
    em.count(TrainingJob, where),
  ]);
  return toPage(rows, limit, totalCount);
}


/** Batch load for DataLoaders: one query, results in key order, null where missing or not visible. */
export async function loadVisibleJobs(
  em: EntityManager,
  user: AuthUser | null,
  access: ProjectAccess,
  ids: readonly string[],
): Promise<(TrainingJobRecord | null)[]> {
  if (!user) return ids.map(() => null);
  const rows = await em.find(TrainingJob, { $and: [{ id: { $in: [...ids] } }, await visibleJobsWhere(user, access)] });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** One job already loaded: its owner, managers and admins, and anyone with a role in its project. */
export async function isJobVisible(em: EntityManager, user: AuthUser | null, access: ProjectAccess, job: TrainingJobRecord): Promise<boolean> {
  if (!user) return false;
  if (canSeeAll(user) || job.ownerId === user.id) return true;
  const project = await em.findOne(Project, { id: job.project.id });
  return !!project && (await access.roleIn(project)) !== null;
}

/** For subscribe time: NOT_FOUND when the job does not exist, FORBIDDEN when the caller may not see it. */
export async function requireVisibleJob(em: EntityManager, user: AuthUser, access: ProjectAccess, id: string): Promise<TrainingJobRecord> {
  const job = await em.findOne(TrainingJob, { id });
  if (!job) throw notFound('Training job', id);
  if (!(await isJobVisible(em, user, access, job))) throw forbidden('Only the job owner, members of its project, managers and admins can follow this job.');
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
