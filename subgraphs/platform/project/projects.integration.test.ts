/**
 * Projects, membership and experiments through the gateway on the whole stack (real User DB,
 * Labeler, buckets and reference trainer): who may start jobs where, and experiments compared
 * on the metrics the trainer really reported.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import pg from 'pg';
import { startStack, type Stack } from '../../../test/harness/stack';
import { codeOf } from '../../../test/harness/graphql-client';
import { stableId } from '../seed';

const PUBLIC_COCO = 'ds_3f9a1c7e5b2d4f60';
const INSPECTION = stableId('prj', 'inspection');
const DETECTION = stableId('prj', 'detection');

type Errors = Array<{ message: string; extensions?: Record<string, unknown> }> | undefined;
type Tokens = Record<'admin' | 'manager' | 'advanced' | 'standard' | 'guest', string>;

let stack: Stack;
let platformDb: pg.Pool;
const t = {} as Tokens;
let projectId: string;

async function call<T = Record<string, unknown>>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<{ data: T; errors: Errors }> {
  const res = await stack.graphql.request<T>(query, variables, { token });
  return { data: res.data as T, errors: res.errors };
}
async function ok<T = Record<string, unknown>>(token: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await call<T>(token, query, variables);
  expect(res.errors).toBeUndefined();
  return res.data;
}

const CREATE_JOB = `mutation ($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id experiment { id } } }`;
const createJob = (token: string, input: Record<string, unknown>) =>
  call<{ createTrainingJob: { id: string; experiment: { id: string } | null } }>(token, CREATE_JOB, {
    input: { projectId, datasetId: PUBLIC_COCO, config: '{"epochs": 3}', ...input },
  });
const setMember = (userId: string, role: string) =>
  ok(t.manager, 'mutation ($p: ID!, $u: ID!, $r: String) { addProjectMember(projectId: $p, userId: $u, role: $r) { role } }', {
    p: projectId,
    u: userId,
    r: role,
  });

async function counts() {
  const { rows } = await platformDb.query<{ jobs: string; snapshots: string }>(
    'select (select count(*) from training_jobs) as jobs, (select count(*) from dataset_snapshots) as snapshots',
  );
  return rows[0];
}

beforeAll(async () => {
  stack = await startStack({ trainer: true });
  platformDb = new pg.Pool({ connectionString: stack.dbUrls.platform, max: 2 });
  const logins = { admin: 'admin', manager: 'manager', advanced: 'advanced_engineer', standard: 'standard_engineer', guest: 'guest' } as const;
  for (const [key, role] of Object.entries(logins)) t[key as keyof Tokens] = await stack.login(`${role}@example.com`);
}, 120_000);

afterAll(async () => {
  await platformDb?.end();
  await stack?.close();
});

describe('createProject', () => {
  it('makes the caller the owner of a project with a trimmed name', async () => {
    const data = await ok<{ createProject: { id: string; name: string; owner: { email: string }; myRole: string; viewerCanCreateJobs: boolean } }>(
      t.advanced,
      'mutation { createProject(input: { name: "  Vision trials  ", description: "lr sweeps" }) { id name owner { email } myRole viewerCanCreateJobs } }',
    );
    projectId = data.createProject.id;
    expect(data.createProject).toMatchObject({
      name: 'Vision trials',
      owner: { email: 'advanced_engineer@example.com' },
      myRole: 'owner',
      viewerCanCreateJobs: true,
    });
    expect(projectId).toMatch(/^prj_[0-9a-f]{16}$/);
  });

  it('refuses an empty or too long name with the field named', async () => {
    for (const name of ['   ', 'x'.repeat(121)]) {
      const res = await call(t.advanced, 'mutation ($n: String!) { createProject(input: { name: $n }) { id } }', { n: name });
      expect(codeOf(res)).toBe('BAD_USER_INPUT');
      expect(res.errors![0]!.extensions!.fields).toEqual({ name: '1 to 120 characters' });
    }
  });
});

describe('who may start training jobs in a project', () => {
  it('refuses a stranger and a viewer with FORBIDDEN before asking the Labeler or copying anything', async () => {
    const before = await counts();
    const labelerBefore = stack.labeler.stats.requests;
    const stranger = await createJob(t.standard, { name: 'not my project' });
    expect(codeOf(stranger)).toBe('FORBIDDEN');
    // A stranger may not see the project: its name is not given.
    expect(stranger.errors![0]!.message).toBe(`You are not a member of project ${projectId}; only its owners and members can start training jobs in it.`);

    await setMember(stack.userIds.standard_engineer, 'viewer');
    const viewer = await createJob(t.standard, { name: 'just looking' });
    expect(codeOf(viewer)).toBe('FORBIDDEN');
    expect(viewer.errors![0]!.message).toMatch(/viewer of project "Vision trials"/);
    const role = await ok<{ project: { myRole: string; viewerCanCreateJobs: boolean } }>(
      t.standard,
      `query ($id: ID!) { project(id: $id) { myRole viewerCanCreateJobs } }`,
      { id: projectId },
    );
    expect(role.project).toEqual({ myRole: 'viewer', viewerCanCreateJobs: false });

    expect(await counts()).toEqual(before);
    expect(stack.labeler.stats.requests).toBe(labelerBefore);
  });

  it('lets the owner and members create jobs, and members see each other’s jobs', async () => {
    const own = await createJob(t.advanced, { name: 'owner run' });
    expect(own.errors).toBeUndefined();
    await setMember(stack.userIds.standard_engineer, 'member');
    const member = await createJob(t.standard, { name: 'member run' });
    expect(member.errors).toBeUndefined();

    const query = `query ($f: TrainingJobFilter) { trainingJobs(filter: $f) { totalCount nodes { name } } }`;
    for (const token of [t.advanced, t.standard]) {
      const seen = await ok<{ trainingJobs: { nodes: { name: string }[] } }>(token, query, { f: { projectId } });
      expect(seen.trainingJobs.nodes.map((n) => n.name).sort()).toEqual(['member run', 'owner run']);
    }
    const guest = await ok<{ trainingJobs: { totalCount: number } }>(t.guest, query, { f: { projectId } });
    expect(guest.trainingJobs.totalCount).toBe(0);
  });

  it('applies the same rule to retries', async () => {
    const job = await createJob(t.standard, { name: 'to be retried' });
    const id = job.data.createTrainingJob.id;
    await ok(t.standard, 'mutation ($id: ID!) { cancelTrainingJob(id: $id) { id } }', { id });
    await setMember(stack.userIds.standard_engineer, 'viewer');
    const refused = await call(t.standard, 'mutation ($id: ID!) { retryTrainingJob(id: $id) { id } }', { id });
    expect(codeOf(refused)).toBe('FORBIDDEN');
    await setMember(stack.userIds.standard_engineer, 'member');
    expect((await call(t.standard, 'mutation ($id: ID!) { retryTrainingJob(id: $id) { id } }', { id })).errors).toBeUndefined();
  });

  it('gives the seeded demo users roles in the seeded projects', async () => {
    const query = '{ projects { nodes { id myRole viewerCanCreateJobs } } }';
    const roles = async (token: string) =>
      Object.fromEntries((await ok<{ projects: { nodes: { id: string; myRole: string }[] } }>(token, query)).projects.nodes.map((p) => [p.id, p.myRole]));
    expect(await roles(t.guest)).toEqual({ [DETECTION]: 'viewer', [INSPECTION]: 'viewer' });
    expect(await roles(t.advanced)).toMatchObject({ [DETECTION]: 'member', [INSPECTION]: 'owner', [projectId]: 'owner' });
  });
});

describe('experiments', () => {
  let baseline: string;
  let jobA: string;
  let jobB: string;
  const EXPERIMENT = `query ($id: ID!) { experiment(id: $id) { id name starredByMe starCount createdBy { email } project { id }
    trainingJobs { id } comparison { metricNames rows { trainingJob { id } finalMetrics { name value epoch } } } } }`;

  it('are created by owners and members, with CONFLICT for a name taken in the project and FORBIDDEN for viewers', async () => {
    const created = await ok<{ createExperiment: { id: string; name: string; createdBy: { email: string } } }>(
      t.advanced,
      `mutation ($p: ID!) { createExperiment(input: { projectId: $p, name: "baseline", description: "defaults" }) { id name createdBy { email } } }`,
      { p: projectId },
    );
    baseline = created.createExperiment.id;
    expect(created.createExperiment).toMatchObject({ name: 'baseline', createdBy: { email: 'advanced_engineer@example.com' } });
    expect(baseline).toMatch(/^exp_[0-9a-f]{16}$/);
    const duplicate = await call(t.standard, `mutation ($p: ID!) { createExperiment(input: { projectId: $p, name: " baseline " }) { id } }`, { p: projectId });
    expect(codeOf(duplicate)).toBe('CONFLICT');
    await ok(t.standard, `mutation ($p: ID!) { createExperiment(input: { projectId: $p, name: "lr sweep" }) { id } }`, { p: projectId });
    const viewer = await call(t.standard, `mutation ($p: ID!) { createExperiment(input: { projectId: $p, name: "x" }) { id } }`, { p: INSPECTION });
    expect(codeOf(viewer)).toBe('FORBIDDEN');
  });

  it('take jobs at creation and later, only from the same project', async () => {
    const a = await createJob(t.standard, { name: 'exp a', experimentId: baseline });
    expect(a.errors).toBeUndefined();
    jobA = a.data.createTrainingJob.id;
    expect(a.data.createTrainingJob.experiment).toEqual({ id: baseline });
    const wrong = await call(t.manager, CREATE_JOB, { input: { projectId: DETECTION, datasetId: PUBLIC_COCO, name: 'elsewhere', experimentId: baseline } });
    expect(codeOf(wrong)).toBe('BAD_USER_INPUT');
    expect(wrong.errors![0]!.extensions!.fields).toEqual({ experimentId: 'an experiment of this project' });

    jobB = (await createJob(t.advanced, { name: 'exp b', config: '{"epochs": 4, "learningRate": 0.2}' })).data.createTrainingJob.id;
    const SET = 'mutation ($j: ID!, $e: ID) { setTrainingJobExperiment(jobId: $j, experimentId: $e) { id experiment { name } } }';
    // standard_engineer is a member, but neither owner of jobB nor of the project.
    expect(codeOf(await call(t.standard, SET, { j: jobB, e: baseline }))).toBe('FORBIDDEN');
    expect((await ok<{ setTrainingJobExperiment: unknown }>(t.advanced, SET, { j: jobB, e: baseline })).setTrainingJobExperiment).toEqual({
      id: jobB,
      experiment: { name: 'baseline' },
    });
    const seededJob = stableId('job', 'yolov8n-baseline');
    expect(codeOf(await call(t.admin, SET, { j: seededJob, e: baseline }))).toBe('BAD_USER_INPUT');
    const out = await ok<{ setTrainingJobExperiment: { experiment: unknown } }>(t.admin, SET, { j: jobA, e: null });
    expect(out.setTrainingJobExperiment.experiment).toBeNull();
    await ok(t.standard, SET, { j: jobA, e: baseline });
  });

  it('are starred per user, idempotently, and listed starred first', async () => {
    const STAR = 'mutation ($id: ID!, $s: Boolean!) { starExperiment(id: $id, starred: $s) { starredByMe starCount } }';
    const LIST = 'query ($p: ID!) { project(id: $p) { experiments { name starredByMe starCount } } }';
    type List = { project: { experiments: { name: string; starredByMe: boolean; starCount: number }[] } };
    // Newest first without stars.
    expect((await ok<List>(t.standard, LIST, { p: projectId })).project.experiments.map((e) => e.name)).toEqual(['lr sweep', 'baseline']);
    expect((await ok<{ starExperiment: unknown }>(t.standard, STAR, { id: baseline, s: true })).starExperiment).toEqual({ starredByMe: true, starCount: 1 });
    expect((await ok<{ starExperiment: unknown }>(t.standard, STAR, { id: baseline, s: true })).starExperiment).toEqual({ starredByMe: true, starCount: 1 });
    expect((await ok<{ starExperiment: unknown }>(t.advanced, STAR, { id: baseline, s: true })).starExperiment).toEqual({ starredByMe: true, starCount: 2 });
    expect((await ok<List>(t.standard, LIST, { p: projectId })).project.experiments).toEqual([
      { name: 'baseline', starredByMe: true, starCount: 2 },
      { name: 'lr sweep', starredByMe: false, starCount: 0 },
    ]);
    expect((await ok<{ starExperiment: unknown }>(t.standard, STAR, { id: baseline, s: false })).starExperiment).toEqual({ starredByMe: false, starCount: 1 });
    expect((await ok<{ starExperiment: unknown }>(t.standard, STAR, { id: baseline, s: false })).starExperiment).toEqual({ starredByMe: false, starCount: 1 });
    // The guest has no role in this project, so the experiment does not exist for them.
    expect(codeOf(await call(t.guest, STAR, { id: baseline, s: true }))).toBe('NOT_FOUND');
  });

  it('compare their jobs on the last value of every metric the trainer really reported', async () => {
    const JOB = `query ($id: ID!) { trainingJob(id: $id) { status metricNames metrics { name value epoch } finalMetrics { name value epoch } } }`;
    type Job = { trainingJob: { status: string; metricNames: string[]; metrics: { name: string; value: number; epoch: number }[]; finalMetrics: unknown[] } };
    const finished: Record<string, Job['trainingJob']> = {};
    for (const id of [jobA, jobB]) {
      const deadline = Date.now() + 60_000;
      for (;;) {
        const job = (await ok<Job>(t.advanced, JOB, { id })).trainingJob;
        if (['COMPLETED', 'FAILED'].includes(job.status)) {
          finished[id] = job;
          break;
        }
        if (Date.now() > deadline) throw new Error(`job ${id} is still ${job.status}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    }
    const comparison = (
      await ok<{
        experiment: { trainingJobs: { id: string }[]; comparison: { metricNames: string[]; rows: { trainingJob: { id: string }; finalMetrics: unknown[] }[] } };
      }>(t.standard, EXPERIMENT, { id: baseline })
    ).experiment;
    expect(comparison.trainingJobs.map((j) => j.id).sort()).toEqual([jobA, jobB].sort());
    expect(comparison.comparison.rows.map((r) => r.trainingJob.id)).toEqual(comparison.trainingJobs.map((j) => j.id));
    for (const row of comparison.comparison.rows) {
      const job = finished[row.trainingJob.id]!;
      expect(job.status).toBe('COMPLETED');
      const last = job.metricNames.map((name) => {
        const point = job.metrics.filter((m) => m.name === name).at(-1)!;
        return { name, value: point.value, epoch: point.epoch };
      });
      expect(last.length).toBeGreaterThanOrEqual(2);
      expect(row.finalMetrics).toEqual(last);
      expect(job.finalMetrics).toEqual(last);
    }
    expect(comparison.comparison.metricNames).toEqual([...new Set(Object.values(finished).flatMap((j) => j.metricNames))].sort());
  }, 90_000);
});
