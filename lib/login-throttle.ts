/**
 * Login throttling shared by every service that logs users in (the users subgraph's `login` and
 * the Labeler's `POST /api/v1/auth/login`; decisions.md #27). Attempts are counted per account
 * (e-mail) and per client address in fixed windows kept in the User DB's `login_failures` table,
 * so every replica of every service sees the same counts: an account locked at one login is
 * locked at all of them.
 *
 * An attempt is counted before its password is checked, in one atomic upsert per attempt (no
 * read-modify-write race between concurrent attempts or replicas): at most the limit's number of
 * passwords is ever checked per key and window. While a key is over its limit every attempt, even
 * with the right password, is refused (and not counted). A successful login clears the account's
 * count and gives the address back its attempt. Expired rows are deleted now and then, so the
 * table holds no more than the keys tried within about one window.
 *
 * Keys are SHA-256 digests (`account:<hex>`, `address:<hex>`): fixed size, and the table lists
 * no e-mail address or client address.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { Logger } from './log';

/** The settings both services read, under the same names and with the same defaults. */
export const loginThrottleEnv = {
  /** Failed logins per e-mail within the window before RATE_LIMITED (429 at the Labeler). */
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.coerce.number().int().positive().default(5),
  /** Failed logins per client address within the window before RATE_LIMITED (429 at the Labeler). */
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(50),
  /** The login-throttling window, in seconds. */
  LOGIN_WINDOW_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(15 * 60),
};

export type LoginThrottleVariable = keyof typeof loginThrottleEnv;

export interface LoginLimits {
  maxPerAccount: number;
  maxPerAddress: number;
  windowSeconds: number;
}

export const loginLimitsOf = (vars: { [K in LoginThrottleVariable]: number }): LoginLimits => ({
  maxPerAccount: vars.LOGIN_MAX_FAILURES_PER_ACCOUNT,
  maxPerAddress: vars.LOGIN_MAX_FAILURES_PER_ADDRESS,
  windowSeconds: vars.LOGIN_WINDOW_SECONDS,
});

/** What runs the throttle's SQL: a `pg.Pool` (or anything with its `query`). */
export interface Queryable {
  query<R extends object>(sql: string, params: unknown[]): Promise<{ rows: R[] }>;
}

export type LoginScope = 'account' | 'address';

/** The attempt may go on to the password check; report a success (a failure needs nothing more). */
export interface LoginAttempt {
  locked: false;
  succeeded(): Promise<void>;
}

/** Refused before the password check: `scope` is over `limit` for `retryAfterSeconds` more. */
export interface LoginLocked {
  locked: true;
  scope: LoginScope;
  limit: number;
  retryAfterSeconds: number;
}

export interface LoginThrottle {
  /** Counts an attempt for this e-mail from this address, or refuses it while either is locked. */
  begin(email: string, address: string): Promise<LoginAttempt | LoginLocked>;
  /** Deletes expired rows now (also done by `begin`, at most once per `pruneIntervalMs`). */
  prune(): Promise<number>;
}

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
/** The account key of an e-mail: normalized as the users table stores e-mails (trimmed, lowercase). */
export const accountKey = (email: string) => `account:${digest(email.trim().toLowerCase())}`;
export const addressKey = (address: string) => `address:${digest(address)}`;

/**
 * Rows deleted per prune statement: one prune stays short even after a spray of random e-mails.
 * Rows an attempt holds are skipped, so a prune never waits for (or deadlocks with) a login.
 */
const PRUNE_BATCH = 10_000;

interface CountedRow {
  key: string;
  failures: number;
  reset_at: string;
  retry_after: number;
}

