/**
 * Demo data for the User DB: one organization and one user per role, `<role>@example.com`.
 * The password comes from the caller (the start script uses `devpass` outside production only),
 * so no password is written in code. Idempotent: existing rows are kept as they are.
 */
import { ROLES, type Role } from '../../lib/auth';
import { createUsersOrm } from './db';
import { Organization } from './organization/organization.entity';
import { ProjectMember, type ProjectMemberRole } from './project-member/project-member.entity';
import { hashPassword } from './user/password';
import { User } from './user/user.entity';

export const DEMO_ORGANIZATION = 'Vision Demo';

const fullNameOf = (role: Role) =>
  `Demo ${role
    .split('_')
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join(' ')}`;

export async function seedUsers(url: string, opts: { password: string }): Promise<{ userIds: Record<Role, string>; organizationId: string }> {
  if (!opts.password) throw new Error('seedUsers needs a password for the demo accounts');
  const orm = await createUsersOrm(url);
  try {
    const em = orm.em.fork();
    let organization = await em.findOne(Organization, { name: DEMO_ORGANIZATION }, { orderBy: { id: 'asc' } });
    if (!organization) {
      organization = em.create(Organization, { name: DEMO_ORGANIZATION });
      await em.flush();
    }

    const existing = await em.find(User, { email: { $in: ROLES.map((role) => `${role}@example.com`) } });
    const byEmail = new Map(existing.map((user) => [user.email, user]));
    const userIds = {} as Record<Role, string>;
    for (const role of ROLES) {
      const email = `${role}@example.com`;
      let user = byEmail.get(email);
      if (!user) {
        user = em.create(User, {
          email,
          hashedPassword: await hashPassword(opts.password),
          fullName: fullNameOf(role),
          role,
          organization,
          isActive: true,
        });
      }
      byEmail.set(email, user);
    }
    await em.flush();
    for (const role of ROLES) userIds[role] = String(byEmail.get(`${role}@example.com`)!.id);
    return { userIds, organizationId: String(organization.id) };
  } finally {
    await orm.close(true);
  }
}

/**
 * Demo project memberships (the platform's seed says which; see `demoProjectMembers`). Idempotent:
 * an existing membership keeps its role.
 */
export async function seedProjectMembers(url: string, members: { projectId: string; userId: string; role: ProjectMemberRole }[]): Promise<void> {
  if (members.length === 0) return;
  const orm = await createUsersOrm(url);
  try {
    await orm.em.fork().upsertMany(
      ProjectMember,
      members.map((m) => ({ projectId: m.projectId, user: Number(m.userId), role: m.role })),
      { onConflictFields: ['projectId', 'user'], onConflictAction: 'ignore' },
    );
  } finally {
    await orm.close(true);
  }
}
