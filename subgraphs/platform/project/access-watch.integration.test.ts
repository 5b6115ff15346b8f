import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import pg from 'pg';
import { ACCESS_CHANGED_CHANNEL } from '../../../lib/auth';
import { createLogger } from '../../../lib/log';
import { createPgPubSub, type PgPubSub } from '../../../lib/pubsub';
import { createTestDatabase } from '../../../test/harness/infra';
import { waitFor } from '../../../test/helpers';
import { createAccessWatch, type AccessWatch } from './access-watch';

let url: string;
let db: pg.Client;
const opened: Array<{ pubsub: PgPubSub; watch: AccessWatch }> = [];

/** A watch on its own listener connection, with a clock the test moves. */
function open(maxAgeMs: number, heard: string[] = []) {
  const time = { now: 1_000_000 };
  const pubsub = createPgPubSub({ connectionString: url, log: createLogger('access-watch-test', 'silent') });
  const watch = createAccessWatch({
    pubsub,
    maxAgeMs,
    onChange: (userId) => heard.push(userId),
    onReset: () => heard.push('*'),
    log: createLogger('access-watch-test', 'silent'),
    now: () => time.now,
  });
  opened.push({ pubsub, watch });
  return { watch, time, heard };
}

const notify = (userId: string) => db.query('select pg_notify($1, $2)', [ACCESS_CHANGED_CHANNEL, JSON.stringify({ userId })]);

beforeAll(async () => {
  url = await createTestDatabase('access_watch');
  db = new pg.Client({ connectionString: url });
  await db.connect();
});

afterAll(async () => {
  for (const { watch, pubsub } of opened) {
    watch.close();
    await pubsub.close();
  }
  await db?.end();
});

describe('the access watch', () => {
  it('asks for a check only for an account whose change was heard, once, and for every account past maxAgeMs', async () => {
    const { watch, time, heard } = open(5000);
    await waitFor(() => watch.live(), 5000, 'the listener');
    const seven = watch.clock('7');
    const eight = watch.clock('8');
    expect([seven.due(), eight.due()]).toEqual([false, false]);

    await notify('7');
    await waitFor(() => heard.includes('7'), 5000, 'the notification');
    expect([seven.due(), eight.due()]).toEqual([true, false]);
    // The check that `due()` asked for saw the change: the next frame goes out on it.
    expect(seven.due()).toBe(false);

    time.now += 4999;
    expect(eight.due()).toBe(false);
    time.now += 1;
    expect(eight.due()).toBe(true);
    expect(eight.due()).toBe(false);
    expect(watch.stats).toEqual({ checks: 2, skips: 6 });
  });

  it('asks every time for a caller without an account, and with maxAgeMs 0', async () => {
    const { watch } = open(0);
    await waitFor(() => watch.live(), 5000, 'the listener');
    expect([watch.clock('7').due(), watch.clock('7').due()]).toEqual([true, true]);
    const { watch: other } = open(5000);
    await waitFor(() => other.live(), 5000, 'the listener');
    const anonymous = other.clock(null);
    expect([anonymous.due(), anonymous.due()]).toEqual([true, true]);
  });

  it('asks every time while it cannot listen', async () => {
    const time = { now: 0 };
    const pubsub = createPgPubSub({ connectionString: 'postgres://nobody:wrong@127.0.0.1:1/none', log: createLogger('access-watch-test', 'silent') });
    const watch = createAccessWatch({
      pubsub,
      maxAgeMs: 60_000,
      log: createLogger('access-watch-test', 'silent'),
      now: () => time.now,
      retryDelayMs: { min: 50, max: 50 },
    });
    opened.push({ pubsub, watch });
    const clock = watch.clock('7');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(watch.live()).toBe(false);
    expect([clock.due(), clock.due()]).toEqual([true, true]);
    // Without a listener at all (ACCESS_CHANGES_TTL_MS=0) likewise.
    const off = createAccessWatch({ pubsub: null, maxAgeMs: 60_000, log: createLogger('access-watch-test', 'silent'), now: () => time.now });
    const offClock = off.clock('7');
    expect([off.live(), offClock.due(), offClock.due()]).toEqual([false, true, true]);
    off.close();
  });
});
