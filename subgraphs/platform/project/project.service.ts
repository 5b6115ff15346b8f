/**
 * Projects visible to a caller: managers and admins see all; others see the projects they own
 * or in which they have a job (membership is not modelled yet).
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { canSeeAll, type AuthUser } from '../../../lib/auth';
import { afterCursor, decodeCursor, pageSize, toPage, type Page } from '../paging';
import { TrainingJob } from '../training-job/training-job.entity';
import { Project, type ProjectRecord } from './project.entity';

export type ProjectPage = Page<ProjectRecord>;

async function visibleProjects(em: EntityManager, user: AuthUser) {
  if (canSeeAll(user)) return {};
  const jobs = await em.find(TrainingJob, { ownerId: user.id }, { fields: ['project'] });
  const withJobs = [...new Set(jobs.map((job) => job.project.id))];
  return { $or: [{ ownerId: user.id }, { id: { $in: withJobs } }] };
}

export async function listProjects(em: EntityManager, user: AuthUser, args: { first?: number | null; after?: string | null }): Promise<ProjectPage> {
  const limit = pageSize(args.first);
  const cursor = args.after ? decodeCursor(args.after) : null;
  const where = await visibleProjects(em, user);
  const [rows, totalCount] = await Promise.all([
    limit === 0
      ? Promise.resolve([])
      : em.find(Project, { $and: [where, afterCursor(cursor)] }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 }),
    em.count(Project, where),
  ]);
  return toPage(rows, limit, totalCount);
}

/** Batch load for DataLoaders: key order kept, null where missing or not visible. */
export async function loadVisibleProjects(em: EntityManager, user: AuthUser | null, ids: readonly string[]): Promise<(ProjectRecord | null)[]> {
  if (!user) return ids.map(() => null);
  const where = await visibleProjects(em, user);
  const rows = await em.find(Project, { $and: [where, { id: { $in: [...ids] } }] });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}
