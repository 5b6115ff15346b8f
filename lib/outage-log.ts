/**
 * How a process reports a service it depends on and keeps retrying (the trainer's platform, the
 * gateway's access-change stream): `npm start` launches every process at once, so in the first
 * seconds the others are often not listening yet. Not having reached a service yet, within
 * `startupGraceMs` of starting, is one info line ("waiting for …"), not a warning; after that, or
 * once the service has answered, each outage is one warning when it begins and one info line when
 * it ends, not one line per retry.
 */
import type { Logger } from './log';

export interface OutageLogOptions {
  log: Logger;
  /** Said once while the service has not answered yet, within the grace period. */
  waiting: string;
  /** Said (warn) when an outage begins. */
  down: string;
  /** Said when the service answers again after an outage. */
  back: string;
  /** How long after start a service that never answered is still "starting" (ms). */
  startupGraceMs?: number;
  now?: () => number;
}

export interface OutageLog {
  /** An attempt failed; `fields` (e.g. the reason) go on the line, if one is written. */
  failed(fields: Record<string, unknown>): void;
  /** An attempt succeeded. */
  answered(): void;
}

export const STARTUP_GRACE_MS = 30_000;

export function createOutageLog(opts: OutageLogOptions): OutageLog {
  const now = opts.now ?? Date.now;
  const startedAt = now();
  const grace = opts.startupGraceMs ?? STARTUP_GRACE_MS;
  let everAnswered = false;
  let saidWaiting = false;
  let down = false;
  return {
    failed(fields) {
      if (!everAnswered && now() - startedAt < grace) {
        if (!saidWaiting) opts.log.info(fields, opts.waiting);
        saidWaiting = true;
        return;
      }
      if (!down) opts.log.warn(fields, opts.down);
      down = true;
    },
    answered() {
      if (down) opts.log.info(opts.back);
      down = false;
      everAnswered = true;
    },
  };
}
