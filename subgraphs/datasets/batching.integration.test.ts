/**
 * D6 through the gateway: a job list of N jobs (1, 20 and 500, each one `trainingJobs` field) costs
 * ceil(distinct datasets / LABELER_BATCH_MAX_SIZE) calls of `POST /datasets/batch` and nothing else,
 * whatever N is. Jobs are inserted into the Platform DB with the platform's own ORM; datasets into
 * the Labeler's database.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { createGraphQLClient } from '../../test/harness/graphql-client';
import { startStack, type Stack } from '../../test/harness/stack';
import { insertDataset } from '../../labeler/dataset.store';
import { createPlatformOrm } from '../../subgraphs/platform/db';
import { stableId } from '../../subgraphs/platform/seed';
import { TrainingJob } from '../../subgraphs/platform/training-job/training-job.entity';

const MAX_BATCH = 8;
const DISTINCT = 30;
const JOBS = 500;
const DATASETS = Array.from({ length: DISTINCT }, (_, i) => `ds_b${String(i).padStart(15, '0')}`);
const MISSING_DATASET = 'ds_0000000000000000';
const MISSING_JOB = stableId('job', 'batching:missing-dataset');

let stack: Stack;
let token: string;

/** Labeler calls made while `fn` runs: batch calls, permission checks and every API request. */
async function labelerCalls<T>(fn: () => Promise<T>) {
  const before = { ...stack.labeler.stats };
  const result = await fn();
  const s = stack.labeler.stats;
  return { result, batch: s.batchCalls - before.batchCalls, permissions: s.permissionChecks - before.permissionChecks, requests: s.requests - before.requests };
}

beforeAll(async () => {
  // Labeler calls are counted per request here: nothing remembered across requests.
  stack = await startStack({ env: { datasets: { LABELER_BATCH_MAX_SIZE: String(MAX_BATCH), LABELER_METADATA_TTL_MS: '0' } } });
  const db = new pg.Pool({ connectionString: stack.dbUrls.labeler, max: 2 });
  for (const [i, id] of DATASETS.entries()) {
    await insertDataset(db, {
      id,
      name: `batch-${i}`,
      format: 'coco',
      labeled: true,
      storage_type: 's3',
      storage_path: `datasets/${id}/`,
      visibility: 'public',
      owner_id: Number(stack.userIds.manager),
      num_classes: 1,
      num_images: 3,
      class_names: ['circle'],
      tags: ['batch'],
    });
  }
  await db.end();

  // Job i uses dataset i % 30 and is newer than job i-1 (and than every seed job): newest first lists 499, 498, …
  const orm = await createPlatformOrm(stack.dbUrls.platform);
  try {
    const base = Date.now() + 60_000;
    const job = (id: string, name: string, datasetId: string, at: number) => ({
      id,
      project: stableId('prj', 'detection'),
      ownerId: stack.userIds.admin,
      name,
      status: 'completed' as const,
      progress: 100,
      epoch: 1,
      totalEpochs: 1,
      datasetId,
      datasetSnapshotId: null,
      config: {},
      errorMessage: null,
      createdAt: new Date(at),
      updatedAt: new Date(at),
      startedAt: null,
      finishedAt: null,
    });
    const rows = Array.from({ length: JOBS }, (_, i) => job(stableId('job', `batching:${i}`), `batch-job-${i}`, DATASETS[i % DISTINCT]!, base + i * 1000));
    rows.push(job(MISSING_JOB, 'job-with-missing-dataset', MISSING_DATASET, Date.UTC(2020, 0, 1)));
    await orm.em.fork().insertMany(TrainingJob, rows);
  } finally {
    await orm.close(true);
  }
  token = await stack.login('admin@example.com');
});

afterAll(async () => {
  await stack?.close();
});

const PAGE = `query ($first: Int) { trainingJobs(first: $first) { nodes { id dataset { id name numImages } } } }`;
type Page = { nodes: Array<{ id: string; dataset: { id: string; name: string } | null }> };

describe('batching Labeler calls through the gateway (D6)', () => {
  it.each([
    [1, 1],
    [20, Math.ceil(20 / MAX_BATCH)],
    // One page of 500 over the 30 datasets: one `_entities` fetch from the gateway, one DataLoader.
    [JOBS, Math.ceil(DISTINCT / MAX_BATCH)],
  ])('a list of %i jobs in one trainingJobs field costs exactly %i batch call(s) and no other Labeler call', async (n, expected) => {
    const { result, batch, permissions, requests } = await labelerCalls(() => stack.graphql.request(PAGE, { first: n }, { token }));
    expect(result.errors).toBeUndefined();
    const nodes = (result.data!.trainingJobs as Page).nodes;
    expect(nodes).toHaveLength(n);
    // Key order is preserved: every job gets its own dataset back.
    nodes.forEach((node, k) => expect(node.dataset?.id).toBe(DATASETS[(JOBS - 1 - k) % DISTINCT]));
    expect(nodes.every((node) => node.dataset?.name.startsWith('batch-'))).toBe(true);
    expect({ batch, permissions, requests }).toEqual({ batch: expected, permissions: 0, requests: expected });
  });

  it('resolves the 500 dataset references of one entity fetch with ceil(30 / maxBatchSize) batch calls, in order', async () => {
    // What the gateway sends the datasets subgraph for one page of 500 jobs.
    const ids = Array.from({ length: JOBS }, (_, i) => DATASETS[(i * 7) % DISTINCT]!);
    const query = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Dataset { id name } } }`;
    const subgraph = createGraphQLClient(`${stack.urls.datasets}/graphql`, { token });
    const { result, batch, requests } = await labelerCalls(() => subgraph.request(query, { reps: ids.map((id) => ({ __typename: 'Dataset', id })) }));
    expect(result.errors).toBeUndefined();
    expect((result.data!._entities as Array<{ id: string }>).map((d) => d.id)).toEqual(ids);
    expect({ batch, requests }).toEqual({ batch: Math.ceil(DISTINCT / MAX_BATCH), requests: Math.ceil(DISTINCT / MAX_BATCH) });
  });

  it('answers a job whose dataset is gone with dataset null and NOT_FOUND on that field only', async () => {
    const result = await stack.graphql.request(`query ($id: ID!) { trainingJob(id: $id) { id name dataset { id name } } }`, { id: MISSING_JOB }, { token });
    expect(result.data?.trainingJob).toEqual({ id: MISSING_JOB, name: 'job-with-missing-dataset', dataset: null });
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({ path: ['trainingJob', 'dataset'], extensions: { code: 'NOT_FOUND' } });
  });
});
