/**
 * Accounts: login, sign-up, the caller's own account, admin changes, look-ups. Resolvers call
 * this and nothing else.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireUser, type AuthUser, type Role } from '../../../lib/auth';
import { appError, badInput, conflict, forbidden, invalidCursor, notFound, unauthenticated, wholeNumberIn } from '../../../lib/errors';
import type { LoginThrottle } from '../../../lib/login-throttle';
import type { Logger } from '../../../lib/log';
import type { InvitationService } from '../invitation/invitation.service';
import type { AuthResult, SessionService } from '../session/session.service';
import { assertFields, emailProblem, MAX_EMAIL_LENGTH, MAX_PASSWORD_LENGTH, nameProblem, passwordProblem, tokenHash } from '../validation';
import { hashPassword, spendDummyVerification, verifyPassword } from './password';
import { normalizeEmail, User, type UserRecord } from './user.entity';
import { parseUserId, type UserLoaders } from './user.loaders';

/** The one answer to every failed login, so callers cannot tell which part was wrong. */
export const INVALID_CREDENTIALS = 'Invalid e-mail or password.';
const MAX_PAGE = 100;

export interface UserPage {
  nodes: UserRecord[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export interface SignUpInput {
  email: string;
  password: string;
  fullName?: string | null;
  invitationToken?: string | null;
}

export interface UserServiceDeps {
  em: EntityManager;
  /** The caller (role read fresh from their account), or null when anonymous. */
  caller: AuthUser | null;
  loaders: UserLoaders;
  sessions: SessionService;
  invitations: InvitationService;
  /** Login throttling in the User DB, shared with the Labeler's login. */
  loginThrottle: LoginThrottle;
  signupMode: 'open' | 'invite';
  /** The client address, for login throttling. */
  address: string;
  log: Logger;
}

const encodeCursor = (id: number) => Buffer.from(`user:${id}`).toString('base64url');
function decodeCursor(cursor: string): number {
  const match = /^user:(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!match) throw invalidCursor();
  return Number(match[1]);
}
const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

export function createUserService({ em, caller: requestCaller, loaders, sessions, invitations, loginThrottle, signupMode, address, log }: UserServiceDeps) {
  const require = async (id: string): Promise<UserRecord> => {
    const user = await loaders.userById.load(id);
    if (!user) throw notFound('User', id);
    return user;
  };

  return {
    async login(email: string, password: string): Promise<AuthResult> {
      // Counted before the password is checked; while the account or the address is locked even
      // the right password is refused, and an unknown e-mail is throttled the same way.
      const attempt = await loginThrottle.begin(email, address);
      if (attempt.locked) {
        const retryAfterSeconds = attempt.retryAfterSeconds;
        throw appError('RATE_LIMITED', `Too many failed logins; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
      }
      const normalized = normalizeEmail(email).slice(0, MAX_EMAIL_LENGTH + 1);
      if (normalized.length > MAX_EMAIL_LENGTH || password.length > MAX_PASSWORD_LENGTH) {
        await spendDummyVerification('');
        throw unauthenticated(INVALID_CREDENTIALS);
      }
      const user = await em.findOne(User, { email: normalized }, { populate: ['hashedPassword'] });
      if (!user) {
        await spendDummyVerification(password);
        throw unauthenticated(INVALID_CREDENTIALS);
      }
      const matches = await verifyPassword(password, user.hashedPassword);
      // Same message for a deactivated account: the error must not confirm that a password is right.
      if (!matches || !user.isActive) {
        log.info({ userId: user.id, reason: matches ? 'inactive' : 'wrong-password' }, 'login refused');
        throw unauthenticated(INVALID_CREDENTIALS);
      }
      await attempt.succeeded();
      return sessions.issue(user);
    },

    async signUp(input: SignUpInput): Promise<AuthResult> {
      if (input.invitationToken) {
        const invitation = await invitations.preview(input.invitationToken);
        if (invitation && invitation.email !== normalizeEmail(input.email)) {
          throw badInput('This invitation is for another e-mail address.', { email: 'Use the e-mail address the invitation was sent to.' });
        }
        return invitations.accept(input.invitationToken, { password: input.password, fullName: input.fullName ?? null });
      }
      if (signupMode === 'invite') throw forbidden('Sign-up is by invitation only; ask a manager for an invitation.');
      const email = normalizeEmail(input.email);
      assertFields({
        email: emailProblem(email),
        password: passwordProblem(input.password, email),
        fullName: input.fullName ? nameProblem(input.fullName, 'name') : null,
      });
      if (await em.count(User, { email })) {
        throw badInput('An account with this e-mail already exists.', { email: 'An account with this e-mail already exists; log in instead.' });
      }
      // Open sign-up grants the least power; an admin raises the role.
      const user = em.create(User, {
        email,
        hashedPassword: await hashPassword(input.password),
        fullName: input.fullName?.trim() || null,
        role: 'guest',
        isActive: true,
      });
      await em.flush();
      log.info({ userId: user.id }, 'account created by open sign-up');
      return sessions.issue(user);
    },

    /** The caller's account (loaded and checked active when the context was built), or null. */
    me(viewer: UserRecord | null): UserRecord | null {
      return viewer;
    },

    byId(id: string): Promise<UserRecord | null> {
      return loaders.userById.load(id);
    },

    async list(args: { first?: number | null; after?: string | null; search?: string | null }): Promise<UserPage> {
      const first = wholeNumberIn('first', args.first ?? 20, 1, MAX_PAGE);
      const search = args.search?.trim();
      const where = search ? { $or: [{ email: { $ilike: likePattern(search) } }, { fullName: { $ilike: likePattern(search) } }] } : {};
      const afterId = args.after ? decodeCursor(args.after) : 0;
      const [rows, totalCount] = await Promise.all([
        em.find(User, { ...where, id: { $gt: afterId } }, { orderBy: { id: 'asc' }, limit: first + 1 }),
        em.count(User, where),
      ]);
      const nodes = rows.slice(0, first);
      const last = nodes.at(-1);
      return { nodes, totalCount, pageInfo: { hasNextPage: rows.length > first, endCursor: last ? encodeCursor(last.id) : null } };
    },

    async changePassword(currentPassword: string, newPassword: string, keepRefreshToken?: string): Promise<boolean> {
      const caller = requireUser(requestCaller);
      const user = await em.findOne(User, { id: parseUserId(caller.id) ?? 0 }, { populate: ['hashedPassword'] });
      if (!user) throw unauthenticated();
      if (currentPassword.length > MAX_PASSWORD_LENGTH || !(await verifyPassword(currentPassword, user.hashedPassword))) {
        throw badInput('The current password is wrong.', { currentPassword: 'This is not your current password.' });
      }
      assertFields({
        newPassword: passwordProblem(newPassword, user.email) ?? (newPassword === currentPassword ? 'Choose a password different from the current one.' : null),
      });
      user.hashedPassword = await hashPassword(newPassword);
      await em.flush();
      // Whoever knew the old password may hold a session: end them all.
      await sessions.revokeAll(user.id, keepRefreshToken ? tokenHash(keepRefreshToken) : undefined);
      return true;
    },

    async updateProfile(fullName: string): Promise<UserRecord> {
      const caller = requireUser(requestCaller);
      assertFields({ fullName: nameProblem(fullName, 'name') });
      const user = await require(caller.id);
      user.fullName = fullName.trim();
      await em.flush();
      return user;
    },

    async updateUserRole(userId: string, role: Role): Promise<UserRecord> {
      const caller = requireUser(requestCaller);
      const user = await require(userId);
      if (user.role === 'admin' && role !== 'admin') {
        const admins = await em.count(User, { role: 'admin', isActive: true });
        if (admins <= 1 && user.isActive) throw conflict('This is the last active admin; make another admin first.');
      }
      const before = user.role;
      user.role = role;
      await em.flush();
      log.info({ by: caller.id, userId: user.id, from: before, to: role }, 'role changed');
      return user;
    },

    async deactivateUser(userId: string): Promise<UserRecord> {
      const caller = requireUser(requestCaller);
      const user = await require(userId);
      if (String(user.id) === caller.id) throw conflict('You cannot deactivate your own account.');
      user.isActive = false;
      await em.flush();
      const ended = await sessions.revokeAll(user.id);
      log.info({ by: caller.id, userId: user.id, sessionsEnded: ended }, 'account deactivated');
      return user;
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
