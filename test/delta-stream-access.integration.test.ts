/**
 * Delta streams re-check their viewer when access can change, not before every frame (decisions.md
 * #64): the platform LISTENs to the User DB's `access_changed` itself. The streams here go straight
 * to the platform subgraph's socket, so nothing of the gateway is involved, and the platform
 * remembers account states for 10 minutes (`ACCOUNT_STATUS_TTL_MS=600000`): only the access-change
 * listener can explain a refusal within the test. Its figures come from the platform's `/metrics`.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import pg from 'pg';
import { parseMetrics, sumSamples } from '../lib/metrics';
import { startStack, type Stack } from './harness/stack';
import { callWorker } from './harness/worker-call';
import { sleep, waitFor, wsClients } from './helpers';

const PUBLIC_DATASET = 'ds_3f9a1c7e5b2d4f60';
const WORKER = 'access-worker-1';
const METRICS = 'subscription AccessMetrics($jobId: ID!) { trainingJobMetrics(jobId: $jobId) { cursor points { epoch value } } }';

let stack: Stack;
let admin: string;
let jobId: string;
let projectId: string;
const clients = wsClients();

const platformMetric = async (name: string, labels: Record<string, string> = {}) =>
  sumSamples(parseMetrics(await (await fetch(`${stack.urls.platform}/metrics`)).text()), name, labels);
const checks = () => platformMetric('platform_delta_stream_access_checks_total');
const skips = () => platformMetric('platform_delta_stream_checks_skipped_total');
const reads = (reader: 'shared' | 'own') => platformMetric('platform_delta_stream_reads_total', { reader });

async function mutate(query: string, variables: Record<string, unknown>) {
  const result = await stack.graphql.request<Record<string, { id: string } | boolean>>(query, variables, { token: admin });
  expect(result.errors).toBeUndefined();
  return result.data!;
}

let epoch = 0;
/** `count` stored metric points (the hand-played worker reports them), one epoch each. */
const report = (count = 1) =>
  callWorker(stack.worker, WORKER, `/jobs/${jobId}/events`, { metrics: Array.from({ length: count }, () => ({ name: 'loss', epoch: epoch++, value: 0.5 })) });

/** The frames and errors of one viewer's stream on the platform's own socket. */
function stream(token: string) {
  const client = clients.open(`${stack.urls.platform.replace(/^http/, 'ws')}/graphql`, token);
  const state = { points: 0, epochs: [] as number[], errors: [] as Array<{ extensions?: { code?: string } }>, completed: false };
  client.subscribe<{ trainingJobMetrics: { points: Array<{ epoch: number }> } }>(
    { query: METRICS, variables: { jobId } },
    {
      next: (result) => {
        if (result.errors) state.errors.push(...result.errors);
        if (result.data) {
          state.points += result.data.trainingJobMetrics.points.length;
          state.epochs.push(...result.data.trainingJobMetrics.points.map((point) => point.epoch));
        }
      },
      error: (error) => state.errors.push(error as { extensions?: { code?: string } }),
      complete: () => void (state.completed = true),
    },
  );
  return state;
}

beforeAll(async () => {
  // Frames of at most 5 points: a feed keeps the last 10 rows, so a short history already outgrows it.
  stack = await startStack({ env: { platform: { ACCOUNT_STATUS_TTL_MS: '600000', STREAM_BATCH_MAX: '5' } } });
  admin = await stack.login('admin@example.com');
  const { createProject } = (await mutate('mutation ($input: CreateProjectInput!) { createProject(input: $input) { id } }', {
    input: { name: 'stream access' },
  })) as { createProject: { id: string } };
  projectId = createProject.id;
  for (const member of [stack.userIds.standard_engineer, stack.userIds.guest])
    await mutate('mutation ($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { role } }', { p: projectId, u: member });
  const { createTrainingJob } = (await mutate('mutation ($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }', {
    input: { projectId, datasetId: PUBLIC_DATASET, name: 'watched' },
  })) as { createTrainingJob: { id: string } };
  jobId = createTrainingJob.id;
  const claim = await callWorker(stack.worker, WORKER, '/jobs/claim', { frameworks: ['reference'], tasks: ['classification'] });
  expect((claim!.job as { id: string }).id).toBe(jobId);
  await waitFor(async () => (await platformMetric('platform_access_changes_live')) === 1, 10_000, 'the access-change listener');
}, 120_000);

afterAll(async () => {
  await clients.disposeAll();
  await stack?.close();
});

