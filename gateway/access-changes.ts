/**
 * The gateway's end of the users service's access-change stream (`GET /internal/access-changes`,
 * subgraphs/users/access-changes.ts; decisions.md #56). While it is live, every change to what an
 * account may see reaches the gateway within moments, so remembered account states and the viewers'
 * access checks on shared subscriptions can be trusted for much longer than the account-status
 * TTL; when it drops, the gateway falls back to that TTL until the stream is back, and a
 * reconnect re-checks everyone (changes may have been missed meanwhile).
 */
import type { Logger } from '../lib/log';
import { createOutageLog } from '../lib/outage-log';

export interface AccessChangeFeed {
  /** Connected and caught up: changes arrive as they are committed. */
  live(): boolean;
  close(): void;
}

export interface AccessChangeFeedOptions {
  /** The users service's stream URL (`…/internal/access-changes`). */
  url: string;
  /** `Bearer <service token>`, asked for on every (re)connect. */
  authorization: () => Promise<string>;
  /** One account's access changed. */
  onChange(userId: string): void;
  /** Any account's may have: the stream (re)connected or the User DB listener did. */
  onReset(): void;
  log: Logger;
  /** No byte for this long (the users service sends a heartbeat every 15 s): the connection is dead. */
  silenceMs?: number;
  retryDelayMs?: { min: number; max: number };
}

export function followAccessChanges(opts: AccessChangeFeedOptions): AccessChangeFeed {
  const silenceMs = opts.silenceMs ?? 45_000;
  const retry = opts.retryDelayMs ?? { min: 500, max: 10_000 };
  let live = false;
  /** The current connection got as far as `ready` (its drop starts the backoff again). */
  let reachedReady = false;
  let closed = false;
  let controller: AbortController | null = null;
  const outages = createOutageLog({
    log: opts.log,
    waiting: 'waiting for the users service to open its access-change stream; access is re-checked on the account-status TTL meanwhile',
    down: 'access-change stream from the users service is down; access is re-checked on the account-status TTL meanwhile',
    back: 'access-change stream from the users service is live again',
  });

  const handle = (block: string) => {
    let event = 'message';
    let data = '';
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data += line.slice(5).trim();
    }
    if (event === 'ready') {
      live = true;
      outages.answered();
      reachedReady = true;
      opts.onReset();
    } else if (event === 'resync') opts.onReset();
    else if (event === 'message' && data) {
      try {
        const { userId } = JSON.parse(data) as { userId?: unknown };
        if (typeof userId === 'string') opts.onChange(userId);
      } catch {
        opts.log.warn('access-change stream: an event that is not JSON was skipped');
      }
    }
  };

  const connectOnce = async () => {
    reachedReady = false;
    controller = new AbortController();
    const abort = controller;
    let silence = setTimeout(() => abort.abort(), silenceMs);
    try {
      const response = await fetch(opts.url, {
        headers: { Authorization: await opts.authorization(), Accept: 'text/event-stream' },
        signal: abort.signal,
      });
      if (!response.ok || !response.body) throw new Error(`the users service answered ${response.status}`);
      const reader = response.body.getReader();
      const decoder = new TextDecoder();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        clearTimeout(silence);
        silence = setTimeout(() => abort.abort(), silenceMs);
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!block.startsWith(':')) handle(block);
        }
      }
      throw new Error('the users service ended the stream');
    } finally {
      clearTimeout(silence);
      live = false;
    }
  };

  void (async () => {
    let delay = retry.min;
    while (!closed) {
      try {
        await connectOnce();
      } catch (error) {
        if (closed) break;
        outages.failed({ reason: error instanceof Error ? error.message : String(error), retryInMs: delay });
      }
      if (reachedReady) delay = retry.min;
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
      delay = Math.min(retry.max, delay * 2);
    }
  })();

  return {
    live: () => live,
    close() {
      closed = true;
      live = false;
      controller?.abort();
    },
  };
}
