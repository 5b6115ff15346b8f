/**
 * The per-request context of the users subgraph: the caller, their account row (checked active),
 * a fresh EntityManager fork and the services built on it.
 */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { JwtSettings } from '../../lib/auth';
import { clientAddress, type LoginThrottle } from '../../lib/login-throttle';
import { requestError } from '../../lib/errors';
import type { BaseRequestContext } from '../../lib/subgraph';
import type { GraphQLHttpRequest } from '../../lib/graphql-http';
import type { LabelerClient } from '../../lib/labeler/labeler-client';
import { createInvitationService, type InvitationService } from './invitation/invitation.service';
import { createOrganizationService, type OrganizationService } from './organization/organization.service';
import { createProjectMemberService, type ProjectMemberService } from './project-member/project-member.service';
import { createSessionService, type SessionService } from './session/session.service';
import type { UserRecord } from './user/user.entity';
import { createUserLoaders, type UserLoaders } from './user/user.loaders';
import { createUserService, type UserService } from './user/user.service';

export interface UsersContext extends BaseRequestContext {
  /** The caller's account row, read fresh for this request; null when anonymous. */
  viewer: UserRecord | null;
  loaders: UserLoaders;
  users: UserService;
  sessions: SessionService;
  invitations: InvitationService;
  organizations: OrganizationService;
  projectMembers: ProjectMemberService;
}

export interface UsersContextDeps {
  orm: MikroORM;
  jwt: JwtSettings;
  loginThrottle: LoginThrottle;
  signupMode: 'open' | 'invite';
  publicAppUrl: string;
  refreshTtlSeconds: number;
  /** Proxies in front of this subgraph that append to X-Forwarded-For (the gateway is one). */
  trustedProxyHops: number;
  /** The Labeler, for dataset invitations. */
  labeler: LabelerClient;
}

/** More than a gateway sends in one `_entities` fetch of users is left to the resolver's own batches. */
const MAX_REPRESENTED = 1000;

/**
 * The `User` ids an `_entities` request names in its `representations` variable (the gateway
 * resolving owners, members, inviters). They are looked up in the same query as the caller's own
 * row, so a cross-subgraph owner costs one User DB round trip instead of two. Nothing is returned
 * from this look-up that the resolvers would not return anyway.
 */
export function representedUserIds(body: unknown): string[] {
  const representations = (body as { variables?: { representations?: unknown } } | null | undefined)?.variables?.representations;
  if (!Array.isArray(representations)) return [];
  const ids: string[] = [];
  for (const rep of representations.slice(0, MAX_REPRESENTED)) {
    const { __typename, id } = (rep ?? {}) as { __typename?: unknown; id?: unknown };
    if (__typename === 'User' && typeof id === 'string') ids.push(id);
  }
  return ids;
}

export async function createUsersContext(base: BaseRequestContext, req: GraphQLHttpRequest, deps: UsersContextDeps): Promise<UsersContext> {
  // One fork per request: its identity map and unit of work never leak between callers.
  const em = deps.orm.em.fork();
  const loaders = createUserLoaders(em);
  let viewer: UserRecord | null = null;
  let user = base.user;
  if (user) {
    // One primary-key read per authenticated request: a deactivated or deleted account's still
    // valid token stops working here at once, and the role is the current one, not the token's.
    // Queued in the same tick, so the DataLoader sends one query for the caller and the users named.
    void loaders.userById.loadMany(representedUserIds(req.body));
    viewer = await loaders.userById.load(user.id);
    if (!viewer || !viewer.isActive) {
      throw requestError('UNAUTHENTICATED', 'This account no longer exists or has been deactivated.');
    }
    user = { ...user, role: viewer.role };
  }
  const sessions = createSessionService({ em, jwt: deps.jwt, refreshTtlSeconds: deps.refreshTtlSeconds, log: base.log });
  const invitations = createInvitationService({
    em,
    caller: user,
    viewer,
    sessions,
    publicAppUrl: deps.publicAppUrl,
    log: base.log,
    labeler: deps.labeler.forRequest(base.requestId),
  });
  const users = createUserService({
    em,
    caller: user,
    loaders,
    sessions,
    invitations,
    loginThrottle: deps.loginThrottle,
    signupMode: deps.signupMode,
    address: clientAddress(req, deps.trustedProxyHops),
    log: base.log,
  });
  return {
    ...base,
    user,
    viewer,
    loaders,
    users,
    sessions,
    invitations,
    organizations: createOrganizationService({ em }),
    projectMembers: createProjectMemberService({ em }),
  };
}
