/**
 * Project membership, kept in the User DB. The project itself lives in the Platform DB, so its id
 * is not checked here; the platform shows the rows on `Project.members` to whoever sees the project.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { notFound } from '../../../lib/errors';
import { User } from '../user/user.entity';
import { parseUserId } from '../user/user.loaders';
import { assertFields } from '../validation';
import { PROJECT_MEMBER_ROLES, ProjectMember, type ProjectMemberRecord, type ProjectMemberRole } from './project-member.entity';

const projectIdProblem = (id: string) => (id.trim().length === 0 || id.length > 100 ? 'Enter a project id.' : null);

export function createProjectMemberService({ em }: { em: EntityManager }) {
  return {
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
