/**
 * The platform's end of the User DB's access changes (`access_changed`, lib/auth.ts; decisions.md
 * #64). A job's visibility depends on the viewer's role, active state and project memberships, which
 * live in the User DB, and on the job's owner and project, which never change. While this process
 * LISTENs to the channel, a delta stream need not re-check its viewer before every frame: it
 * re-checks when a change of that account was reported, when changes may have been missed (the
 * listener was down or reconnected), and at the latest after `maxAgeMs` (`ACCESS_CHANGES_TTL_MS`, a
 * safety net). While the listener is down, or without one, every frame is checked.
 */
import { ACCESS_CHANGED_CHANNEL } from '../../../lib/auth';
import type { Logger } from '../../../lib/log';
import type { PgPubSub } from '../../../lib/pubsub';

/** One stream's clock: `due()` says whether its viewer's access must be checked before this frame. */
export interface AccessCheckClock {
  /**
   * True when the viewer's access may have changed since the last time this returned true (or since
   * the clock was started): the caller checks it now. Counted as a check (or a skip) for `/metrics`.
   */
  due(): boolean;
}

export interface AccessWatch {
  /**
   * A clock for one stream of `userId` (null: an anonymous or service caller, checked every time).
   * Start it before the stream's first check, so a change during that check is not missed.
   */
  clock(userId: string | null): AccessCheckClock;
  /** LISTENing: changes are heard as they are committed. */
  live(): boolean;
  /** Frames whose viewer was checked again, and frames served on the last check. */
  stats: { checks: number; skips: number };
  close(): void;
}

export interface AccessWatchOptions {
  /** A pubsub on the User DB (its own listener connection); null: do not listen (every check is due). */
  pubsub: PgPubSub | null;
  /** While listening, a check stands at most this long without a heard change (0: never). */
  maxAgeMs: number;
  /** One account's access changed (e.g. forget its remembered state). */
  onChange?: (userId: string) => void;
  /** Any account's may have (the listener (re)connected). */
  onReset?: () => void;
  log: Logger;
  retryDelayMs?: { min: number; max: number };
  now?: () => number;
}

/** Accounts remembered as changed; past this many, everyone is re-checked instead (a reset). */
const MAX_CHANGED = 10_000;

type Notification = { userId?: unknown } | { resync: true };

export function createAccessWatch(opts: AccessWatchOptions): AccessWatch {
  const clockNow = opts.now ?? Date.now;
  const retry = opts.retryDelayMs ?? { min: 500, max: 10_000 };
  // A sequence number per change: a check "saw" everything up to the number taken when it started.
  let seq = 0;
  let resetAt = 0;
  const changedAt = new Map<string, number>();
  let listening = false;
  let closed = false;
  let events: AsyncIterableIterator<Notification> | null = null;
  const stats = { checks: 0, skips: 0 };

  const reset = () => {
    resetAt = ++seq;
    changedAt.clear();
    opts.onReset?.();
  };
  const changed = (userId: string) => {
    if (changedAt.size >= MAX_CHANGED) return reset();
    changedAt.delete(userId);
    changedAt.set(userId, ++seq);
    opts.onChange?.(userId);
  };
  const pubsub = opts.pubsub;
  const live = () => {
    if (listening && !pubsub?.isConnected()) {
      // The connection dropped (it resyncs once back): what was checked before may have changed meanwhile.
      listening = false;
      reset();
    }
    return listening;
  };

  void (async () => {
    let delay = retry.min;
    while (!closed && pubsub) {
      try {
        events = await pubsub.subscribe<Notification>(ACCESS_CHANGED_CHANNEL, { onResync: () => ({ resync: true }) });
        delay = retry.min;
        listening = true;
        // Changes before the LISTEN were not heard.
        reset();
        for await (const event of events) {
          if ('resync' in event) {
            listening = pubsub.isConnected();
            reset();
          } else if (typeof event.userId === 'string') changed(event.userId);
        }
      } catch (error) {
        if (closed) break;
        opts.log.warn(
          { reason: error instanceof Error ? error.message : String(error), retryInMs: delay },
          'cannot listen to access changes in the User DB; delta streams re-check their viewer before every frame meanwhile',
        );
      }
      listening = false;
      if (closed) break;
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
      delay = Math.min(retry.max, delay * 2);
    }
  })();

  return {
    clock(userId) {
      let mark = seq;
      let at = clockNow();
      return {
        due() {
          const now = clockNow();
          const stale = userId === null || !live() || resetAt > mark || (changedAt.get(userId) ?? 0) > mark || opts.maxAgeMs <= 0 || now - at >= opts.maxAgeMs;
          if (!stale) {
            stats.skips += 1;
            return false;
          }
          stats.checks += 1;
          mark = seq;
          at = now;
          return true;
        },
      };
    },
    live,
    stats,
    close() {
      closed = true;
      listening = false;
      void events?.return?.();
    },
  };
}
