/**
 * GraphQL ↔ the users subgraph's services. Thin on purpose: no rules live here, only shape
 * conversion. Root fields are wrapped with their `@access` checks by `createSubgraph`.
 */
import type { UsersContext } from './context';
import type { Resolvers } from './__generated__/resolvers-types';
import { invitationStatus } from './invitation/invitation.service';
import { fromGraphQLRole, toGraphQLRole } from './user/role';
import type { AuthResult } from './session/session.service';

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/**
 * The account a login-like mutation just authenticated sees its own organization in the answer.
 * Only `viewer` changes (what is visible), never `user` (what is allowed), so later fields of the
 * same document run with the request's original credentials.
 */
async function asSession(ctx: UsersContext, pending: Promise<AuthResult>): Promise<AuthResult> {
  const result = await pending;
  if (!ctx.user) ctx.viewer = result.user;
  return result;
}

export const usersResolvers: Resolvers = {
  Query: {
    me: (_parent, _args, ctx) => ctx.users.me(ctx.viewer),
    user: (_parent, { id }, ctx) => ctx.users.byId(id),
    users: (_parent, args, ctx) => ctx.users.list(args),
    organization: (_parent, { id }, ctx) => ctx.organizations.visible(ctx.user, ctx.viewer, id),
    invitationPreview: async (_parent, { token }, ctx) => {
      const invitation = await ctx.invitations.preview(token);
      if (!invitation) return null;
      return {
        email: invitation.email,
        role: toGraphQLRole(invitation.role),
        organizationName: invitation.organization?.getEntity().name ?? null,
        status: invitationStatus(invitation),
        expiresAt: invitation.expiresAt.toISOString(),
      };
    },
  },
  Mutation: {
    login: (_parent, { email, password }, ctx) => asSession(ctx, ctx.users.login(email, password)),
    signUp: (_parent, { input }, ctx) => asSession(ctx, ctx.users.signUp(input)),
    refreshToken: (_parent, { refreshToken }, ctx) => asSession(ctx, ctx.sessions.refresh(refreshToken)),
    logout: (_parent, { refreshToken }, ctx) => ctx.sessions.logout(refreshToken),
    changePassword: (_parent, { currentPassword, newPassword }, ctx) => ctx.users.changePassword(currentPassword, newPassword),
    updateProfile: (_parent, { fullName }, ctx) => ctx.users.updateProfile(fullName),
    createOrganization: (_parent, { name }, ctx) => ctx.organizations.create(name),
    renameOrganization: (_parent, { id, name }, ctx) => ctx.organizations.rename(id, name),
    inviteUser: (_parent, { input }, ctx) =>
      ctx.invitations.invite({
        ...input,
        role: fromGraphQLRole(input.role),
        datasetPermission: input.datasetPermission ? (input.datasetPermission.toLowerCase() as 'viewer' | 'editor') : null,
      }),
    revokeInvitation: (_parent, { id }, ctx) => ctx.invitations.revoke(id),
    acceptInvitation: (_parent, { token, password, fullName }, ctx) => asSession(ctx, ctx.invitations.accept(token, { password, fullName })),
    updateUserRole: (_parent, { userId, role }, ctx) => ctx.users.updateUserRole(userId, fromGraphQLRole(role)),
    deactivateUser: (_parent, { userId }, ctx) => ctx.users.deactivateUser(userId),
    addProjectMember: (_parent, { projectId, userId, role }, ctx) => ctx.projectMembers.add(projectId, userId, role ?? 'member'),
    removeProjectMember: (_parent, { projectId, userId }, ctx) => ctx.projectMembers.remove(projectId, userId),
  },
  User: {
    // The gateway sends many representations per request; the loader makes them one SQL query.
    __resolveReference: (reference, ctx) => ctx.users.byId(reference.id),
    id: (user) => String(user.id),
    role: (user) => toGraphQLRole(user.role),
    createdAt: (user) => user.createdAt.toISOString(),
    organization: (user, _args, ctx) => {
      const organizationId = user.organization?.id;
      return organizationId === undefined ? null : ctx.organizations.visible(ctx.user, ctx.viewer, organizationId);
    },
  },
  Organization: {
    __resolveReference: (reference, ctx) => ctx.organizations.visible(ctx.user, ctx.viewer, reference.id),
    id: (organization) => String(organization.id),
    createdAt: (organization) => organization.createdAt.toISOString(),
    members: (organization, _args, ctx) => ctx.organizations.members(organization.id),
    // Empty rather than an error for plain members, so one organization page works for every role.
    invitations: (organization, _args, ctx) =>
      ctx.organizations.mayManage(ctx.user, ctx.viewer, organization.id) ? ctx.invitations.listForOrganization(organization.id) : [],
  },
  Invitation: {
    id: (invitation) => String(invitation.id),
    role: (invitation) => toGraphQLRole(invitation.role),
    status: (invitation) => invitationStatus(invitation),
    organization: (invitation, _args, ctx) => (invitation.organization ? ctx.organizations.visible(ctx.user, ctx.viewer, invitation.organization.id) : null),
    expiresAt: (invitation) => invitation.expiresAt.toISOString(),
    acceptedAt: (invitation) => iso(invitation.acceptedAt),
    datasetPermission: (invitation) => (invitation.datasetPermission ? (invitation.datasetPermission.toUpperCase() as 'VIEWER' | 'EDITOR') : null),
    createdAt: (invitation) => invitation.createdAt.toISOString(),
    invitedBy: (invitation, _args, ctx) => (invitation.createdBy ? ctx.users.byId(String(invitation.createdBy.id)) : null),
  },
  ProjectMember: {
    user: async (member, _args, ctx) => {
      const user = await ctx.users.byId(String(member.user.id));
      if (!user) throw new Error(`project member ${member.id} points to a missing user`);
      return user;
    },
    addedAt: (member) => member.createdAt.toISOString(),
  },
};
