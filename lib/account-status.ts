/**
 * The caller's CURRENT role and status (decisions.md #25). A token carries the role its account
 * had at login and stays validly signed after an admin changes that role or deactivates the
 * account, so every service asks the account's current state and acts on it, remembered for at
 * most `ttlMs` per account: a role change or deactivation takes effect everywhere within it.
 * Where the answer comes from is the service's business (the gateway asks the users subgraph,
 * the platform and datasets subgraphs read the User DB; the users subgraph reads its row per request).
 */
import DataLoader from 'dataloader';
import { createReadPool } from './read-pool';
import { ROLES, type AuthUser, type Role } from './auth';
import { upstreamUnavailable } from './errors';
import type { Logger } from './log';

export interface AccountState {
  role: Role;
  isActive: boolean;
}

/**
 * Reads an account's state: null when the account does not exist, `'unknown'` when the source
 * cannot say (the caller then decides; throwing refuses the request instead).
 */
export type AccountLookup = (user: AuthUser, authorization: string) => Promise<AccountState | null | 'unknown'>;

export interface AccountStatus {
  /** The caller with its current role, or null when the account is deactivated or gone. */
  current(user: AuthUser, authorization: string): Promise<AuthUser | null>;
  /**
   * The account changed (or, without `userId`, any may have): its remembered state is dropped, and
   * a lookup asked for before now is not remembered when it answers.
   */
  forget(userId?: string): void;
}

const MAX_ENTRIES = 10_000;

/**
 * Once a remembered answer is older than this share of the TTL, a request still gets it at once
 * and the account is looked up again in the background: a steady stream of requests (subscription
 * events for many viewers above all) never waits for the lookups, nor fires them all at one moment.
 */
export const REFRESH_AHEAD = 0.6;

/** `ttlMs`: how long an answer is remembered; a function when that depends on the moment (the gateway's access-change feed). */
export function createAccountStatus(opts: { lookup: AccountLookup; ttlMs: number | (() => number); now?: () => number }): AccountStatus {
  const clock = opts.now ?? Date.now;
  const ttl = typeof opts.ttlMs === 'number' ? () => opts.ttlMs as number : opts.ttlMs;
  // When each account (and every account) was last forgotten: an answer asked for before that is stale.
  const forgotten = new Map<string, number>();
  let allForgottenAt = Number.NEGATIVE_INFINITY;
  const stale = (userId: string, askedAt: number) => askedAt <= Math.max(forgotten.get(userId) ?? Number.NEGATIVE_INFINITY, allForgottenAt);
  const cache = new Map<string, { state: AccountState | null; askedAt: number }>();
  // Lookups under way, per account: the requests a page fires at once share one (the TTL's expiry too).
  const pending = new Map<string, ReturnType<AccountLookup>>();
  const apply = (user: AuthUser, state: AccountState | null) => (state && state.isActive ? { ...user, role: state.role } : null);
  /** Look the account up once at a time; a known answer is remembered for the TTL from when it was asked. */
  const lookupOnce = (user: AuthUser, authorization: string) => {
    let lookup = pending.get(user.id);
    if (!lookup) {
      const askedAt = clock();
      const own: ReturnType<AccountLookup> = opts.lookup(user, authorization).finally(() => {
        if (pending.get(user.id) === own) pending.delete(user.id);
      });
      lookup = own;
      pending.set(user.id, lookup);
      lookup.then(
        (state) => {
          const ttlMs = ttl();
          if (state === 'unknown' || ttlMs <= 0 || stale(user.id, askedAt)) return;
          cache.delete(user.id);
          if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
          cache.set(user.id, { state, askedAt });
        },
        () => undefined,
      );
    }
    return lookup;
  };
  return {
    async current(user, authorization) {
      const now = clock();
      const hit = cache.get(user.id);
      // The TTL of the moment (it shortens when the gateway's access-change feed drops).
      const until = hit ? hit.askedAt + ttl() : 0;
      if (hit && until > now) {
        // Within the TTL: this answer; past REFRESH_AHEAD of it, the next one is asked for meanwhile (its failure keeps this one).
        if (until - now < (1 - REFRESH_AHEAD) * (until - hit.askedAt) && !pending.has(user.id)) void lookupOnce(user, authorization).catch(() => undefined);
        return apply(user, hit.state);
      }
      const state = await lookupOnce(user, authorization);
      // The token was verified: when the source cannot answer, its own role stands (not remembered).
      if (state === 'unknown') return user;
      return apply(user, state);
    },
    forget(userId) {
      const now = clock();
      if (userId === undefined) {
        allForgottenAt = now;
        forgotten.clear();
        cache.clear();
        pending.clear();
        return;
      }
      forgotten.delete(userId);
      if (forgotten.size >= MAX_ENTRIES) forgotten.delete(forgotten.keys().next().value!);
      forgotten.set(userId, now);
      cache.delete(userId);
      // A lookup already under way may have read the old state: the next request asks again.
      pending.delete(userId);
    },
  };
}

