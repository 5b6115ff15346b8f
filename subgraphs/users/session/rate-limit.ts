/**
 * In-memory login throttling: failed attempts are counted per account (e-mail) and per client
 * address in a fixed window. While a key is over its limit every attempt — even with the right
 * password — gets RATE_LIMITED, so guessing cannot continue. One process, one memory: with
 * several replicas each keeps its own counts (documented in docs/permissions.md).
 */
import { appError } from '../../../lib/errors';

export interface LoginLimits {
  maxPerAccount: number;
  maxPerAddress: number;
  windowSeconds: number;
}

interface Counter {
  failures: number;
  resetAt: number;
}

export function createLoginLimiter(limits: LoginLimits, now: () => number = Date.now) {
  const counters = new Map<string, Counter>();
  const keys = (email: string, address: string) => [
    { key: `account:${email}`, max: limits.maxPerAccount },
    { key: `address:${address}`, max: limits.maxPerAddress },
  ];
  const live = (key: string): Counter | undefined => {
    const counter = counters.get(key);
    if (counter && counter.resetAt <= now()) {
      counters.delete(key);
      return undefined;
    }
    return counter;
  };
  // Keep memory bounded under a spray of random e-mails: drop expired counters now and then.
  const sweep = () => {
    if (counters.size < 10_000) return;
    for (const [key, counter] of counters) if (counter.resetAt <= now()) counters.delete(key);
  };

  return {
    /** Throws RATE_LIMITED (with `retryAfterSeconds`) when the account or the address is over its limit. */
    check(email: string, address: string): void {
      for (const { key, max } of keys(email, address)) {
        const counter = live(key);
        if (counter && counter.failures >= max) {
          const retryAfterSeconds = Math.max(1, Math.ceil((counter.resetAt - now()) / 1000));
          throw appError('RATE_LIMITED', `Too many failed logins; try again in ${retryAfterSeconds} s.`, { retryAfterSeconds });
        }
      }
    },
    fail(email: string, address: string): void {
      sweep();
      for (const { key } of keys(email, address)) {
        const counter = live(key);
        if (counter) counter.failures += 1;
        else counters.set(key, { failures: 1, resetAt: now() + limits.windowSeconds * 1000 });
      }
    },
    /** A successful login clears the account's count (not the address's). */
    succeed(email: string): void {
      counters.delete(`account:${email}`);
    },
  };
}

export type LoginLimiter = ReturnType<typeof createLoginLimiter>;
