/** Accounts: login, the caller's own account, look-ups. Resolvers call this and nothing else. */
import type { EntityManager } from '@mikro-orm/postgresql';
import { signAccessToken, type AuthUser, type JwtSettings } from '../../../lib/auth';
import { unauthenticated } from '../../../lib/errors';
import type { Logger } from '../../../lib/log';
import { spendDummyVerification, verifyPassword } from './password';
import { normalizeEmail, User, type UserRecord } from './user.entity';
import type { UserLoaders } from './user.loaders';

/** The one answer to every failed login, so callers cannot tell which part was wrong. */
export const INVALID_CREDENTIALS = 'Invalid e-mail or password.';
/** Longer inputs are refused before hashing; scrypt's cost should not be the caller's choice. */
const MAX_EMAIL_LENGTH = 320;
const MAX_PASSWORD_LENGTH = 1024;

export interface LoginResult {
  accessToken: string;
  expiresAt: Date;
  user: UserRecord;
}

export interface UserServiceDeps {
  em: EntityManager;
  loaders: UserLoaders;
  jwt: JwtSettings;
  log: Logger;
}

export function createUserService({ em, loaders, jwt, log }: UserServiceDeps) {
  return {
    async login(email: string, password: string): Promise<LoginResult> {
      const normalized = normalizeEmail(email);
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
      const { token, expiresAt } = await signAccessToken({ id: String(user.id), email: user.email, role: user.role }, jwt);
      return { accessToken: token, expiresAt, user };
    },

    /**
     * The caller's account, or null when anonymous. A valid token of a deleted or deactivated
     * account is refused, so deactivation takes effect without waiting for the token to expire.
     */
    async me(caller: AuthUser | null): Promise<UserRecord | null> {
      if (!caller) return null;
      const user = await loaders.userById.load(caller.id);
      if (!user || !user.isActive) throw unauthenticated('This account no longer exists or has been deactivated.');
      return user;
    },

    byId(id: string): Promise<UserRecord | null> {
      return loaders.userById.load(id);
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
