/**
 * Cross-replica events over PostgreSQL LISTEN/NOTIFY (decisions.md #20). Writers change rows first and
 * then `NOTIFY` (inside their transaction, so the event is delivered on commit and never for a
 * rolled-back change); payloads carry ids only and readers re-read the rows. Each process holds ONE
 * dedicated listener connection and fans notifications out to in-process async iterators.
 *
 * If the connection drops, it reconnects with backoff, LISTENs again and tells subscribers that
 * asked for it (`onResync`) to re-read, because notifications sent meanwhile are gone.
 */
import pg from 'pg';
import type { Logger } from './log';

export interface PubSubOptions {
  connectionString: string;
  log: Logger;
  /** Events kept per slow subscriber before the oldest are dropped (payloads are ids: re-reading catches up). */
  maxQueue?: number;
  /** Reconnect backoff bounds in milliseconds. */
  reconnectDelayMs?: { min: number; max: number };
}

export interface SubscribeOptions<T> {
  /** Keep only the events this subscriber cares about (e.g. one job id). */
  filter?: (payload: T) => boolean;
  /** Value to deliver after a reconnect, when events may have been missed; omit to deliver nothing. */
  onResync?: () => T;
}

export interface PgPubSub {
  /** Resolves once the channel is LISTENed, so no event sent after it resolves is missed. */
  subscribe<T = unknown>(channel: string, opts?: SubscribeOptions<T>): Promise<AsyncIterableIterator<T>>;
  /** NOTIFY outside any transaction (writers in a transaction use `notifyStatement`). */
  publish(channel: string, payload: unknown): Promise<void>;
  /** Open the listener connection now (start-up), instead of on the first subscribe. */
  connect(): Promise<void>;
  /** True while the listener connection is up (for health checks). */
  isConnected(): boolean;
  /** Number of live subscribers on a channel (tests, metrics). */
  subscriberCount(channel: string): number;
  close(): Promise<void>;
}

const CHANNEL = /^[a-z_][a-z0-9_]{0,62}$/;

function assertChannel(channel: string): void {
  if (!CHANNEL.test(channel)) throw new Error(`Invalid NOTIFY channel name "${channel}"`);
}

/** SQL + parameters for a NOTIFY that can run inside the writer's transaction. */
export function notifyStatement(channel: string, payload: unknown): { sql: string; params: [string, string] } {
  assertChannel(channel);
  return { sql: 'select pg_notify(?, ?)', params: [channel, JSON.stringify(payload)] };
}

interface Subscriber {
  push(value: unknown): void;
  resync(): void;
  end(): void;
}

