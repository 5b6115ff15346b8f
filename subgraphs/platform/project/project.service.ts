/**
 * The project service of one request. Projects visible to a caller: managers and admins see all;
 * others see the projects they own, belong to (any membership role in the User DB) or have a job in.
 */
import { randomBytes } from 'node:crypto';
import type { FilterQuery } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { canSeeAll, requireUser, type AuthUser } from '../../../lib/auth';
import { badInput, notFound } from '../../../lib/errors';
import { descriptionProblem, displayNameProblem } from '../../../lib/shown-text';
import type { PlatformScope } from '../context';
import { afterCursor, decodeCursor, pageSize, rowsAndCount, toPage, type ListOptions, type Page } from '../paging';
import { mayStartJobs, type ProjectAccess, type ProjectOwnership } from './project-access';
import { Project, type ProjectRecord } from './project.entity';

export type ProjectPage = Page<ProjectRecord>;

export async function visibleProjects(em: EntityManager, user: AuthUser, access: ProjectAccess): Promise<FilterQuery<ProjectRecord>> {
  if (canSeeAll(user)) return {};
  // Distinct project ids only: a user with thousands of jobs must not load them all per request.
  const [withJobs, memberOf] = await Promise.all([
    em.execute<{ project_id: string }[]>('select distinct project_id from training_jobs where owner_id = ?', [user.id]),
    access.memberProjectIds(),
  ]);
  const ids = [...new Set([...withJobs.map((row) => row.project_id), ...memberOf])];
  return { $or: [{ ownerId: user.id }, { id: { $in: ids } }] };
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

const NAME_MAX = 120;
/** The longest description of a project, an experiment or a model version. */
export const DESCRIPTION_MAX = 2000;

/** Field messages (for `extensions.fields`) about a trimmed project or experiment name and description. */
export function nameAndDescriptionProblems(name: string, description: string | null): Record<string, string> {
  const fields: Record<string, string> = {};
  const aboutName = displayNameProblem(name, NAME_MAX);
  if (aboutName) fields.name = aboutName;
  const aboutDescription = descriptionProblem(description, DESCRIPTION_MAX);
  if (aboutDescription) fields.description = aboutDescription;
  return fields;
}

export function createProjectService({ em, user: caller, loaders }: PlatformScope) {
  const byId = (id: string) => loaders.project.load(id);
  return {
    /** Null when missing or not visible (batched per request). */
    byId,

    /**
     * The project of something already shown to the caller (a job, an experiment): a visible job
     * implies a visible project (the caller owns the job or has a role in the project), so null
     * here means the project vanished.
     */
    async requireById(id: string): Promise<ProjectRecord> {
      const project = await byId(id);
      if (!project) throw notFound('Project', id);
      return project;
    },

    async list(args: { first?: number | null; after?: string | null }, opts: ListOptions = { count: true }): Promise<ProjectPage> {
      const user = requireUser(caller);
      const limit = pageSize(args.first);
      const cursor = args.after ? decodeCursor(args.after) : null;
      const where = await visibleProjects(em, user, loaders.access);
      const [rows, totalCount] = await rowsAndCount(
        async () =>
          limit === 0 ? [] : em.find(Project, { $and: [where, afterCursor(cursor)] }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 }),
        () => em.count(Project, where),
        opts,
      );
      return toPage(rows, limit, totalCount);
    },

    /** A new project owned by the caller (ownership is `owner_id`; the platform never writes the User DB). */
    async create(input: { name: string; description?: string | null }): Promise<ProjectRecord> {
      const user = requireUser(caller);
      const name = input.name.trim();
      const description = input.description?.trim() || null;
      const fields = nameAndDescriptionProblems(name, description);
      if (Object.keys(fields).length > 0) throw badInput('Invalid project.', fields);
      const project = em.create(Project, { id: `prj_${randomBytes(8).toString('hex')}`, name, description, ownerId: user.id });
      await em.flush();
      return project;
    },

    myRole: (project: ProjectOwnership) => loaders.access.roleIn(project),

    viewerCanCreateJobs: async (project: ProjectOwnership) => mayStartJobs(await loaders.access.roleIn(project)),

    /** Members of a project the caller already sees (it came through `byId` or `list`). */
    members: (project: ProjectOwnership) => loaders.projectMembers.load(project.id),
  };
}

export type ProjectService = ReturnType<typeof createProjectService>;
