/**
 * A delta-stream subscriber whose cursor is ahead of its job's shared feed at the gateway
 * (decisions.md #68): it read the newest points itself (a page of `metrics`) while the feed was
 * still waiting for its next frame. The platform here sends each subscriber at most one frame every
 * 1.5 s (`STREAM_FRAME_INTERVAL_MS`), so the feed is reliably behind for that long.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { stableId } from '../subgraphs/platform/seed';
import { startStack, type Stack } from './harness/stack';
import { callWorker, claimedJob } from './harness/worker-call';
import { sleep, waitFor, wsClients } from './helpers';

const PUBLIC_DATASET = 'ds_3f9a1c7e5b2d4f60';
const INSPECTION = stableId('prj', 'inspection');
const WORKER = 'feed-worker-1';
const FRAME_INTERVAL_MS = 1500;
const METRICS = 'subscription FeedMetrics($jobId: ID!, $after: String) { trainingJobMetrics(jobId: $jobId, after: $after) { cursor points { cursor epoch } } }';

let stack: Stack;
let owner: string;
const clients = wsClients();

interface Point {
  cursor: string;
  epoch: number;
}

function stream(token: string, jobId: string, after?: string) {
  const state = { points: [] as Point[], errors: [] as unknown[] };
  clients.open(stack.wsUrl, token).subscribe<{ trainingJobMetrics: { points: Point[] } }>(
    { query: METRICS, variables: { jobId, ...(after ? { after } : {}) } },
    {
      next: (result) => {
        if (result.errors) state.errors.push(...result.errors);
        if (result.data) state.points.push(...result.data.trainingJobMetrics.points);
      },
      error: (error) => state.errors.push(error),
      complete: () => undefined,
    },
  );
  return state;
}

const report = (jobId: string, from: number, count: number) =>
  callWorker(stack.worker, WORKER, `/jobs/${jobId}/events`, {
    metrics: Array.from({ length: count }, (_, i) => ({ name: 'loss', epoch: from + i, value: 1 / (from + i + 1) })),
  });

async function stored(jobId: string): Promise<Point[]> {
  const body = await stack.graphql.request<{ trainingJob: { metrics: Point[] } }>(
    'query FeedStored($id: ID!) { trainingJob(id: $id) { metrics { cursor epoch } } }',
    { id: jobId },
    { token: owner },
  );
  expect(body.errors).toBeUndefined();
  return body.data!.trainingJob.metrics;
}

beforeAll(async () => {
  stack = await startStack({ env: { platform: { STREAM_FRAME_INTERVAL_MS: String(FRAME_INTERVAL_MS) } } });
  owner = await stack.login('advanced_engineer@example.com');
}, 120_000);

afterAll(async () => {
  await clients.disposeAll();
  await stack?.close();
});

describe('a delta-stream subscriber ahead of its feed', () => {
  it('waits on an upstream of its own and joins the feed once the feed reaches its cursor: every later point once', async () => {
    const jobId = await claimedJob(stack, owner, WORKER, { projectId: INSPECTION, datasetId: PUBLIC_DATASET, name: 'ahead of the feed' });

    const stats = stack.gateway.bridgeStats;
    const opened = stats.upstreamOpened;
    const joined = stats.feedJoins;
    await report(jobId, 0, 5);
    const first = stream(owner, jobId);
    await waitFor(() => first.points.length >= 5, 10_000, 'the first viewer’s points');

    // Stored right after the feed's frame: the feed sends them no sooner than FRAME_INTERVAL_MS later,
    // but a page of `metrics` already has them.
    await report(jobId, 5, 3);
    const newest = (await stored(jobId)).at(-1)!;
    expect(newest.epoch).toBe(7);
    const ahead = stream(owner, jobId, newest.cursor);
    await waitFor(() => stats.upstreamOpened - opened === 2, 5_000, 'the second viewer’s own upstream');
    expect(first.points.length).toBe(5);
    expect(stats.feedJoins - joined).toBe(1);

    // The feed's next frame holds the second viewer's cursor: it joins (nothing to catch up) and its own upstream closes.
    await waitFor(() => first.points.length >= 8, 10_000, 'the feed’s next frame');
    await waitFor(() => stats.feedJoins - joined === 2, 5_000, 'the second viewer to join the feed');
    expect(ahead.points).toEqual([]);
    await report(jobId, 8, 2);
    await waitFor(() => ahead.points.length >= 2 && first.points.length >= 10, 10_000, 'the points after the join');
    await sleep(FRAME_INTERVAL_MS + 300);
    const all = await stored(jobId);
    expect(first.points).toEqual(all);
    expect(ahead.points).toEqual(all.slice(8));
    expect(stats.upstreamOpened - opened).toBe(2);
    expect([...first.errors, ...ahead.errors]).toEqual([]);
  });
});
