import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import pg from 'pg';
import type { Role } from '../../lib/auth';
import type { RunningService } from '../../lib/http';
import { migratePlatformDb } from './db';
import { seedFixtureJobs } from './fixture-jobs';
import { seedPlatform, stableId } from './seed';
import { codeOf, type GraphQLResult } from '../../test/harness/graphql-client';
import { clientFor, createSeededPlatformDb, createSeededUsersDb, roleTokens, startPlatform, TEST_DATASET_IDS, TEST_USER_IDS } from './testing';

interface JobNode {
  id: string;
  name: string;
  status: string;
  progress: number;
  createdAt: string;
  owner: { id: string };
  dataset: { id: string } | null;
}
interface JobsPage {
  trainingJobs: { nodes: JobNode[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number };
}

const JOBS_QUERY = `query Jobs($first: Int, $after: String) {
  trainingJobs(first: $first, after: $after) {
    nodes { id name status progress createdAt owner { id } dataset { id } }
    pageInfo { hasNextPage endCursor }
    totalCount
  }
}`;
const CANCEL = `mutation Cancel($id: ID!) { cancelTrainingJob(id: $id) { id status errorMessage updatedAt } }`;
const job = (name: string) => stableId('job', name);

let databaseUrl: string;
let platform: RunningService;
let tokens: Record<Role | 'stranger', string>;

beforeAll(async () => {
  databaseUrl = await createSeededPlatformDb('platform_http');
  platform = await startPlatform(databaseUrl, await createSeededUsersDb('platform_http'));
  tokens = await roleTokens();
});

afterAll(async () => {
  await platform?.close();
});

async function allJobs(token: string, first: number): Promise<{ nodes: JobNode[]; pages: number; totalCount: number }> {
  const nodes: JobNode[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const res: GraphQLResult<JobsPage> = await clientFor(platform).request<JobsPage>(JOBS_QUERY, { first, after }, { authorization: token });
    expect(res.errors).toBeUndefined();
    const page: JobsPage['trainingJobs'] = res.data!.trainingJobs;
    nodes.push(...page.nodes);
    pages += 1;
    if (!page.pageInfo.hasNextPage) return { nodes, pages, totalCount: page.totalCount };
    after = page.pageInfo.endCursor;
  }
}

describe('platform subgraph over HTTP', () => {
  it('pages through every job newest first with opaque cursors and a stable totalCount', async () => {
    const first = await clientFor(platform).request<JobsPage>(JOBS_QUERY, { first: 3 }, { authorization: tokens.admin });
    expect(first.data!.trainingJobs.nodes).toHaveLength(3);
    expect(first.data!.trainingJobs.pageInfo.hasNextPage).toBe(true);
    expect(first.data!.trainingJobs.totalCount).toBe(7);
    expect(first.data!.trainingJobs.pageInfo.endCursor).not.toContain(first.data!.trainingJobs.nodes[2]!.id);

    const { nodes, pages, totalCount } = await allJobs(tokens.admin, 3);
    expect(pages).toBe(3);
    expect(totalCount).toBe(7);
    expect(new Set(nodes.map((n) => n.id)).size).toBe(7);
    const times = nodes.map((n) => Date.parse(n.createdAt));
    expect([...times].sort((a, b) => b - a)).toEqual(times);
  });

  it('shows managers and admins every job, and other roles only their own', async () => {
    expect((await allJobs(tokens.manager, 20)).totalCount).toBe(7);
    const mine = await allJobs(tokens.standard_engineer, 2);
    expect(mine.totalCount).toBe(3);
    expect(mine.nodes.every((n) => n.owner.id === TEST_USER_IDS.standard_engineer)).toBe(true);
    expect((await allJobs(tokens.guest, 20)).totalCount).toBe(0);
  });

  it('refuses callers without a token and rejects bad paging arguments', async () => {
    expect(codeOf(await clientFor(platform).request(JOBS_QUERY, {}))).toBe('UNAUTHENTICATED');
    expect(codeOf(await clientFor(platform).request(JOBS_QUERY, {}, { authorization: 'Bearer not-a-jwt' }))).toBe('UNAUTHENTICATED');
    expect(codeOf(await clientFor(platform).request(JOBS_QUERY, { first: 501 }, { authorization: tokens.admin }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await clientFor(platform).request(JOBS_QUERY, { after: 'garbage' }, { authorization: tokens.admin }))).toBe('BAD_USER_INPUT');
  });

  it('resolves one job with its owner, dataset and project as references, or null when not visible', async () => {
    const query = `query Job($id: ID!) { trainingJob(id: $id) {
      id status progress epoch totalEpochs datasetSnapshotId owner { id } dataset { id } project { id name owner { id } }
    } }`;
    const id = job('yolov8s-augmented');
    const own = await clientFor(platform).request<{ trainingJob: Record<string, unknown> }>(query, { id }, { authorization: tokens.standard_engineer });
    expect(own.errors).toBeUndefined();
    expect(own.data!.trainingJob).toMatchObject({
      id,
      status: 'RUNNING',
      progress: 42,
      epoch: 21,
      totalEpochs: 50,
      owner: { id: TEST_USER_IDS.standard_engineer },
      dataset: { id: TEST_DATASET_IDS[1] },
      project: { id: stableId('prj', 'detection'), owner: { id: TEST_USER_IDS.manager } },
    });
    expect(own.data!.trainingJob.datasetSnapshotId).toMatch(/^snap_[0-9a-f]{16}$/);

    const other = await clientFor(platform).request<{ trainingJob: unknown }>(query, { id }, { authorization: tokens.advanced_engineer });
    expect(other.errors).toBeUndefined();
    expect(other.data!.trainingJob).toBeNull();
    const missing = await clientFor(platform).request<{ trainingJob: unknown }>(query, { id: 'job_missing' }, { authorization: tokens.admin });
    expect(missing.data!.trainingJob).toBeNull();
  });

  it('resolves TrainingJob and Project entity references for the gateway with the same visibility', async () => {
    const query = `query Entities($representations: [_Any!]!) { _entities(representations: $representations) {
      ... on TrainingJob { id name } ... on Project { id name }
    } }`;
    const representations = [
      { __typename: 'TrainingJob', id: job('resnet50-defects') },
      { __typename: 'TrainingJob', id: job('yolov8n-baseline') },
      { __typename: 'Project', id: stableId('prj', 'inspection') },
      { __typename: 'Project', id: stableId('prj', 'detection') },
    ];
    const asStandard = await clientFor(platform).request<{ _entities: ({ id: string } | null)[] }>(
      query,
      { representations },
      { authorization: tokens.standard_engineer },
    );
    expect(asStandard.data!._entities.map((e) => e?.id ?? null)).toEqual([null, job('yolov8n-baseline'), null, stableId('prj', 'detection')]);
    const asManager = await clientFor(platform).request<{ _entities: ({ id: string } | null)[] }>(
      query,
      { representations },
      { authorization: tokens.manager },
    );
    expect(asManager.data!._entities.map((e) => e?.id)).toEqual(representations.map((r) => r.id));
  });

  it('lists projects visible to the caller', async () => {
    const query = `{ projects { nodes { id name } totalCount } }`;
    const manager = await clientFor(platform).request<{ projects: { totalCount: number } }>(query, {}, { authorization: tokens.manager });
    expect(manager.data!.projects.totalCount).toBe(2);
    const standard = await clientFor(platform).request<{ projects: { nodes: { id: string }[]; totalCount: number } }>(
      query,
      {},
      { authorization: tokens.standard_engineer },
    );
    expect(standard.data!.projects.nodes.map((p) => p.id)).toEqual([stableId('prj', 'detection')]);
    expect(standard.data!.projects.totalCount).toBe(1);
  });

  it('lets the owner cancel a queued job and records the change in the event log', async () => {
    const id = job('rtdetr-finetune');
    const res = await clientFor(platform).request<{ cancelTrainingJob: { id: string; status: string; errorMessage: string } }>(
      CANCEL,
      { id },
      { authorization: tokens.standard_engineer },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.cancelTrainingJob).toMatchObject({ id, status: 'CANCELLED', errorMessage: 'Cancelled by standard_engineer@example.com.' });

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const events = await client.query('select kind, payload from training_events where job_id = $1', [id]);
      expect(events.rows).toEqual([{ kind: 'status', payload: { from: 'queued', to: 'cancelled', by: TEST_USER_IDS.standard_engineer } }]);
    } finally {
      await client.end();
    }
  });

  it('lets a manager cancel somebody else’s running job', async () => {
    const res = await clientFor(platform).request<{ cancelTrainingJob: { status: string } }>(
      CANCEL,
      { id: job('yolov8m-night-shift') },
      { authorization: tokens.manager },
    );
    expect(res.data?.cancelTrainingJob.status).toBe('CANCELLED');
  });

  it('answers CONFLICT with a clear message when the job already ended', async () => {
    const res = await clientFor(platform).request(CANCEL, { id: job('yolov8n-baseline') }, { authorization: tokens.standard_engineer });
    expect(codeOf(res)).toBe('CONFLICT');
    expect(res.errors![0]!.message).toMatch(/already COMPLETED; only QUEUED or RUNNING jobs can be cancelled/);
  });

  it('answers a job the caller may not see exactly like an unknown one (NOT_FOUND), UNAUTHENTICATED to a token of no account and FORBIDDEN to a guest', async () => {
    const id = job('yolov8s-augmented');
    const missing = await clientFor(platform).request(CANCEL, { id: 'job_missing' }, { authorization: tokens.admin });
    expect(codeOf(missing)).toBe('NOT_FOUND');
    const foreign = await clientFor(platform).request(CANCEL, { id }, { authorization: tokens.advanced_engineer });
    expect(codeOf(foreign)).toBe('NOT_FOUND');
    expect(foreign.errors![0]!.message).toBe(`Training job ${id} does not exist.`);
    // A validly signed token whose account is not in the User DB (decisions.md #25).
    expect(codeOf(await clientFor(platform).request(CANCEL, { id }, { authorization: tokens.stranger }))).toBe('UNAUTHENTICATED');
    // Below the field's role (@access): refused before any job is looked at.
    expect(codeOf(await clientFor(platform).request(CANCEL, { id }, { authorization: tokens.guest }))).toBe('FORBIDDEN');
    const after = await clientFor(platform).request<{ trainingJob: { status: string } }>(
      `{ trainingJob(id: "${id}") { status } }`,
      {},
      { authorization: tokens.admin },
    );
    expect(after.data!.trainingJob.status).toBe('RUNNING');
  });

  it('migrates and seeds again without changes, keeping jobs that changed since', async () => {
    await migratePlatformDb(databaseUrl);
    await seedPlatform(databaseUrl, { userIds: TEST_USER_IDS, datasetIds: TEST_DATASET_IDS });
    await seedFixtureJobs(databaseUrl, { userIds: TEST_USER_IDS, datasetIds: TEST_DATASET_IDS });
    const { nodes, totalCount } = await allJobs(tokens.admin, 50);
    expect(totalCount).toBe(7);
    expect(nodes.find((n) => n.id === job('rtdetr-finetune'))!.status).toBe('CANCELLED');
    expect(new Set(nodes.map((n) => n.status))).toEqual(new Set(['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED']));
  });

  it('reports healthy on /health', async () => {
    const res = await fetch(`${platform.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', service: 'platform' });
  });
});
