/**
 * Project membership, kept in the User DB and shown on the platform's `Project` as `members`.
 * The project itself lives in the Platform DB, so its id is not checked here.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireUser, type AuthUser } from '../../../lib/auth';
import { notFound } from '../../../lib/errors';
import { User } from '../user/user.entity';
import { parseUserId } from '../user/user.loaders';
import { assertFields } from '../validation';
import { PROJECT_MEMBER_ROLES, ProjectMember, type ProjectMemberRecord, type ProjectMemberRole } from './project-member.entity';

/** The platform's project as this subgraph knows it: only the key. */
export interface ProjectRef {
  id: string;
}

const projectIdProblem = (id: string) => (id.trim().length === 0 || id.length > 100 ? 'Enter a project id.' : null);

export function createProjectMemberService({ em, caller }: { em: EntityManager; caller: AuthUser | null }) {
  // A page of projects asks for all their members at once: one query per request.
  const byProject = new DataLoader<string, ProjectMemberRecord[]>(async (projectIds) => {
    const rows = await em.find(ProjectMember, { projectId: { $in: [...projectIds] } }, { orderBy: { createdAt: 'asc', id: 'asc' } });
    return projectIds.map((id) => rows.filter((row) => row.projectId === id));
  });

  return {
    /** `Project.members` is not a root field, so @access does not cover it: the caller must be signed in. */
    async members(projectId: string): Promise<ProjectMemberRecord[]> {
      requireUser(caller);
      return byProject.load(projectId);
    },

    async add(projectId: string, userId: string, role: string): Promise<ProjectMemberRecord> {
      assertFields({
        projectId: projectIdProblem(projectId),
        role: (PROJECT_MEMBER_ROLES as readonly string[]).includes(role) ? null : `One of ${PROJECT_MEMBER_ROLES.join(', ')}.`,
      });
      const numeric = parseUserId(userId);
      if (numeric === null || !(await em.count(User, { id: numeric }))) throw notFound('User', userId);
      const existing = await em.findOne(ProjectMember, { projectId, user: numeric });
      if (existing) {
        existing.role = role as ProjectMemberRole;
        await em.flush();
        return existing;
      }
      const member = em.create(ProjectMember, { projectId, user: numeric, role: role as ProjectMemberRole });
      await em.flush();
      return member;
    },

    async remove(projectId: string, userId: string): Promise<boolean> {
      const numeric = parseUserId(userId);
      if (numeric === null) return false;
      return (await em.nativeDelete(ProjectMember, { projectId, user: numeric })) > 0;
    },
  };
}

export type ProjectMemberService = ReturnType<typeof createProjectMemberService>;
