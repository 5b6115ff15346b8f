import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase } from '../../test/harness/infra';
import { migratePlatformDb } from './db';
import { migrationsList } from './migrations';

describe('Platform DB migrations', () => {
  let url: string;
  let client: pg.Client;

  beforeAll(async () => {
    url = await createTestDatabase('platform_db');
    client = new pg.Client({ connectionString: url });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
  });

  it('applies every migration once, even when several runners start together on an empty database', async () => {
    const lines: string[] = [];
    await Promise.all([1, 2, 3].map(() => migratePlatformDb(url, { log: (line) => lines.push(line) })));
    const applied = (await client.query<{ name: string }>('select name from mikro_orm_migrations order by id')).rows;
    expect(applied.map((m) => m.name)).toEqual(migrationsList.map((m) => m.name));
    expect(lines).toHaveLength(migrationsList.length);
  });
});
