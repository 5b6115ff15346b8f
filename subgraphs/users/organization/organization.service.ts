/**
 * Organizations: admins create and rename them; members (and admins) see them, their members,
 * and — managers of the organization and admins — their invitations.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { ROLE_RANK, type AuthUser } from '../../../lib/auth';
import { conflict, notFound } from '../../../lib/errors';
import { User, type UserRecord } from '../user/user.entity';
import { parseUserId } from '../user/user.loaders';
import { assertFields, nameProblem } from '../validation';
import { Organization, type OrganizationRecord } from './organization.entity';

export function createOrganizationService({ em }: { em: EntityManager }) {
  const mayView = (caller: AuthUser | null, viewer: UserRecord | null, organizationId: number) =>
    caller?.role === 'admin' || (viewer !== null && viewer.organization?.id === organizationId);

  /** Names tell organizations apart (invitations, the console's lists): one name, in any case, per organization. */
  const assertNameFree = async (name: string, exceptId?: number) => {
    const [taken] = await em
      .getConnection()
      .execute<{ name: string }[]>('select name from organizations where lower(name) = lower(?) and id <> ? limit 1', [name, exceptId ?? 0]);
    if (taken) throw conflict(`An organization named "${taken.name}" already exists.`);
  };

  return {
    /** The organization when the caller is a member of it or an admin; otherwise null (its existence is not revealed). */
    async visible(caller: AuthUser | null, viewer: UserRecord | null, id: string | number): Promise<OrganizationRecord | null> {
      const numeric = typeof id === 'number' ? id : parseUserId(id);
      if (numeric === null || !mayView(caller, viewer, numeric)) return null;
      return em.findOne(Organization, { id: numeric });
    },

    mayManage(caller: AuthUser | null, viewer: UserRecord | null, organizationId: number): boolean {
      if (!caller) return false;
      return caller.role === 'admin' || (ROLE_RANK[caller.role] >= ROLE_RANK.manager && viewer?.organization?.id === organizationId);
    },

    members(organizationId: number): Promise<UserRecord[]> {
      return em.find(User, { organization: organizationId }, { orderBy: { id: 'asc' } });
    },

    async create(name: string): Promise<OrganizationRecord> {
      assertFields({ name: nameProblem(name) });
      await assertNameFree(name.trim());
      const organization = em.create(Organization, { name: name.trim() });
      await em.flush();
      return organization;
    },

    async rename(id: string, name: string): Promise<OrganizationRecord> {
      assertFields({ name: nameProblem(name) });
      const numeric = parseUserId(id);
      const organization = numeric === null ? null : await em.findOne(Organization, { id: numeric });
      if (!organization) throw notFound('Organization', id);
      await assertNameFree(name.trim(), organization.id);
      organization.name = name.trim();
      await em.flush();
      return organization;
    },
  };
}

export type OrganizationService = ReturnType<typeof createOrganizationService>;
