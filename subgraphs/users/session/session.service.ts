/**
 * Sessions: an access token (short-lived JWT, verified by every service) plus a refresh token
 * (random, stored hashed, rotated on every use, revocable). Refreshing re-reads the account, so a
 * deactivated user or a changed role takes effect at the next refresh in every subgraph.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { signAccessToken, type JwtSettings } from '../../../lib/auth';
import { unauthenticated } from '../../../lib/errors';
import type { Logger } from '../../../lib/log';
import type { UserRecord } from '../user/user.entity';
import { randomToken, tokenHash } from '../validation';
import { RefreshToken } from './refresh-token.entity';

export interface AuthResult {
  accessToken: string;
  expiresAt: string;
  refreshToken: string;
  user: UserRecord;
}

/** A rotated token presented again within this time is refused but not treated as stolen. */
const REUSE_GRACE_MS = 10_000;

export const SESSION_EXPIRED = 'Your session has expired or was ended; log in again.';

export interface SessionDeps {
  em: EntityManager;
  jwt: JwtSettings;
  refreshTtlSeconds: number;
  log: Logger;
}

export function createSessionService({ em, jwt, refreshTtlSeconds, log }: SessionDeps) {
  const service = {
    /** New access and refresh tokens for `user` (the caller has checked the credentials). */
    async issue(user: UserRecord): Promise<AuthResult> {
      const refreshToken = randomToken();
      em.create(RefreshToken, {
        user: user.id,
        tokenHash: tokenHash(refreshToken),
        expiresAt: new Date(Date.now() + refreshTtlSeconds * 1000),
      });
      await em.flush();
      const { token, expiresAt } = await signAccessToken({ id: String(user.id), email: user.email, role: user.role }, jwt);
      return { accessToken: token, expiresAt: expiresAt.toISOString(), refreshToken, user };
    },

    /**
     * Rotate: the presented token is revoked in the same statement that checks it (two concurrent
     * refreshes cannot both win), then new tokens are issued. A token that was already rotated or
     * revoked and is presented again is treated as stolen: every session of its user ends.
     */
    async refresh(presented: string): Promise<AuthResult> {
      const hash = tokenHash(presented);
      const now = new Date();
      const claimed = await em.nativeUpdate(RefreshToken, { tokenHash: hash, revokedAt: null, expiresAt: { $gt: now } }, { revokedAt: now });
      const row = await em.findOne(RefreshToken, { tokenHash: hash }, { populate: ['user'] });
      if (claimed !== 1 || !row) {
        // A race between two tabs refreshing at once is not theft: only older revocations count.
        if (row?.revokedAt && now.getTime() - row.revokedAt.getTime() > REUSE_GRACE_MS) {
          const ended = await service.revokeAll(row.user.id);
          log.warn({ userId: row.user.id, ended }, 'revoked refresh token presented again; all sessions of the user ended');
        }
        throw unauthenticated(SESSION_EXPIRED);
      }
      const user = row.user.getEntity();
      if (!user.isActive) throw unauthenticated(SESSION_EXPIRED);
      return service.issue(user);
    },

    /** True when the token was active; unknown or already revoked tokens give false. */
    async logout(presented: string): Promise<boolean> {
      const count = await em.nativeUpdate(RefreshToken, { tokenHash: tokenHash(presented), revokedAt: null }, { revokedAt: new Date() });
      return count > 0;
    },

    /** End every session of a user (deactivation, password change); returns how many were active. */
    async revokeAll(userId: number, exceptHash?: string): Promise<number> {
      return em.nativeUpdate(
        RefreshToken,
        { user: userId, revokedAt: null, ...(exceptHash ? { tokenHash: { $ne: exceptHash } } : {}) },
        { revokedAt: new Date() },
      );
    },
  };
  return service;
}

export type SessionService = ReturnType<typeof createSessionService>;
