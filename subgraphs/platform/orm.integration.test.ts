/**
 * How loaded rows behave on the shared ORM setup (lib/orm.ts), on a real Platform DB: columns are
 * plain properties of each entity (no accessors defined per instance as rows are loaded: the cost
 * decisions.md #73 removed), and a change is written by a flush or a transaction's commit, never by
 * a query made before it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createTestDatabase } from '../../test/harness/infra';
import { createPlatformOrm, migratePlatformDb, type PlatformOrm } from './db';
import { TrainingJob } from './training-job/training-job.entity';

describe('Platform DB entities', () => {
  let orm: PlatformOrm;
  let client: pg.Client;

  beforeAll(async () => {
    const url = await createTestDatabase('platform_orm');
    await migratePlatformDb(url);
    orm = await createPlatformOrm(url);
    client = new pg.Client({ connectionString: url });
    await client.connect();
    await client.query(`insert into projects (id, name, owner_id) values ('p1', 'Project', 'u1')`);
    await client.query(`insert into training_jobs (id, project_id, owner_id, name) values ('j1', 'p1', 'u1', 'first'), ('j2', 'p1', 'u1', 'second')`);
  });

  afterAll(async () => {
    await client.end();
    await orm.close(true);
  });

  it('loads columns as plain data properties of each entity', async () => {
    const [job] = await orm.em.fork().find(TrainingJob, { id: 'j1' });
    for (const column of ['name', 'status', 'progress', 'ownerId', 'config', 'createdAt'] as const) {
      const property = Object.getOwnPropertyDescriptor(job!, column);
      expect({ column, accessor: property?.get !== undefined || property?.set !== undefined }).toEqual({ column, accessor: false });
    }
    expect(job!.name).toBe('first');
    expect(job!.project.id).toBe('p1');
  });

  it('writes a change on flush, and a query before it reads the committed row', async () => {
    const em = orm.em.fork();
    const job = await em.findOneOrFail(TrainingJob, { id: 'j2' });
    job.name = 'renamed';
    // The change is not written by a query: the database still has the committed name.
    expect(await em.count(TrainingJob, { name: 'renamed' })).toBe(0);
    expect((await client.query(`select name from training_jobs where id = 'j2'`)).rows[0].name).toBe('second');
    await em.flush();
    expect((await client.query(`select name from training_jobs where id = 'j2'`)).rows[0].name).toBe('renamed');
    expect((await orm.em.fork().findOneOrFail(TrainingJob, { id: 'j2' })).name).toBe('renamed');
  });

  it('writes a change made in a transaction when it commits, and nothing when it fails', async () => {
    await orm.em.fork().transactional(async (tx) => {
      (await tx.findOneOrFail(TrainingJob, { id: 'j1' })).status = 'cancelled';
    });
    expect((await client.query(`select status from training_jobs where id = 'j1'`)).rows[0].status).toBe('cancelled');
    await expect(
      orm.em.fork().transactional(async (tx) => {
        (await tx.findOneOrFail(TrainingJob, { id: 'j1' })).name = 'half-written';
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect((await client.query(`select name from training_jobs where id = 'j1'`)).rows[0].name).toBe('first');
  });
});
