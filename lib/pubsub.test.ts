import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import pg from 'pg';
import { createLogger } from './log';
import { createPgPubSub, type PgPubSub } from './pubsub';
import { createTestDatabase } from '../test/harness/infra';

interface Event {
  id: string;
}

let url: string;
let db: pg.Client;
const opened: PgPubSub[] = [];

function open(): PgPubSub {
  const pubsub = createPgPubSub({ connectionString: url, log: createLogger('pubsub-test', 'silent'), reconnectDelayMs: { min: 20, max: 200 } });
  opened.push(pubsub);
  return pubsub;
}

/** Next value of an iterator, or 'timeout'. */
async function nextOf<T>(iterator: AsyncIterator<T>, ms = 5000): Promise<T | 'timeout' | 'done'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), ms)));
  const result = await Promise.race([iterator.next().then((r) => (r.done ? ('done' as const) : r.value)), timeout]);
  clearTimeout(timer);
  return result;
}

const notify = (channel: string, payload: unknown) => db.query('select pg_notify($1, $2)', [channel, JSON.stringify(payload)]);

beforeAll(async () => {
  url = await createTestDatabase('pubsub');
  db = new pg.Client({ connectionString: url });
  await db.connect();
});

afterAll(async () => {
  await Promise.all(opened.map((p) => p.close()));
  await db?.end();
});

describe('PostgreSQL pubsub', () => {
  it('fans one notification out to every subscriber whose filter matches', async () => {
    const pubsub = open();
    const a = await pubsub.subscribe<Event>('jobs', { filter: (e) => e.id === 'a' });
    const any1 = await pubsub.subscribe<Event>('jobs');
    const any2 = await pubsub.subscribe<Event>('jobs');
    await notify('jobs', { id: 'b' });
    await notify('jobs', { id: 'a' });
    expect(await nextOf(any1)).toEqual({ id: 'b' });
    expect(await nextOf(any2)).toEqual({ id: 'b' });
    expect(await nextOf(a)).toEqual({ id: 'a' });
    expect(await nextOf(any1)).toEqual({ id: 'a' });
  });

  it('delivers a NOTIFY sent inside a transaction on commit and never on rollback', async () => {
    const pubsub = open();
    const events = await pubsub.subscribe<Event>('tx_events');
    await db.query('begin');
    await notify('tx_events', { id: 'rolled-back' });
    await db.query('rollback');
    await db.query('begin');
    await notify('tx_events', { id: 'committed' });
    // One pending next() for both checks: a second call would wait for a second event.
    const pending = events.next();
    const before = await Promise.race([pending.then(() => 'delivered'), new Promise((r) => setTimeout(() => r('nothing'), 200))]);
    expect(before).toBe('nothing');
    await db.query('commit');
    const after = await Promise.race([pending, new Promise((r) => setTimeout(() => r('timeout'), 10_000))]);
    expect(after).toEqual({ done: false, value: { id: 'committed' } });
  });

  it('unsubscribes on return() and ends every iterator on close()', async () => {
    const pubsub = open();
    const first = await pubsub.subscribe<Event>('closing');
    const second = await pubsub.subscribe<Event>('closing');
    expect(pubsub.subscriberCount('closing')).toBe(2);
    await first.return!();
    expect(pubsub.subscriberCount('closing')).toBe(1);
    const pending = nextOf(second);
    await pubsub.close();
    expect(await pending).toBe('done');
    await expect(pubsub.subscribe('closing')).rejects.toThrow(/closed/);
  });

  it('reconnects after the listener connection is killed and asks subscribers to re-read', async () => {
    const pubsub = open();
    const events = await pubsub.subscribe<Event>('survivors', { onResync: () => ({ id: 'resync' }) });
    await db.query(`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'pubsub-listener' and datname = current_database()`);
    expect(await nextOf(events, 5000)).toEqual({ id: 'resync' });
    expect(pubsub.isConnected()).toBe(true);
    await notify('survivors', { id: 'after' });
    expect(await nextOf(events)).toEqual({ id: 'after' });
  });

  it('publishes through its own connection and refuses channel names that are not identifiers', async () => {
    const pubsub = open();
    const events = await pubsub.subscribe<Event>('published');
    await pubsub.publish('published', { id: 'p' });
    expect(await nextOf(events)).toEqual({ id: 'p' });
    await expect(pubsub.subscribe('bad"; drop table x; --')).rejects.toThrow(/Invalid NOTIFY channel/);
  });
});
