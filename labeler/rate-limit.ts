/**
 * D4 rate limits: 1000 requests per minute per service key and 100 per minute per user (the
 * `user_id` a request names in its query, body or path). Fixed one-minute windows in memory are
 * enough for the single-process reference; `rate-limiter-flexible` is not installed and the real
 * Labeler will use its own store. Over the limit: 429, `Retry-After` in seconds and a contract body.
 */
import type { LabelerErrorBody } from '../lib/labeler/contract';
import type { ApiReply, ApiRequest } from './api-route';

export interface RateLimits {
  servicePerMinute: number;
  userPerMinute: number;
  /** Window length; one minute in the contract, shorter only in unit tests. */
  windowMs?: number;
}

interface Window {
  startedAt: number;
  count: number;
}

/** Counts hits per key in fixed windows; `hit` says whether the key is still under `limit`. */
export class FixedWindowCounter {
  private readonly windows = new Map<string, Window>();
  constructor(
    private readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  hit(key: string, limit: number): { allowed: boolean; remaining: number; resetInMs: number } {
    const now = this.now();
    let window = this.windows.get(key);
    if (!window || now - window.startedAt >= this.windowMs) {
      window = { startedAt: now, count: 0 };
      this.windows.set(key, window);
      if (this.windows.size > 10_000) this.sweep(now);
    }
    window.count += 1;
    const resetInMs = window.startedAt + this.windowMs - now;
    return { allowed: window.count <= limit, remaining: Math.max(0, limit - window.count), resetInMs };
  }

  /** What is left of `key`'s current window, without counting a hit. */
  peek(key: string, limit: number): { remaining: number } {
    const window = this.windows.get(key);
    const count = window && this.now() - window.startedAt < this.windowMs ? window.count : 0;
    return { remaining: Math.max(0, limit - count) };
  }

  /** Forget finished windows so that many distinct users cannot grow the map without bound. */
  private sweep(now: number): void {
    for (const [key, window] of this.windows) if (now - window.startedAt >= this.windowMs) this.windows.delete(key);
  }
}

export const rateLimited = (scope: 'service' | 'user', limit: number, retryAfterSeconds: number): LabelerErrorBody => ({
  error: 'rate_limited',
  message: `Rate limit of ${limit} requests per minute per ${scope} exceeded; retry after ${retryAfterSeconds} s`,
  scope,
  limit,
  retry_after: retryAfterSeconds,
});

/** The 429 body of a login refused while its account or its address is locked (lib/login-throttle.ts). */
export const loginRateLimited = (scope: 'account' | 'address', limit: number, retryAfterSeconds: number): LabelerErrorBody => ({
  error: 'rate_limited',
  message: `Too many failed logins for this ${scope}; retry after ${retryAfterSeconds} s`,
  scope,
  limit,
  retry_after: retryAfterSeconds,
});

/**
 * The user a request is made for: `accessible_to` in the query (the reader a list is made for;
 * its `user_id` then only filters by owner, and listing someone's datasets must not spend that
 * owner's minute), else `user_id` in the path (`/permissions/{user_id}`), query or JSON body.
 */
export function userOf(req: Pick<ApiRequest, 'path' | 'query' | 'body'>): string | null {
  const last = (value: string | string[] | undefined) => (Array.isArray(value) ? value[value.length - 1] : value);
  const path = /\/permissions\/([^/?]+)/.exec(req.path)?.[1];
  const body = (req.body as { user_id?: unknown } | undefined)?.user_id;
  const value = last(req.query.accessible_to) ?? path ?? last(req.query.user_id) ?? body;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

export interface RateDecision {
  /** `X-RateLimit-Limit` and `X-RateLimit-Remaining` of the service window, sent on every answer. */
  headers: Record<string, string>;
  /** The 429 answer when a window is exhausted. */
  refusal?: ApiReply;
}

/**
 * Counts one authorised request against its user's window, when it names one, and then against the
 * service window. A request refused for its user is never charged to the service window: one user
 * running over their own limit cannot use up the minute of every other user (and of the calls that
 * name no user, such as those for platform admins).
 */
export function createRateLimiter(limits: RateLimits): (req: Pick<ApiRequest, 'path' | 'query' | 'body'>) => RateDecision {
  const counter = new FixedWindowCounter(limits.windowMs ?? 60_000);
  const refuse = (scope: 'service' | 'user', limit: number, resetInMs: number): ApiReply => {
    const seconds = Math.max(1, Math.ceil(resetInMs / 1000));
    return { status: 429, body: rateLimited(scope, limit, seconds), headers: { 'Retry-After': String(seconds) } };
  };
  const headersOf = (remaining: number) => ({ 'X-RateLimit-Limit': String(limits.servicePerMinute), 'X-RateLimit-Remaining': String(remaining) });
  return (req) => {
    const user = userOf(req);
    if (user !== null) {
      const perUser = counter.hit(`user:${user}`, limits.userPerMinute);
      if (!perUser.allowed) {
        return {
          headers: headersOf(counter.peek('service', limits.servicePerMinute).remaining),
          refusal: refuse('user', limits.userPerMinute, perUser.resetInMs),
        };
      }
    }
    // One service key exists, so every authorised request counts against the same service window.
    const service = counter.hit('service', limits.servicePerMinute);
    const headers = headersOf(service.remaining);
    if (!service.allowed) return { headers, refusal: refuse('service', limits.servicePerMinute, service.resetInMs) };
    return { headers };
  };
}