export function createLoginThrottle(opts: { db: Queryable; limits: LoginLimits; log?: Logger; pruneIntervalMs?: number }): LoginThrottle {
  const { db, limits, log } = opts;
  const pruneIntervalMs = opts.pruneIntervalMs ?? 60_000;
  let lastPrune = 0;

  const prune = async () =>
    (
      await db.query<{ n: number }>(
        `with expired as (
           delete from login_failures where key in (
             select key from login_failures where reset_at <= now() limit ${PRUNE_BATCH} for update skip locked
           ) returning 1
         ) select count(*)::int as n from expired`,
        [],
      )
    ).rows[0]!.n;

  const pruneNowAndThen = async () => {
    if (Date.now() - lastPrune < pruneIntervalMs) return;
    lastPrune = Date.now();
    try {
      const n = await prune();
      if (n > 0) log?.debug({ rows: n }, 'expired login counts deleted');
    } catch (err) {
      log?.warn({ err }, 'could not delete expired login counts');
    }
  };

  /**
   * Takes back one attempt counted in this window (a window that has since restarted is left
   * alone). One row per statement: a statement never holds one key's row lock while waiting for
   * another's, so these cannot deadlock with the counting upsert.
   */
  const uncount = (row: Pick<CountedRow, 'key' | 'reset_at'>) =>
    db.query(`update login_failures set failures = failures - 1 where key = $1 and reset_at = $2::timestamptz and failures > 0`, [row.key, row.reset_at]);

  return {
    prune,
    async begin(email, address) {
      await pruneNowAndThen();
      const account = accountKey(email);
      const keys = [
        { key: account, scope: 'account' as const, limit: limits.maxPerAccount },
        { key: addressKey(address), scope: 'address' as const, limit: limits.maxPerAddress },
      ];
      // One statement, both keys, always in this order: concurrent attempts queue on the row locks
      // and each sees the count including every attempt committed before it.
      const { rows } = await db.query<CountedRow>(
        `insert into login_failures as f (key, failures, reset_at)
         values ($1, 1, now() + make_interval(secs => $3::double precision)),
                ($2, 1, now() + make_interval(secs => $3::double precision))
         on conflict (key) do update set
           failures = case when f.reset_at <= now() then 1 else f.failures + 1 end,
           reset_at = case when f.reset_at <= now() then excluded.reset_at else f.reset_at end
         returning f.key, f.failures, f.reset_at::text as reset_at,
                   greatest(1, ceil(extract(epoch from f.reset_at - now())))::int as retry_after`,
        [keys[0]!.key, keys[1]!.key, limits.windowSeconds],
      );
      const counted = keys.map(({ key, scope, limit }) => ({ scope, limit, row: rows.find((r) => r.key === key)! }));
      const over = counted.filter(({ row, limit }) => row.failures > limit);
      if (over.length > 0) {
        // A refused attempt checks no password, so it does not count.
        await Promise.all(counted.map(({ row }) => uncount(row)));
        const longest = over.reduce((a, b) => (b.row.retry_after > a.row.retry_after ? b : a));
        return { locked: true, scope: longest.scope, limit: longest.limit, retryAfterSeconds: longest.row.retry_after };
      }
      const addressRow = counted[1]!.row;
      return {
        locked: false,
        async succeeded() {
          // The account starts afresh; the address gets back the attempt that turned out not to be a failure.
          await Promise.all([db.query(`delete from login_failures where key = $1`, [account]), uncount(addressRow)]);
        },
      };
    },
  };
}

/**
 * The client address of a request, the same way in every service: the peer, or, behind
 * `trustedHops` proxies that each append their peer to `X-Forwarded-For`, the entry the outermost
 * trusted proxy wrote (entries further left are the client's to invent). The users subgraph sits
 * behind the gateway (one hop); the Labeler is called directly (no hop) unless a load balancer
 * fronts it. IPv4 addresses mapped into IPv6 are written as IPv4, so one client is one address.
 */
export function clientAddress(req: Pick<IncomingMessage, 'headers' | 'socket'>, trustedHops: number): string {
  const header = req.headers['x-forwarded-for'];
  const forwarded = trustedHops > 0 ? (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',') : [];
  const chain = [...forwarded, req.socket.remoteAddress ?? 'unknown'].map((entry) => entry.trim()).filter(Boolean);
  const address = chain[Math.max(0, chain.length - 1 - trustedHops)]!;
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, '$1');
}
