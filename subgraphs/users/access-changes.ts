/**
 * `GET /internal/access-changes`: the User DB's `access_changed` notifications (a role, active state,
 * organization or project membership changed; see the 20261206100000 migration) as Server-Sent
 * Events, for the gateway only (its service token, docs/permissions.md "Service subscriptions").
 * The gateway re-checks the subscriptions of the account named and forgets its remembered state at
 * once, instead of re-checking every viewer every few seconds (decisions.md #56).
 *
 * Stream: `event: ready` once LISTENing (nothing committed after it is missed), then one
 * `data: {"userId":"…"}` per change, `event: resync` after the listener reconnected (changes may
 * have been missed: re-check everyone), and a comment line every `heartbeatMs` so a dead connection shows.
 */
import type { Express, Request, Response } from 'express';
import { ACCESS_CHANGED_CHANNEL, ACCESS_CHANGES_PATH, bearerToken, isServiceToken, type JwtSettings } from '../../lib/auth';
import type { Logger } from '../../lib/log';
import type { PgPubSub } from '../../lib/pubsub';

type Notification = { userId?: unknown } | { resync: true };

export function mountAccessChanges(app: Express, deps: { pubsub: PgPubSub; jwt: JwtSettings; log: Logger; heartbeatMs?: number }): void {
  app.get(ACCESS_CHANGES_PATH, (req, res) => void stream(req, res, deps));
}

async function stream(req: Request, res: Response, deps: { pubsub: PgPubSub; jwt: JwtSettings; log: Logger; heartbeatMs?: number }): Promise<void> {
  const token = bearerToken(req.headers.authorization);
  if (!token || !(await isServiceToken(token, deps.jwt))) {
    res.status(401).json({ error: 'UNAUTHENTICATED', message: 'This stream is for the gateway: send its service token as Authorization: Bearer <token>.' });
    return;
  }
  let events: AsyncIterableIterator<Notification>;
  try {
    events = await deps.pubsub.subscribe<Notification>(ACCESS_CHANGED_CHANNEL, { onResync: () => ({ resync: true }) });
  } catch (error) {
    deps.log.warn({ err: error }, 'access-change stream: the User DB listener is unavailable');
    res.status(503).json({ error: 'UPSTREAM_UNAVAILABLE', message: 'The User DB cannot be listened to right now; try again.' });
    return;
  }
  res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
  res.write('event: ready\ndata: {}\n\n');
  const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), deps.heartbeatMs ?? 15_000);
  heartbeat.unref();
  res.on('close', () => {
    clearInterval(heartbeat);
    void events.return?.();
  });
  for await (const event of events) {
    if ('resync' in event) res.write('event: resync\ndata: {}\n\n');
    else if (typeof event.userId === 'string' && /^\d{1,18}$/.test(event.userId)) res.write(`data: ${JSON.stringify({ userId: event.userId })}\n\n`);
  }
  clearInterval(heartbeat);
  res.end();
}