describe('delta streams and access changes', () => {
  let engineer: ReturnType<typeof stream>;
  let guest: ReturnType<typeof stream>;
  let manager: ReturnType<typeof stream>;
  let owner: ReturnType<typeof stream>;

  it('serves frames on the last check while no access change is heard, all four viewers from one read per report', async () => {
    engineer = stream(await stack.login('standard_engineer@example.com'));
    guest = stream(await stack.login('guest@example.com'));
    manager = stream(await stack.login('manager@example.com'));
    owner = stream(admin);
    await report();
    await waitFor(() => [engineer, guest, manager, owner].every((s) => s.points === 1), 10_000, 'the first frames');
    const [checksBefore, skipsBefore, sharedBefore, ownBefore] = [await checks(), await skips(), await reads('shared'), await reads('own')];
    for (let i = 0; i < 10; i += 1) {
      await report();
      await waitFor(() => [engineer, guest, manager, owner].every((s) => s.points === i + 2), 10_000, `frame ${i + 2}`);
    }
    // 4 viewers × 10 frames (and any read that found nothing new), none of them checked again (a
    // check costs the job, its project and the viewer's memberships).
    expect((await skips()) - skipsBefore).toBeGreaterThanOrEqual(40);
    expect((await checks()) - checksBefore).toBe(0);
    // The rows were read by the stream's shared feed, once per report (twice at most, when a
    // notification came during a read), not once per viewer: 40 reads with a reader per viewer.
    expect((await reads('own')) - ownBefore).toBe(0);
    const shared = (await reads('shared')) - sharedBefore;
    expect(shared).toBeGreaterThanOrEqual(10);
    expect(shared).toBeLessThanOrEqual(20);
    for (const s of [engineer, guest, manager, owner]) expect(s.errors).toEqual([]);
  });

  it('ends the stream at the next frame of a viewer removed from the project, demoted or deactivated; the others go on', async () => {
    const cases: Array<[string, ReturnType<typeof stream>, () => Promise<unknown>, string]> = [
      [
        'removed',
        engineer,
        () => mutate('mutation ($p: ID!, $u: ID!) { removeProjectMember(projectId: $p, userId: $u) }', { p: projectId, u: stack.userIds.standard_engineer }),
        'NOT_FOUND',
      ],
      [
        'demoted',
        manager,
        () => mutate('mutation ($id: ID!, $role: UserRole!) { updateUserRole(userId: $id, role: $role) { id } }', { id: stack.userIds.manager, role: 'GUEST' }),
        'NOT_FOUND',
      ],
      ['deactivated', guest, () => mutate('mutation ($id: ID!) { deactivateUser(userId: $id) { id } }', { id: stack.userIds.guest }), 'UNAUTHENTICATED'],
    ];
    for (const [what, viewer, change, code] of cases) {
      const seen = viewer.points;
      const ownerSeen = owner.points;
      const checksBefore = await checks();
      await change();
      await report();
      await waitFor(() => viewer.errors.length > 0 && viewer.completed, 10_000, `the ${what} viewer's refusal`);
      expect(viewer.errors[0]!.extensions?.code).toBe(code);
      expect(viewer.points).toBe(seen);
      await waitFor(() => owner.points === ownerSeen + 1, 10_000, 'the owner’s frame');
      // Only the changed account was checked again (the owner's frame went out on its last check).
      expect((await checks()) - checksBefore).toBe(1);
    }
    expect(owner.errors).toEqual([]);
  });

  it('checks every viewer again after the listener lost its connection to the User DB', async () => {
    const users = new pg.Client({ connectionString: stack.dbUrls.users });
    await users.connect();
    try {
      const listeners = async () =>
        (
          await users.query<{ pid: number }>("select pid from pg_stat_activity where application_name = 'pubsub-listener' and datname = current_database()")
        ).rows.map((row) => row.pid);
      const before = await listeners();
      expect(before.length).toBeGreaterThan(0);
      await users.query('select pg_terminate_backend(pid) from pg_stat_activity where pid = any($1::int[])', [before]);
      // The platform's listener (and the users service's) reconnect and LISTEN again.
      await waitFor(async () => (await listeners()).filter((pid) => !before.includes(pid)).length === before.length, 10_000, 'the listeners to reconnect');
      await sleep(300);
      const [checksBefore, seen] = [await checks(), owner.points];
      await report();
      await waitFor(() => owner.points === seen + 1, 10_000, 'the owner’s frame');
      expect((await checks()) - checksBefore).toBe(1);
      expect(await platformMetric('platform_access_changes_live')).toBe(1);

      // And the next frame goes out on that check again.
      const [checksAfter, skipsBefore] = [await checks(), await skips()];
      await report();
      await waitFor(() => owner.points === seen + 2, 10_000, 'the owner’s next frame');
      expect((await skips()) - skipsBefore).toBeGreaterThanOrEqual(1);
      expect(await checks()).toBe(checksAfter);
    } finally {
      await users.end();
    }
  });

  it('lets a viewer that starts before what the feed holds catch up on its own, then share it; every point once, in order', async () => {
    const ownerSeen = owner.points;
    for (let i = 0; i < 3; i += 1) await report(10);
    await waitFor(() => owner.points === ownerSeen + 30, 10_000, 'the owner’s 30 points');
    const ownBefore = await reads('own');
    const late = stream(admin);
    await waitFor(() => late.points === epoch, 10_000, 'the late viewer’s history');
    // Its history before the 10 rows the feed keeps came from reads of its own, in frames of 5; the rest from the feed.
    expect((await reads('own')) - ownBefore).toBeGreaterThanOrEqual((epoch - 10) / 5);
    expect(late.epochs).toEqual(Array.from({ length: epoch }, (_, i) => i));

    const [ownAfter, sharedAfter] = [await reads('own'), await reads('shared')];
    await report(3);
    await waitFor(() => late.points === epoch && owner.points === ownerSeen + 33, 10_000, 'both viewers’ new points');
    expect(await reads('own')).toBe(ownAfter);
    expect((await reads('shared')) - sharedAfter).toBeGreaterThanOrEqual(1);
    expect(late.epochs).toEqual(Array.from({ length: epoch }, (_, i) => i));
    expect(owner.epochs.slice(-33)).toEqual(Array.from({ length: 33 }, (_, i) => epoch - 33 + i));
    expect(late.errors).toEqual([]);
  });
});
