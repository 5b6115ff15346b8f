/**
 * databaseFailureOf on the errors real drivers raise: the pg client against a closed port, a
 * connection an administrator terminates, values PostgreSQL refuses, and MikroORM's wrappers of
 * them. Runs on the test run's PostgreSQL (jest global setup).
 */
import { describe, it, expect, beforeAll } from '@jest/globals';
import { MikroORM, PostgreSqlDriver } from '@mikro-orm/postgresql';
import pg from 'pg';
import { findFreePort } from './infra/postgres';
import { databaseFailureOf } from './db-errors';
import { createTestDatabase } from '../test/harness/infra';

let url: string;
let closedPortUrl: string;

const failureOf = async (work: () => Promise<unknown>) => {
  try {
    await work();
  } catch (error) {
    return databaseFailureOf(error);
  }
  throw new Error('expected a failure');
};

beforeAll(async () => {
  url = await createTestDatabase('db_errors');
  const closed = new URL(url);
  closed.port = String(await findFreePort());
  closedPortUrl = closed.toString();
});

describe('databaseFailureOf', () => {
  it('calls a refused connection (ECONNREFUSED), from pg and from MikroORM, unavailable', async () => {
    expect(await failureOf(() => new pg.Client({ connectionString: closedPortUrl }).connect())).toBe('unavailable');
    const orm = await MikroORM.init({
      driver: PostgreSqlDriver,
      clientUrl: closedPortUrl,
      entities: [],
      discovery: { warnWhenNoEntities: false },
      connect: false,
    });
    try {
      expect(await failureOf(() => orm.em.fork().execute('select 1'))).toBe('unavailable');
    } finally {
      await orm.close(true);
    }
  });

  it('calls a connection terminated by an administrator (57P01) unavailable, and the next query on it too', async () => {
    const client = new pg.Client({ connectionString: url });
    client.on('error', () => undefined);
    await client.connect();
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const pid = (await client.query<{ pid: number }>('select pg_backend_pid() as pid')).rows[0]!.pid;
      const running = failureOf(() => client.query('select pg_sleep(5)'));
      await new Promise((r) => setTimeout(r, 200));
      await admin.query('select pg_terminate_backend($1)', [pid]);
      expect(await running).toBe('unavailable');
      expect(await failureOf(() => client.query('select 1'))).toBe('unavailable');
    } finally {
      await admin.end();
      await client.end().catch(() => undefined);
    }
  });

  it('calls values PostgreSQL refuses (NUL text, out-of-range numbers and dates) data, and a plain bug neither', async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      expect(await failureOf(() => client.query('select $1::text', ['a\u0000b']))).toBe('data');
      expect(await failureOf(() => client.query('select $1::jsonb', [JSON.stringify({ a: 'a\u0000b' })]))).toBe('data');
      expect(await failureOf(() => client.query('select $1::int', ['1e308']))).toBe('data');
      expect(await failureOf(() => client.query('select $1::timestamptz', ['-271821-04-20T00:00:00Z']))).toBe('data');
      expect(await failureOf(() => client.query('select * from no_such_table'))).toBeNull();
      expect(databaseFailureOf(new TypeError("Cannot read properties of undefined (reading 'tasks')"))).toBeNull();
    } finally {
      await client.end();
    }
  });
});
