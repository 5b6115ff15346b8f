/**
 * Which training jobs a caller may see: managers and admins see every job; others see their own
 * and every job of a project they own or belong to (any role, from the User DB). Shared by the
 * job, experiment and dataset-job reads, so the rule is written once.
 */
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canSeeAll, type AuthUser } from '../../../lib/auth';
import { Project } from '../project/project.entity';
import type { ProjectAccess } from '../project/project-access';
import { TrainingJob, type TrainingJobRecord } from './training-job.entity';

/** The rows a caller may see, as one condition (member project ids passed in: no extra query on the Platform DB). */
export async function visibleJobsWhere(user: AuthUser, access: ProjectAccess): Promise<FilterQuery<TrainingJobRecord>> {
  if (canSeeAll(user)) return {};
  const memberOf = await access.memberProjectIds();
  return {
    $or: [{ ownerId: user.id }, { project: { ownerId: user.id } }, ...(memberOf.length > 0 ? [{ project: { $in: memberOf } }] : [])],
  };
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
