/** The login throttle's store on a real, migrated User DB, used by two "replicas" at once. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase } from '../test/harness/infra';
import { sleep } from '../test/helpers';
import { migrateUsersDb } from '../subgraphs/users/db';
import { accountKey, addressKey, createLoginThrottle, type LoginLimits } from './login-throttle';

describe('the login throttle in the User DB', () => {
  let pools: pg.Pool[];
  let db: pg.Pool;

  const countOf = async (key: string) =>
    (await db.query<{ failures: number }>('select failures from login_failures where key = $1', [key])).rows[0]?.failures ?? 0;
  /** Two throttles on two pools: what two replicas (or the users subgraph and the Labeler) do. */
  const replicas = (limits: LoginLimits) => pools.map((pool) => createLoginThrottle({ db: pool, limits }));

  beforeAll(async () => {
    const url = await createTestDatabase('login_throttle');
    await migrateUsersDb(url);
    pools = [new pg.Pool({ connectionString: url, max: 5 }), new pg.Pool({ connectionString: url, max: 5 })];
    db = pools[0]!;
  });

  afterAll(async () => {
    await Promise.all(pools.map((pool) => pool.end()));
  });

  it('counts concurrent attempts from two replicas exactly, and refuses beyond the limit without counting', async () => {
    const [a, b] = replicas({ maxPerAccount: 40, maxPerAddress: 1000, windowSeconds: 60 });
    const results = await Promise.all(Array.from({ length: 60 }, (_, i) => (i % 2 === 0 ? a! : b!).begin('Racer@Example.com ', '192.0.2.1')));
    expect(results.filter((r) => !r.locked)).toHaveLength(40);
    expect(results.filter((r) => r.locked)).toHaveLength(20);
    expect(await countOf(accountKey('racer@example.com'))).toBe(40);
    expect(await countOf(addressKey('192.0.2.1'))).toBe(40);
    expect(await a!.begin('racer@example.com', '192.0.2.2')).toMatchObject({ locked: true, scope: 'account', limit: 40 });
  });

  it('clears the account on success and gives the address back its attempt', async () => {
    const [a] = replicas({ maxPerAccount: 5, maxPerAddress: 5, windowSeconds: 60 });
    for (let i = 0; i < 3; i += 1) expect((await a!.begin('lucky@example.com', '192.0.2.9')).locked).toBe(false);
    const attempt = await a!.begin('lucky@example.com', '192.0.2.9');
    if (attempt.locked) throw new Error('not locked yet');
    await attempt.succeeded();
    expect(await countOf(accountKey('lucky@example.com'))).toBe(0);
    expect(await countOf(addressKey('192.0.2.9'))).toBe(3);
  });

  it('starts a new window after the old one ends, and deletes expired rows', async () => {
    const [a, b] = replicas({ maxPerAccount: 2, maxPerAddress: 100, windowSeconds: 1 });
    await a!.begin('window@example.com', '192.0.2.20');
    await b!.begin('window@example.com', '192.0.2.20');
    const locked = await a!.begin('window@example.com', '192.0.2.20');
    expect(locked).toMatchObject({ locked: true, scope: 'account', retryAfterSeconds: 1 });
    await sleep(1200);
    expect((await b!.begin('window@example.com', '192.0.2.20')).locked).toBe(false);
    expect(await countOf(accountKey('window@example.com'))).toBe(1);

    for (let i = 0; i < 20; i += 1) await a!.begin(`spray${i}@example.com`, '192.0.2.21');
    await sleep(1200);
    // The window@ account, two addresses and twenty sprayed e-mails have all expired.
    expect(await a!.prune()).toBe(23);
    expect((await db.query('select count(*)::int as n from login_failures where reset_at <= now()')).rows[0].n).toBe(0);
  });
});
