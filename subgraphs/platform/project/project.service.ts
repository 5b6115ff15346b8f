/**
 * Projects visible to a caller: managers and admins see all; others see the projects they own,
 * belong to (any membership role in the User DB) or have a job in.
 */
import { randomBytes } from 'node:crypto';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canSeeAll, type AuthUser } from '../../../lib/auth';
import { badInput } from '../../../lib/errors';
import { afterCursor, decodeCursor, pageSize, toPage, type Page } from '../paging';
import { TrainingJob } from '../training-job/training-job.entity';
import type { ProjectAccess } from './project-access';
import { Project, type ProjectRecord } from './project.entity';

export type ProjectPage = Page<ProjectRecord>;

async function visibleProjects(em: EntityManager, user: AuthUser, access: ProjectAccess): Promise<FilterQuery<ProjectRecord>> {
  if (canSeeAll(user)) return {};
  const [jobs, memberOf] = await Promise.all([em.find(TrainingJob, { ownerId: user.id }, { fields: ['project'] }), access.memberProjectIds()]);
  const ids = [...new Set([...jobs.map((job) => job.project.id), ...memberOf])];
  return { $or: [{ ownerId: user.id }, { id: { $in: ids } }] };
}

export async function listProjects(
  em: EntityManager,
  user: AuthUser,
  access: ProjectAccess,
  args: { first?: number | null; after?: string | null },
): Promise<ProjectPage> {
  const limit = pageSize(args.first);
  const cursor = args.after ? decodeCursor(args.after) : null;
  const where = await visibleProjects(em, user, access);
  const [rows, totalCount] = await Promise.all([
    limit === 0
      ? Promise.resolve([])
      : em.find(Project, { $and: [where, afterCursor(cursor)] }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 }),
    em.count(Project, where),
  ]);
  return toPage(rows, limit, totalCount);
}

/** Batch load for DataLoaders: key order kept, null where missing or not visible. */
export async function loadVisibleProjects(
  em: EntityManager,
  user: AuthUser | null,
  access: ProjectAccess,
  ids: readonly string[],
): Promise<(ProjectRecord | null)[]> {
  if (!user) return ids.map(() => null);
  const where = await visibleProjects(em, user, access);
  const rows = await em.find(Project, { $and: [where, { id: { $in: [...ids] } }] });
  const byId = new Map(rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id) ?? null);
}

/** Trimmed name of 1–`max` characters, or a field message for `extensions.fields`. */
export function nameProblem(name: string, max: number): string | null {
  return name.length === 0 || name.length > max ? `1 to ${max} characters` : null;
}

export const DESCRIPTION_MAX = 2000;

/** A new project owned by the caller (ownership is `owner_id`; the platform never writes the User DB). */
export async function createProject(em: EntityManager, user: AuthUser, input: { name: string; description?: string | null }): Promise<ProjectRecord> {
  const name = input.name.trim();
  const description = input.description?.trim() || null;
  const fields: Record<string, string> = {};
  const nameError = nameProblem(name, 120);
  if (nameError) fields.name = nameError;
  if (description && description.length > DESCRIPTION_MAX) fields.description = `at most ${DESCRIPTION_MAX} characters`;
  if (Object.keys(fields).length > 0) throw badInput('Invalid project.', fields);
  const project = em.create(Project, { id: `prj_${randomBytes(8).toString('hex')}`, name, description, ownerId: user.id });
  await em.flush();
  return project;
}
