/**
 * The gateway's rate limit (decisions.md #31): GraphQL operations per user and per client address,
 * over HTTP and WebSocket alike, in a fixed window per key.
 *
 * Each operation is charged to its client address (every caller; anonymous callers have their own,
 * lower limit) and, with a token, to its user id. An operation over a limit is refused with
 * RATE_LIMITED and `retryAfterSeconds` (the time left in the window); over HTTP it is a 429 with
 * `Retry-After`. Memory stays bounded: counters live for one window (the map is replaced when the
 * window turns), and past `maxKeys` distinct keys in a window the new keys share one counter, so a
 * flood from ever-new addresses is limited as one caller.
 */
import type { IncomingMessage } from 'node:http';
import { HeaderMap } from '@apollo/server';
import type { GraphQLError } from 'graphql';
import type { AuthUser } from '../lib/auth';
import { appError } from '../lib/errors';
import { clientAddress } from '../lib/login-throttle';

export interface RateLimitSettings {
  /** Length of a window, in seconds. */
  windowSeconds: number;
  /** Operations per window per user (callers with a token); 0 = no limit. */
  perUser: number;
  /** Operations per window per client address, every caller; 0 = no limit. */
  perAddress: number;
  /** Operations per window per client address without a token; 0 = no limit. */
  anonymousPerAddress: number;
  /** Proxies in front of the gateway whose `X-Forwarded-For` entry is trusted (0: the socket peer is the client). */
  trustedProxyHops: number;
}

/** Distinct keys counted per generation before new keys share one counter. */
const MAX_KEYS = 100_000;
const OVERFLOW_KEY = '\u0000overflow';

interface Counter {
  start: number;
  count: number;
}

/**
 * A fixed window per key, starting at the key's first operation. `take` charges one operation and
 * answers the seconds to wait, or 0. Counters are kept in two generations swapped once a window has
 * passed, so a key unseen for two windows is gone: memory holds at most two windows' keys.
 */
export function createWindowCounter(limit: number, windowSeconds: number, maxKeys = MAX_KEYS, now: () => number = Date.now) {
  const windowMs = windowSeconds * 1000;
  let rotatedAt = now();
  let current = new Map<string, Counter>();
  let previous = new Map<string, Counter>();
  return {
    take(key: string): number {
      if (limit <= 0) return 0;
      const at = now();
      if (at - rotatedAt >= windowMs) {
        previous = at - rotatedAt >= 2 * windowMs ? new Map() : current;
        current = new Map();
        rotatedAt = at;
      }
      const slot = current.has(key) || previous.has(key) || current.size < maxKeys ? key : OVERFLOW_KEY;
      let counter = current.get(slot) ?? previous.get(slot);
      previous.delete(slot);
      if (!counter || at - counter.start >= windowMs) counter = { start: at, count: 0 };
      counter.count += 1;
      current.set(slot, counter);
      if (counter.count <= limit) return 0;
      return Math.max(1, Math.ceil((counter.start + windowMs - at) / 1000));
    },
    /** Keys held now (both generations). */
    get size() {
      return current.size + previous.size;
    },
  };
}

export interface RateLimitRefusal {
  retryAfterSeconds: number;
  scope: 'user' | 'address';
}

export function createRateLimiter(settings: RateLimitSettings) {
  const { windowSeconds } = settings;
  const users = createWindowCounter(settings.perUser, windowSeconds);
  const addresses = createWindowCounter(settings.perAddress, windowSeconds);
  const anonymous = createWindowCounter(settings.anonymousPerAddress, windowSeconds);

  /** Charge one operation of `user` (null: anonymous) from `address`; a refusal when over a limit. */
  function charge(user: AuthUser | null, address: string): RateLimitRefusal | null {
    const byAddress = Math.max(addresses.take(address), user ? 0 : anonymous.take(address));
    if (byAddress > 0) return { retryAfterSeconds: byAddress, scope: 'address' };
    const byUser = user ? users.take(user.id) : 0;
    if (byUser > 0) return { retryAfterSeconds: byUser, scope: 'user' };
    return null;
  }

  /** The client address of a request: the socket peer, or the entry a trusted proxy appended (the logins' rule). */
  const addressOf = (req: Pick<IncomingMessage, 'headers' | 'socket'>): string => clientAddress(req, settings.trustedProxyHops);

  return { charge, addressOf };
}

export type RateLimiter = ReturnType<typeof createRateLimiter>;

const refusalMessage = (refusal: RateLimitRefusal) =>
  `Too many requests from this ${refusal.scope === 'user' ? 'account' : 'address'}; try again in ${refusal.retryAfterSeconds} s.`;

/** The WebSocket form: an `error` message for the operation (the socket stays open). */
export const rateLimitedError = (refusal: RateLimitRefusal): GraphQLError =>
  appError('RATE_LIMITED', refusalMessage(refusal), { retryAfterSeconds: refusal.retryAfterSeconds });

/** The HTTP form: refuses the whole request with 429 and `Retry-After`. */
export const rateLimitedRequestError = (refusal: RateLimitRefusal): GraphQLError =>
  appError('RATE_LIMITED', refusalMessage(refusal), {
    retryAfterSeconds: refusal.retryAfterSeconds,
    http: { status: 429, headers: new HeaderMap([['retry-after', String(refusal.retryAfterSeconds)]]) },
  });
