/**
 * Small read pools on a real, migrated User DB: a burst that has to wait for a connection waits in
 * line instead of being told the database is unavailable, and a wait that goes on too long ends
 * with a clear error without losing the pool's connections.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import DataLoader from 'dataloader';
import pg from 'pg';
import { createTestDatabase } from '../test/harness/infra';
import { migrateUsersDb } from '../subgraphs/users/db';
import { createMembershipStore } from '../subgraphs/platform/project/project-access';
import { createUserDbAccountLookup } from './account-status';
import { databaseFailureOf } from './db-errors';
import { createLogger } from './log';
import { createReadPool } from './read-pool';

const log = createLogger('read-pool-test', 'silent');

describe('read pools under a burst', () => {
  let url: string;
  let admin: pg.Pool;
  const userIds: number[] = [];

  beforeAll(async () => {
    url = await createTestDatabase('read_pool');
    await migrateUsersDb(url);
    admin = new pg.Pool({ connectionString: url, max: 2 });
    for (let i = 0; i < 12; i++) {
      const { rows } = await admin.query<{ id: number }>(
        `insert into users (email, hashed_password, full_name, role) values ($1, 'x', $2, 'standard_engineer') returning id`,
        [`burst${i}@example.com`, `Burst ${i}`],
      );
      userIds.push(rows[0]!.id);
      await admin.query(`insert into project_members (project_id, user_id, role, created_at) values ('p-burst', $1, 'member', now())`, [rows[0]!.id]);
    }
  });

  afterAll(async () => {
    await admin.end();
  });

  /** Holds an exclusive lock on `table` for `ms`: every read of it waits, though the database is up. */
  async function holdLock(table: string, ms: number): Promise<() => Promise<void>> {
    const client = await admin.connect();
    await client.query('begin');
    await client.query(`lock table ${table} in access exclusive mode`);
    const released = new Promise<void>((resolve) =>
      setTimeout(() => {
        void client
          .query('rollback')
          .finally(() => client.release())
          .then(() => resolve());
      }, ms),
    );
    return () => released;
  }

  const settle = <T>(promises: Array<Promise<T>>) => Promise.allSettled(promises);
  const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

  it('answers every project-membership lookup of a burst that waits longer than the connect timeout', async () => {
    const store = createMembershipStore(url, log);
    try {
      const released = await holdLock('project_members', 3500);
      const lookups: Array<Promise<Map<string, Map<string, string>>>> = [];
      for (const id of userIds) lookups.push(store.membershipsOf([String(id)]));
      const results = await settle(lookups);
      await released();
      const failed = results.filter((r) => r.status === 'rejected').map((r) => String((r as PromiseRejectedResult).reason));
      expect(failed).toEqual([]);
      for (const [i, result] of results.entries()) {
        expect((result as PromiseFulfilledResult<Map<string, Map<string, string>>>).value.get(String(userIds[i]))?.get('p-burst')).toBe('member');
      }
    } finally {
      await store.close();
    }
  }, 20_000);

  it('answers every account lookup of a burst spread over many turns', async () => {
    const accounts = createUserDbAccountLookup(url, log);
    try {
      const released = await holdLock('users', 3500);
      const lookups: Array<Promise<unknown>> = [];
      // One per turn: each is a query of its own (lookups of one turn are batched into one).
      for (const id of userIds) {
        lookups.push(accounts.lookup({ id: String(id), email: '', role: 'standard_engineer' }, ''));
        await nextTurn();
      }
      const results = await settle(lookups);
      await released();
      expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
      expect(results.map((r) => (r as PromiseFulfilledResult<unknown>).value)).toEqual(userIds.map(() => ({ role: 'standard_engineer', isActive: true })));
    } finally {
      await accounts.close();
    }
  }, 20_000);

  it('ends a wait longer than its limit with a clear error, and keeps serving afterwards', async () => {
    const pool = createReadPool({ url, max: 1, what: 'User DB', log, queueTimeoutMs: 300 });
    try {
      const released = await holdLock('users', 1500);
      const first = pool.query('select count(*)::int as n from users');
      const second = pool.query('select count(*)::int as n from users');
      const started = Date.now();
      const refusal = await second.then(
        () => null,
        (error: unknown) => error,
      );
      expect(refusal).toMatchObject({ code: 'POOL_QUEUE_TIMEOUT' });
      // Answered like any database that cannot be reached (503 / UPSTREAM_UNAVAILABLE), not as an internal error.
      expect(databaseFailureOf(refusal)).toBe('unavailable');
      expect(Date.now() - started).toBeLessThan(1400);
      await expect(first).resolves.toMatchObject({ rows: [{ n: userIds.length }] });
      await released();
      // The slot the timed-out wait never took, and the one the first query gave back, are both usable.
      await expect(Promise.all([pool.query('select 1 as one'), pool.query('select 2 as two')])).resolves.toHaveLength(2);
      expect(pool.waiting).toBe(0);
    } finally {
      await pool.close();
    }
  }, 20_000);

  it('sends what a DataLoader asks while every connection is busy as one batch once one is free', async () => {
    const pool = createReadPool({ url, max: 1, what: 'User DB', log });
    const batches: number[][] = [];
    const loader = new DataLoader<number, number>(
      async (ids) => {
        batches.push([...ids]);
        const { rows } = await pool.query<{ id: number }>('select id from users where id = any($1::int[])', [[...ids]]);
        return ids.map((id) => rows.find((row) => row.id === id)?.id ?? -1);
      },
      { cache: false, batchScheduleFn: pool.whenFree },
    );
    try {
      const released = await holdLock('users', 800);
      const loads: Array<Promise<number>> = [];
      for (const id of userIds.slice(0, 6)) {
        loads.push(loader.load(id));
        await nextTurn();
      }
      await expect(Promise.all(loads)).resolves.toEqual(userIds.slice(0, 6));
      await released();
      // The first went out on the free connection; the five asked while it was busy went together.
      expect(batches).toEqual([userIds.slice(0, 1), userIds.slice(1, 6)]);
    } finally {
      await pool.close();
    }
  }, 20_000);
});
