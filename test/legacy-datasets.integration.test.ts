/**
 * Legacy datasets through the gateway (T7, seed 2.5.5 and 2.5.8): a dataset that lives only in the
 * Platform DB's legacy `datasets` table (marked `is_legacy`) is served as a `Dataset` with
 * `isLegacy: true` and its stored metadata, to platform admins and to the users whose training jobs
 * used it, and stays readable while the Labeler is down (the rollback fallback of seed 2.5.8),
 * while a Labeler dataset then fails with UPSTREAM_UNAVAILABLE.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { markLegacyDatasets } from '../subgraphs/platform/legacy-datasets';
import { codeOf } from './harness/graphql-client';
import { startStack, type Stack } from './harness/stack';

const LEGACY = 'legacy_traffic_2023';
const LEGACY_FIELDS = `id name description format storageType storagePath numImages numClasses classNames labeled visibility tags createdAt isLegacy myPermission`;
const DATASET = `query LegacyDataset($id: ID!) { dataset(id: $id) { ${LEGACY_FIELDS} } }`;

let stack: Stack;
const tokens: Record<'admin' | 'engineer' | 'guest', string> = { admin: '', engineer: '', guest: '' };
let jobId = '';

beforeAll(async () => {
  stack = await startStack();
  const db = new pg.Client({ connectionString: stack.dbUrls.platform });
  await db.connect();
  try {
    // A Platform DB from before the Labeler owned datasets: the metadata sits in the platform.
    await db.query(`create table datasets (
      id text primary key, name text not null, description text, format text not null, storage_type text not null,
      storage_path text, num_images integer, class_names text[], created_at timestamptz not null default '2023-05-01T10:00:00Z')`);
    // Written before names were checked: a bell in the description, a text-direction override in a class name.
    await db.query(
      `insert into datasets (id, name, description, format, storage_type, storage_path, num_images, class_names) values
       ($1, 'Traffic signs (2023)', $2, 'yolo', 'minio', 'legacy/traffic/', 1200, $3)`,
      [LEGACY, 'Imported before the Labeler\u0007', ['stop', 'yield', 'speed\u202E']],
    );
    const job = await db.query<{ id: string }>(
      `update training_jobs set dataset_id = $1 where id = (select id from training_jobs where owner_id = $2 order by id limit 1) returning id`,
      [LEGACY, stack.userIds.standard_engineer],
    );
    jobId = job.rows[0]!.id;
  } finally {
    await db.end();
  }
  expect(await markLegacyDatasets(stack.dbUrls.platform)).toMatchObject({ legacyDatasets: 1 });
  [tokens.admin, tokens.engineer, tokens.guest] = await Promise.all([
    stack.login('admin@example.com'),
    stack.login('standard_engineer@example.com'),
    stack.login('guest@example.com'),
  ]);
});

afterAll(async () => {
  await stack?.close();
});

const expected = {
  id: LEGACY,
  name: 'Traffic signs (2023)',
  // Shown with U+FFFD in place of the hidden characters, like a Labeler dataset's text.
  description: 'Imported before the Labeler\uFFFD',
  format: 'yolo',
  storageType: 'minio',
  storagePath: 'legacy/traffic/',
  numImages: 1200,
  numClasses: 3,
  classNames: ['stop', 'yield', 'speed\uFFFD'],
  labeled: true,
  visibility: 'private',
  tags: [],
  createdAt: '2023-05-01T10:00:00.000Z',
  isLegacy: true,
  myPermission: 'READ_ONLY',
};

describe('legacy datasets through the gateway', () => {
  it('serves a legacy dataset with isLegacy and its stored metadata to a platform admin', async () => {
    const result = await stack.graphql.request(DATASET, { id: LEGACY }, { token: tokens.admin });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ dataset: expected });
  });

  it('serves it to the owner of a job that used it, also as that job’s dataset', async () => {
    const result = await stack.graphql.request(DATASET, { id: LEGACY }, { token: tokens.engineer });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ dataset: expected });
    const job = await stack.graphql.request<{ trainingJob: { dataset: { id: string; isLegacy: boolean; name: string } | null } }>(
      'query LegacyJobDataset($id: ID!) { trainingJob(id: $id) { dataset { id isLegacy name } } }',
      { id: jobId },
      { token: tokens.engineer },
    );
    expect(job.errors).toBeUndefined();
    expect(job.data!.trainingJob.dataset).toEqual({ id: LEGACY, isLegacy: true, name: 'Traffic signs (2023)' });
  });

  it('is NOT_FOUND for a user with no job on it, exactly like a missing dataset', async () => {
    const result = await stack.graphql.request(DATASET, { id: LEGACY }, { token: tokens.guest });
    expect(codeOf(result)).toBe('NOT_FOUND');
    expect(result.data).toEqual({ dataset: null });
  });

  it('marks Labeler datasets isLegacy: false', async () => {
    const result = await stack.graphql.request<{ dataset: { isLegacy: boolean } }>(
      'query LabelerDatasetLegacy($id: ID!) { dataset(id: $id) { isLegacy } }',
      { id: stack.datasetIds[0] },
      { token: tokens.admin },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data!.dataset.isLegacy).toBe(false);
  });

  it('refuses images and a download URL of a legacy dataset with CONFLICT and a clear message', async () => {
    const result = await stack.graphql.request(
      'query LegacyFiles($id: ID!) { dataset(id: $id) { id images(first: 2) { key } } }',
      { id: LEGACY },
      { token: tokens.admin },
    );
    expect(codeOf(result)).toBe('CONFLICT');
    expect(result.errors![0]!.message).toMatch(/legacy dataset.*no files in the Labeler/i);
    const download = await stack.graphql.request(
      'query LegacyDownload($id: ID!) { dataset(id: $id) { id downloadUrl(expiresIn: 60) { url } } }',
      { id: LEGACY },
      { token: tokens.admin },
    );
    expect(codeOf(download)).toBe('CONFLICT');
  });

  it('keeps serving legacy datasets, marked isLegacy, while the Labeler is down (seed 2.5.8)', async () => {
    await stack.services.labeler.close();
    const legacy = await stack.graphql.request(DATASET, { id: LEGACY }, { token: tokens.engineer });
    expect(legacy.errors).toBeUndefined();
    expect(legacy.data).toEqual({ dataset: expected });
    const stranger = await stack.graphql.request(DATASET, { id: LEGACY }, { token: tokens.guest });
    expect(codeOf(stranger)).toBe('NOT_FOUND');
    const current = await stack.graphql.request(
      'query LabelerDatasetDown($id: ID!) { dataset(id: $id) { id name } }',
      { id: stack.datasetIds[0] },
      { token: tokens.admin },
    );
    expect(codeOf(current)).toBe('UPSTREAM_UNAVAILABLE');
  });
});
