/**
 * Deactivation must end access everywhere, not only when the access token expires. Tokens stay
 * validly signed after an admin deactivates the account, so the gateway asks the users subgraph
 * (which reads the User DB and refuses deactivated accounts with UNAUTHENTICATED) whether a
 * token's account is still active, and remembers the answer for `ttlMs`: one small request per
 * token and interval, not per operation. When the users subgraph cannot be reached the check
 * lets the request through (logged): the token itself was verified, and the platform stays
 * usable during a users-subgraph outage.
 */
import type { Logger } from '../lib/log';

export interface AccountStatus {
  /** False when the users subgraph refuses the token's account (deactivated or deleted). */
  isActive(authorization: string): Promise<boolean>;
}

const MAX_ENTRIES = 10_000;

export function createAccountStatus(opts: { usersUrl: string | undefined; ttlMs: number; log: Logger }): AccountStatus {
  const cache = new Map<string, { active: boolean; until: number }>();
  return {
    async isActive(authorization) {
      if (!opts.usersUrl) return true;
      const now = Date.now();
      const hit = cache.get(authorization);
      if (hit && hit.until > now) return hit.active;
      let active: boolean;
      try {
        const res = await fetch(opts.usersUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization },
          body: JSON.stringify({ query: '{ me { id } }' }),
          signal: AbortSignal.timeout(3000),
        });
        const body = (await res.json().catch(() => ({}))) as { errors?: Array<{ extensions?: { code?: string } }> };
        active = res.status !== 401 && !body.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
      } catch (error) {
        opts.log.warn({ reason: error instanceof Error ? error.message : String(error) }, 'account status unknown: users subgraph unreachable');
        return true;
      }
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
      cache.set(authorization, { active, until: now + opts.ttlMs });
      return active;
    },
  };
}
