/**
 * Job lists against a real Platform DB and a real User DB: `TrainingJobFilter`, visibility through
 * project membership, `Dataset.trainingJobs` batched across datasets (counted SQL), and a clear
 * error when the User DB cannot be read.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import pg from 'pg';
import type { Role } from '../../../lib/auth';
import type { RunningService } from '../../../lib/http';
import { stableId } from '../seed';
import { codeOf } from '../../../test/harness/graphql-client';
import { clientFor, createSeededPlatformDb, createSeededUsersDb, roleTokens, startPlatform, TEST_DATASET_IDS, TEST_USER_IDS } from '../testing';

interface Page {
  totalCount: number;
  nodes: { id: string; name: string; status: string; owner: { id: string } }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}
const JOBS = `query Jobs($filter: TrainingJobFilter, $first: Int) {
  trainingJobs(first: $first, filter: $filter) { totalCount nodes { id name status owner { id } } pageInfo { hasNextPage endCursor } }
}`;
const DETECTION = stableId('prj', 'detection');
const INSPECTION = stableId('prj', 'inspection');

let platformDb: string;
let usersDb: pg.Pool;
let platform: RunningService;
let tokens: Record<Role | 'stranger', string>;
let platformQueries: string[] = [];

async function jobs(token: string, filter: Record<string, unknown> | null, first = 50): Promise<Page> {
  const res = await clientFor(platform).request<{ trainingJobs: Page }>(JOBS, { filter, first }, { authorization: token });
  expect(res.errors).toBeUndefined();
  return res.data!.trainingJobs;
}

beforeAll(async () => {
  const [platformUrl, usersUrl] = await Promise.all([createSeededPlatformDb('platform_lists'), createSeededUsersDb('platform_lists')]);
  platformDb = platformUrl;
  usersDb = new pg.Pool({ connectionString: usersUrl, max: 2 });
  // The lease sweeper stays quiet, so the query counter sees only what requests send.
  platform = await startPlatform(platformUrl, usersUrl, { env: { LEASE_SWEEP_INTERVAL_MS: '600000' }, hooks: { onQuery: (sql) => platformQueries.push(sql) } });
  tokens = await roleTokens();
});

afterAll(async () => {
  await platform?.close();
  await usersDb?.end();
});

describe('TrainingJobFilter', () => {
  it('narrows by status, project, dataset and owner, with totalCount counting only the matches', async () => {
    const active = await jobs(tokens.admin, { status: ['RUNNING', 'QUEUED'] });
    expect(active.totalCount).toBe(4);
    expect(new Set(active.nodes.map((n) => n.status))).toEqual(new Set(['RUNNING', 'QUEUED']));

    const inspection = await jobs(tokens.admin, { projectId: INSPECTION });
    expect(inspection.nodes.map((n) => n.name).sort()).toEqual(['efficientnet-b0-defects', 'resnet50-defects', 'segformer-trial']);
    expect(inspection.totalCount).toBe(3);

    const onDataset = await jobs(tokens.admin, { datasetId: TEST_DATASET_IDS[1], status: ['RUNNING'] });
    expect(onDataset.nodes.map((n) => n.name).sort()).toEqual(['yolov8m-night-shift', 'yolov8s-augmented']);

    const mine = await jobs(tokens.manager, { mine: true });
    expect(mine.totalCount).toBe(1);
    expect(mine.nodes[0]!.owner.id).toBe(TEST_USER_IDS.manager);

    const paged = await jobs(tokens.admin, { projectId: DETECTION }, 2);
    expect(paged).toMatchObject({ totalCount: 4, pageInfo: { hasNextPage: true } });
    expect(paged.nodes).toHaveLength(2);
  });

  it('searches names case-insensitively and treats % and _ as plain characters', async () => {
    expect((await jobs(tokens.admin, { search: 'YOLOV8' })).totalCount).toBe(3);
    expect((await jobs(tokens.admin, { search: 'defects' })).nodes.map((n) => n.name).sort()).toEqual(['efficientnet-b0-defects', 'resnet50-defects']);
    expect((await jobs(tokens.admin, { search: '%' })).totalCount).toBe(0);
    expect((await jobs(tokens.admin, { search: 'yolov8_' })).totalCount).toBe(0);
    expect((await jobs(tokens.admin, { search: 'b0-def' })).totalCount).toBe(1);
  });

  it('never widens what the caller may see', async () => {
    // standard_engineer owns 3 detection jobs; the inspection project is not theirs.
    expect((await jobs(tokens.standard_engineer, { projectId: INSPECTION })).totalCount).toBe(0);
    expect((await jobs(tokens.standard_engineer, { status: ['RUNNING', 'QUEUED', 'COMPLETED'] })).totalCount).toBe(3);
  });

  it('applies on Project.trainingJobs, scoped to that project', async () => {
    const query = `query ($id: ID!, $filter: TrainingJobFilter) { project(id: $id) { trainingJobs(filter: $filter) { totalCount nodes { name } } } }`;
    const res = await clientFor(platform).request<{ project: { trainingJobs: { totalCount: number; nodes: { name: string }[] } } }>(
      query,
      { id: DETECTION, filter: { status: ['RUNNING'], projectId: INSPECTION } },
      { authorization: tokens.admin },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.project.trainingJobs.nodes.map((n) => n.name).sort()).toEqual(['yolov8m-night-shift', 'yolov8s-augmented']);
  });
});

describe('visibility through project membership (User DB)', () => {
  it('shows every job of a project to its members and viewers, and the project itself with their role', async () => {
    const query = `query ($id: ID!) { project(id: $id) { id myRole viewerCanCreateJobs } }`;
    expect(
      (await clientFor(platform).request<{ project: unknown }>(query, { id: INSPECTION }, { authorization: tokens.standard_engineer })).data!.project,
    ).toBeNull();
    await usersDb.query(`insert into project_members (project_id, user_id, role) values ($1, $2, 'viewer')`, [
      INSPECTION,
      Number(TEST_USER_IDS.standard_engineer),
    ]);
    try {
      const all = await jobs(tokens.standard_engineer, null);
      expect(all.totalCount).toBe(6);
      expect(
        all.nodes
          .filter((n) => n.owner.id !== TEST_USER_IDS.standard_engineer)
          .map((n) => n.name)
          .sort(),
      ).toEqual(['efficientnet-b0-defects', 'resnet50-defects', 'segformer-trial']);
      const project = await clientFor(platform).request<{ project: unknown }>(query, { id: INSPECTION }, { authorization: tokens.standard_engineer });
      expect(project.data!.project).toEqual({ id: INSPECTION, myRole: 'viewer', viewerCanCreateJobs: false });
      const job = await clientFor(platform).request<{ trainingJob: { id: string } | null }>(
        `{ trainingJob(id: "${stableId('job', 'resnet50-defects')}") { id } }`,
        {},
        { authorization: tokens.standard_engineer },
      );
      expect(job.data!.trainingJob).not.toBeNull();
      // Seeing a job is not owning it: cancelling stays with its owner, managers and admins.
      expect(
        codeOf(
          await clientFor(platform).request(
            `mutation { cancelTrainingJob(id: "${stableId('job', 'efficientnet-b0-defects')}") { id } }`,
            {},
            { authorization: tokens.standard_engineer },
          ),
        ),
      ).toBe('FORBIDDEN');
    } finally {
      await usersDb.query('delete from project_members where project_id = $1', [INSPECTION]);
    }
    expect((await jobs(tokens.standard_engineer, null)).totalCount).toBe(3);
  });

  it('answers myRole owner for the project owner and for managers, and null without any role', async () => {
    const query = `{ projects { nodes { id myRole viewerCanCreateJobs } } }`;
    const advanced = await clientFor(platform).request<{ projects: { nodes: { id: string; myRole: string | null }[] } }>(
      query,
      {},
      { authorization: tokens.advanced_engineer },
    );
    expect(advanced.data!.projects.nodes).toEqual([{ id: INSPECTION, myRole: 'owner', viewerCanCreateJobs: true }]);
    const manager = await clientFor(platform).request<{ projects: { nodes: { myRole: string }[] } }>(query, {}, { authorization: tokens.manager });
    expect(manager.data!.projects.nodes.map((p) => p.myRole)).toEqual(['owner', 'owner']);
    const standard = await clientFor(platform).request<{ projects: { nodes: unknown[] } }>(query, {}, { authorization: tokens.standard_engineer });
    // A job in the project makes it visible, but gives no role in it.
    expect(standard.data!.projects.nodes).toEqual([{ id: DETECTION, myRole: null, viewerCanCreateJobs: false }]);
  });
});

describe('Dataset.trainingJobs', () => {
  const ENTITIES = `query ($representations: [_Any!]!) { _entities(representations: $representations) {
    ... on Dataset { id trainingJobs(first: 2) { totalCount nodes { id name } pageInfo { hasNextPage endCursor } } }
  } }`;
  type Entities = { _entities: { id: string; trainingJobs: Page }[] };
  const datasets = [...TEST_DATASET_IDS, ...Array.from({ length: 7 }, (_, i) => `ds_00000000000000f${i}`)];

  it('loads the first page of 10 datasets with exactly 2 SQL queries, each page matching the per-dataset list', async () => {
    platformQueries = [];
    const res = await clientFor(platform).request<Entities>(
      ENTITIES,
      { representations: datasets.map((id) => ({ __typename: 'Dataset', id })) },
      { authorization: tokens.standard_engineer },
    );
    const sent = platformQueries;
    expect(res.errors).toBeUndefined();
    expect(sent).toHaveLength(2);
    expect(sent.some((sql) => /row_number\(\) over \(partition by j\.dataset_id/.test(sql))).toBe(true);
    expect(sent.some((sql) => /count\(\*\).*group by j\.dataset_id/s.test(sql))).toBe(true);

    for (const entity of res.data!._entities) {
      const expected = await jobs(tokens.standard_engineer, { datasetId: entity.id }, 2);
      expect(entity.trainingJobs.totalCount).toBe(expected.totalCount);
      expect(entity.trainingJobs.nodes.map((n) => n.id)).toEqual(expected.nodes.map((n) => n.id));
      expect(entity.trainingJobs.pageInfo.hasNextPage).toBe(expected.pageInfo.hasNextPage);
    }
    expect(res.data!._entities.map((e) => e.trainingJobs.totalCount)).toEqual([1, 1, 1, 0, 0, 0, 0, 0, 0, 0]);
  });

  it('continues after a cursor and shows managers every job of the dataset', async () => {
    const query = `query ($r: [_Any!]!, $after: String) { _entities(representations: $r) { ... on Dataset { trainingJobs(first: 1, after: $after) { totalCount nodes { name } pageInfo { endCursor hasNextPage } } } } }`;
    const r = [{ __typename: 'Dataset', id: TEST_DATASET_IDS[1] }];
    const first = await clientFor(platform).request<Entities>(query, { r }, { authorization: tokens.admin });
    const page1 = first.data!._entities[0]!.trainingJobs;
    expect(page1).toMatchObject({ totalCount: 3, pageInfo: { hasNextPage: true } });
    const second = await clientFor(platform).request<Entities>(query, { r, after: page1.pageInfo.endCursor }, { authorization: tokens.admin });
    const page2 = second.data!._entities[0]!.trainingJobs;
    expect(page2.nodes).toHaveLength(1);
    expect(page2.nodes[0]!.name).not.toBe(page1.nodes[0]!.name);
  });
});

describe('TrainingJob.finalMetrics', () => {
  it('answers a whole list of jobs with one query: the last point of each series, by name', async () => {
    const db = new pg.Client({ connectionString: platformDb });
    await db.connect();
    const id = stableId('job', 'yolov8n-baseline');
    try {
      for (const [name, epoch, value] of [
        ['loss', 1, 0.9],
        ['map50', 1, 0.2],
        ['loss', 2, 0.5],
        ['map50', 2, 0.4],
        ['loss', 3, 0.3],
      ] as const) {
        await db.query(`insert into training_events (job_id, kind, payload) values ($1, 'metric', $2)`, [id, { name, epoch, value }]);
      }
    } finally {
      await db.end();
    }
    platformQueries = [];
    const res = await clientFor(platform).request<{
      trainingJobs: { nodes: { id: string; finalMetrics: { name: string; epoch: number; value: number }[] }[] };
    }>('{ trainingJobs(first: 20) { nodes { id finalMetrics { name epoch value } } } }', {}, { authorization: tokens.admin });
    expect(res.errors).toBeUndefined();
    expect(platformQueries.filter((sql) => sql.includes('distinct on'))).toHaveLength(1);
    const nodes = res.data!.trainingJobs.nodes;
    expect(nodes).toHaveLength(7);
    expect(nodes.find((n) => n.id === id)!.finalMetrics).toEqual([
      { name: 'loss', epoch: 3, value: 0.3 },
      { name: 'map50', epoch: 2, value: 0.4 },
    ]);
    expect(nodes.filter((n) => n.id !== id).every((n) => n.finalMetrics.length === 0)).toBe(true);
  });
});

describe('when the User DB is down', () => {
  it('answers UPSTREAM_UNAVAILABLE instead of guessing, for every role (the current role is read there too, decisions.md #25)', async () => {
    const unreachable = await startPlatform(platformDb, 'postgresql://postgres:postgres@127.0.0.1:1/users');
    try {
      for (const role of ['standard_engineer', 'admin'] as const) {
        const res = await clientFor(unreachable).request(JOBS, {}, { authorization: tokens[role] });
        expect(codeOf(res)).toBe('UPSTREAM_UNAVAILABLE');
        expect(res.errors![0]!.message).toMatch(/User DB/);
        expect(res.data?.trainingJobs ?? null).toBeNull();
      }
    } finally {
      await unreachable.close();
    }
  });
});