/** A bounded queue exposed as an async iterator; `return()` unsubscribes. */
function createSubscriber<T>(maxQueue: number, opts: SubscribeOptions<T>, onEnd: () => void, log: Logger) {
  const queue: T[] = [];
  let waiter: ((result: IteratorResult<T>) => void) | null = null;
  let done = false;
  let warned = false;

  const deliver = (value: T) => {
    if (done) return;
    if (waiter) {
      const resolve = waiter;
      waiter = null;
      resolve({ value, done: false });
      return;
    }
    queue.push(value);
    if (queue.length > maxQueue) {
      queue.shift();
      if (!warned) log.warn({ maxQueue }, 'pubsub subscriber is slow; dropping its oldest events');
      warned = true;
    }
  };
  const finish = (): IteratorResult<T> => {
    if (!done) {
      done = true;
      queue.length = 0;
      onEnd();
      waiter?.({ value: undefined, done: true });
      waiter = null;
    }
    return { value: undefined, done: true };
  };

  const iterator: AsyncIterableIterator<T> = {
    next: () => {
      if (queue.length > 0) return Promise.resolve({ value: queue.shift() as T, done: false });
      if (done) return Promise.resolve({ value: undefined, done: true });
      return new Promise((resolve) => (waiter = resolve));
    },
    return: () => Promise.resolve(finish()),
    throw: (error?: unknown) => {
      finish();
      return Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  const subscriber: Subscriber = {
    push: (value) => {
      if (!opts.filter || opts.filter(value as T)) deliver(value as T);
    },
    resync: () => {
      if (opts.onResync) deliver(opts.onResync());
    },
    end: () => void finish(),
  };
  return { iterator, subscriber };
}

export function createPgPubSub(options: PubSubOptions): PgPubSub {
  const log = options.log;
  const maxQueue = options.maxQueue ?? 1000;
  const delays = options.reconnectDelayMs ?? { min: 100, max: 5000 };
  const channels = new Map<string, Set<Subscriber>>();
  let client: pg.Client | null = null;
  let connecting: Promise<pg.Client> | null = null;
  let listening = new Map<string, Promise<void>>();
  let reconnectTimer: NodeJS.Timeout | null = null;
  let closed = false;

  const dispatch = (message: pg.Notification) => {
    const subscribers = channels.get(message.channel);
    if (!subscribers || subscribers.size === 0) return;
    let payload: unknown;
    try {
      payload = message.payload ? JSON.parse(message.payload) : null;
    } catch {
      log.warn({ channel: message.channel }, 'pubsub ignored a notification whose payload is not JSON');
      return;
    }
    for (const subscriber of subscribers) subscriber.push(payload);
  };

  const quote = (channel: string) => `"${channel}"`;

  const onLost = (lost: pg.Client, error?: Error) => {
    if (client !== lost) return;
    client = null;
    listening = new Map();
    lost.removeAllListeners('notification');
    lost.end().catch(() => undefined);
    if (closed) return;
    log.warn({ err: error?.message }, 'pubsub listener connection lost; reconnecting');
    scheduleReconnect(delays.min);
  };

  const connect = (): Promise<pg.Client> => {
    if (client) return Promise.resolve(client);
    if (connecting) return connecting;
    connecting = (async () => {
      const next = new pg.Client({ connectionString: options.connectionString, keepAlive: true, application_name: 'pubsub-listener' });
      next.on('notification', dispatch);
      next.on('error', (error) => onLost(next, error));
      next.on('end', () => onLost(next));
      try {
        await next.connect();
        const fresh = new Map<string, Promise<void>>();
        for (const channel of channels.keys()) {
          await next.query(`LISTEN ${quote(channel)}`);
          fresh.set(channel, Promise.resolve());
        }
        if (closed) throw new Error('pubsub is closed');
        client = next;
        listening = fresh;
        return next;
      } catch (error) {
        next.removeAllListeners();
        next.on('error', () => undefined);
        await next.end().catch(() => undefined);
        throw error;
      } finally {
        connecting = null;
      }
    })();
    return connecting;
  };

  const scheduleReconnect = (delay: number) => {
    if (closed || reconnectTimer) return;
    reconnectTimer = setTimeout(async () => {
      reconnectTimer = null;
      try {
        await connect();
        log.info('pubsub listener reconnected');
        for (const subscribers of channels.values()) for (const subscriber of subscribers) subscriber.resync();
      } catch (error) {
        if (closed) return;
        const next = Math.min(delay * 2, delays.max);
        log.warn({ err: (error as Error).message, retryInMs: next }, 'pubsub reconnect failed');
        scheduleReconnect(next);
      }
    }, delay);
  };

  const ensureListening = async (channel: string) => {
    const conn = await connect();
    let pending = listening.get(channel);
    if (!pending) {
      pending = conn.query(`LISTEN ${quote(channel)}`).then(() => undefined);
      listening.set(channel, pending);
      pending.catch(() => listening.delete(channel));
    }
    await pending;
  };

  return {
    async subscribe<T>(channel: string, opts: SubscribeOptions<T> = {}) {
      assertChannel(channel);
      if (closed) throw new Error('pubsub is closed');
      let set = channels.get(channel);
      if (!set) channels.set(channel, (set = new Set()));
      const subscribers = set;
      // Channels stay LISTENed once used: there are only a handful, and UNLISTEN would race new subscribers.
      const { iterator, subscriber } = createSubscriber<T>(maxQueue, opts, () => subscribers.delete(subscriber), log);
      subscribers.add(subscriber);
      try {
        await ensureListening(channel);
      } catch (error) {
        subscriber.end();
        throw error;
      }
      return iterator;
    },
    async publish(channel, payload) {
      const { params } = notifyStatement(channel, payload);
      const conn = await connect();
      await conn.query('select pg_notify($1, $2)', params);
    },
    connect: async () => {
      await connect();
    },
    isConnected: () => client !== null,
    subscriberCount: (channel) => channels.get(channel)?.size ?? 0,
    async close() {
      closed = true;
      if (reconnectTimer) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      for (const subscribers of channels.values()) for (const subscriber of [...subscribers]) subscriber.end();
      channels.clear();
      const pendingConnect = connecting;
      if (pendingConnect) await pendingConnect.catch(() => undefined);
      const current = client;
      client = null;
      if (current) {
        current.removeAllListeners();
        current.on('error', () => undefined);
        await current.end().catch(() => undefined);
      }
    },
  };
}
