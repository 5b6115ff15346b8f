/**
 * When `npm start` restarts a service that stopped unexpectedly, and when it gives up: at most
 * `limit` restarts within a sliding `windowMs` (systemd's StartLimitBurst/StartLimitIntervalSec),
 * each after an exponential backoff. A service that stays up for a whole window starts afresh.
 */

export interface RestartPolicy {
  /** Restarts allowed within the window; the crash after that stops the stack (0: never restart). */
  limit: number;
  windowMs: number;
  /** Delay before the first restart within the window; doubled for each further one. */
  baseDelayMs: number;
  maxDelayMs: number;
}

export const BACKOFF = { baseDelayMs: 500, maxDelayMs: 10000 } as const;

export type RestartDecision =
  /** `attempt`: the how-manieth restart within the window (1 for the first). */
  | { restart: true; attempt: number; delayMs: number; crashes: number[] }
  /** `crashes`: the times of the crashes within the window, this one included. */
  | { restart: false; crashes: number[] };

/** The decision for a crash at `now`, given the times of the service's earlier crashes. */
export function decideRestart(policy: RestartPolicy, earlierCrashes: readonly number[], now: number): RestartDecision {
  const crashes = [...earlierCrashes.filter((time) => now - time < policy.windowMs), now];
  const attempt = crashes.length;
  if (attempt > policy.limit) return { restart: false, crashes };
  const delayMs = Math.min(policy.baseDelayMs * 2 ** (attempt - 1), policy.maxDelayMs);
  return { restart: true, attempt, delayMs, crashes };
}