const isRole = (value: unknown): value is Role => (ROLES as readonly unknown[]).includes(value);

/**
 * Reads `users.role` and `users.is_active` from the shared User DB (read only, a small pool). The
 * lookups asked for in one tick go as one query (`id = any(…)`): many accounts at once (a burst of
 * subscribers, their TTLs running out together) cost one connection, not one each.
 * When the User DB cannot be read the request is refused with UPSTREAM_UNAVAILABLE — never a guess.
 */
export function createUserDbAccountLookup(url: string, log: Logger): { lookup: AccountLookup; ping(): Promise<void>; close(): Promise<void> } {
  const pool = createReadPool({ url, max: 2, what: 'User DB', log });
  const accounts = new DataLoader<number, AccountState | null>(
    async (ids) => {
      let rows: { id: number; role: string; is_active: boolean }[];
      try {
        ({ rows } = await pool.query<{ id: number; role: string; is_active: boolean }>(
          'select id, role::text as role, is_active from users where id = any($1::int[])',
          [[...ids]],
        ));
      } catch (error) {
        log.warn({ err: error instanceof Error ? error.message : String(error) }, 'account status lookup in the User DB failed');
        const refusal = upstreamUnavailable('User DB', 'Your account cannot be checked right now (the User DB is unavailable); try again shortly.');
        return ids.map(() => refusal);
      }
      const byId = new Map(rows.map((row) => [Number(row.id), row]));
      return ids.map((id) => {
        const row = byId.get(id);
        return row && isRole(row.role) ? { role: row.role, isActive: row.is_active } : null;
      });
    },
    // Lookups asked while both connections are busy wait together and go as one query.
    { cache: false, maxBatchSize: 500, batchScheduleFn: pool.whenFree },
  );
  return {
    async lookup(user) {
      // User ids are integers in the User DB; anything else names no account.
      if (!/^\d{1,9}$/.test(user.id)) return null;
      return accounts.load(Number(user.id));
    },
    /** The User DB answers (readiness). */
    ping: async () => void (await pool.query('select 1')),
    close: () => pool.close(),
  };
}

/**
 * Asks the users subgraph (`{ me { role isActive } }` with the caller's token), which reads the
 * account row fresh and refuses a deactivated account with UNAUTHENTICATED. When it cannot be
 * reached the answer is `'unknown'` (logged): the gateway then lets the subgraphs, which check
 * again from the User DB, have the final word.
 */
export function usersSubgraphAccountLookup(usersUrl: string, log: Logger): AccountLookup {
  return async (_user, authorization) => {
    try {
      const res = await fetch(usersUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization },
        body: JSON.stringify({ query: '{ me { role isActive } }' }),
        signal: AbortSignal.timeout(3000),
      });
      const body = (await res.json().catch(() => ({}))) as {
        data?: { me?: { role?: string; isActive?: boolean } | null };
        errors?: Array<{ extensions?: { code?: string } }>;
      };
      if (res.status === 401 || body.errors?.some((e) => e.extensions?.code === 'UNAUTHENTICATED')) return null;
      const role = body.data?.me?.role?.toLowerCase();
      if (!isRole(role) || typeof body.data?.me?.isActive !== 'boolean') throw new Error(`unexpected answer (HTTP ${res.status})`);
      return { role, isActive: body.data.me.isActive };
    } catch (error) {
      log.warn({ reason: error instanceof Error ? error.message : String(error) }, 'account status unknown: users subgraph unreachable');
      return 'unknown';
    }
  };
}
