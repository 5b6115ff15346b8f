import { describe, it, expect, afterAll } from '@jest/globals';
import pg from 'pg';
import type { RunningService } from '../../lib/http';
import { markLegacyDatasets } from './legacy-datasets';
import { clientFor, createSeededPlatformDb, createSeededUsersDb, roleTokens, startPlatform } from './testing';

let platform: RunningService | undefined;
afterAll(async () => {
  await platform?.close();
});

describe('legacy datasets (T7)', () => {
  it('marks an old datasets table legacy, drops the job foreign key and keeps those jobs readable', async () => {
    const url = await createSeededPlatformDb('platform_legacy');
    const db = new pg.Client({ connectionString: url });
    await db.connect();
    try {
      // The shape of a pre-Labeler Platform DB: dataset metadata in the platform, jobs pointing at it.
      await db.query('create table datasets (id text primary key, name text not null, format text not null, storage_type text not null)');
      await db.query("insert into datasets select distinct dataset_id, 'old ' || dataset_id, 'coco', 'minio' from training_jobs where dataset_id is not null");
      await db.query('alter table training_jobs add constraint training_jobs_dataset_fk foreign key (dataset_id) references datasets (id)');

      const report = await markLegacyDatasets(url);
      expect(report).toEqual({
        hadDatasetsTable: true,
        legacyDatasets: 3,
        jobsReferencingLegacy: 7,
        foreignKeysDropped: ['training_jobs.training_jobs_dataset_fk'],
      });
      expect(await markLegacyDatasets(url)).toMatchObject({ legacyDatasets: 3, foreignKeysDropped: [] });
      await db.query("insert into datasets (id, name, format, storage_type) values ('ds_new', null, null, null)");
      expect((await db.query('select bool_and(is_legacy) as all from datasets')).rows[0].all).toBe(true);
    } finally {
      await db.end();
    }
    platform = await startPlatform(url, await createSeededUsersDb('platform_legacy'));
    const tokens = await roleTokens();
    const { data, errors } = await clientFor(platform).request<{ trainingJobs: { totalCount: number; nodes: Array<{ dataset: { id: string } | null }> } }>(
      '{ trainingJobs(first: 20) { totalCount nodes { dataset { id } } } }',
      {},
      { authorization: tokens.admin },
    );
    expect(errors).toBeUndefined();
    expect(data!.trainingJobs.totalCount).toBe(7);
    expect(data!.trainingJobs.nodes.every((job) => job.dataset !== null)).toBe(true);
  });

  it('reports nothing to do on a database without a datasets table', async () => {
    const url = await createSeededPlatformDb('platform_nolegacy');
    expect(await markLegacyDatasets(url)).toEqual({ hadDatasetsTable: false, legacyDatasets: 0, jobsReferencingLegacy: 0, foreignKeysDropped: [] });
  });
});
