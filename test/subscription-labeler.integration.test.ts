/**
 * Watching a fast run for a full minute costs the Labeler what the first resolution did (plus one
 * call per expiry of the datasets subgraph's metadata cache, LABELER_METADATA_TTL_MS), not one call
 * per event: with the product's defaults (a per-user Labeler budget of 100 a minute, a 10-second
 * cache) the run sends more events than that budget, and no event answers RATE_LIMITED.
 * Calls and 429s are counted at the reference Labeler; a worker is played by hand over the worker
 * protocol, reporting progress several times a second.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Client } from 'graphql-ws';
import { labelerEnvShape } from '../labeler/env';
import { datasetsEnvShape } from '../subgraphs/datasets/env';
import { stableId } from '../subgraphs/platform/seed';
import { startStack, type Stack } from './harness/stack';
import { sleep, waitFor, wsClient } from './helpers';

const PUBLIC_COCO = 'ds_3f9a1c7e5b2d4f60';
const INSPECTION = stableId('prj', 'inspection');
const WORKER = 'hand-worker-labeler';
/** The product's defaults, unchanged by this test. */
const TTL_MS = datasetsEnvShape.LABELER_METADATA_TTL_MS.parse(undefined);
const USER_PER_MIN = labelerEnvShape.LABELER_RATE_LIMIT_USER_PER_MIN.parse(undefined);
const WATCH_MS = 60_000;
/** Reports per second: a fast run, with more events in the minute than the user's Labeler budget. */
const REPORTS_PER_S = 4;

let stack: Stack;
let owner: string;
const clients: Client[] = [];

async function worker(path: string, body: Record<string, unknown>) {
  const res = await fetch(`${stack.worker.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.worker.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ workerId: WORKER, ...body }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

beforeAll(async () => {
  stack = await startStack();
  owner = await stack.login('advanced_engineer@example.com');
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await stack?.close();
});

describe('a watched fast run and the Labeler', () => {
  it('resolves `dataset { name }` from the Labeler once per cache lifetime during a 60-second watch, not once per event, and never meets its rate limit', async () => {
    const created = await stack.graphql.request<{ createTrainingJob: { id: string } }>(
      'mutation($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }',
      { input: { projectId: INSPECTION, datasetId: PUBLIC_COCO, name: 'labeler-watch' } },
      { token: owner },
    );
    expect(created.errors).toBeUndefined();
    const jobId = created.data!.createTrainingJob.id;
    const claim = await worker('/jobs/claim', { frameworks: ['reference'], tasks: ['classification'] });
    expect(claim.status).toBe(200);
    expect((claim.body!.job as { id: string }).id).toBe(jobId);

    const client = wsClient(stack.wsUrl, owner);
    clients.push(client);
    const events: Array<{ data?: unknown; errors?: ReadonlyArray<{ extensions?: Record<string, unknown> }> }> = [];
    const connections = stack.gateway.bridgeStats.upstreamConnections;
    client.subscribe(
      { query: 'subscription Watch($id: ID!) { trainingJobUpdated(id: $id) { id progress dataset { name } } }', variables: { id: jobId } },
      { next: (event) => void events.push(event), error: () => undefined, complete: () => undefined },
    );
    await waitFor(() => stack.gateway.bridgeStats.upstreamConnections > connections, 10_000, 'upstream connection');
    await sleep(300);

    const requests = stack.labeler.stats.requests;
    const rateLimited = stack.labeler.stats.rateLimited;
    const started = Date.now();
    let reports = 0;
    while (Date.now() - started < WATCH_MS) {
      reports += 1;
      const answer = await worker(`/jobs/${jobId}/events`, { progress: { epoch: reports, totalEpochs: 100_000, percent: (reports % 10_000) / 100 } });
      expect(answer.status).toBe(200);
      await sleep(Math.max(0, started + (reports * 1000) / REPORTS_PER_S - Date.now()));
    }
    await waitFor(() => events.length >= USER_PER_MIN + 1, 10_000, 'the events');
    await sleep(500);
    const elapsed = Date.now() - started;
    const calls = stack.labeler.stats.requests - requests;
    process.stdout.write(
      `[measure] ${reports} progress reports in ${elapsed} ms, ${events.length} events, ${calls} Labeler calls, ${stack.labeler.stats.rateLimited - rateLimited} 429s\n`,
    );

    expect(events.length).toBeGreaterThan(USER_PER_MIN); // more events than the user's Labeler minute allows
    expect(stack.labeler.stats.rateLimited - rateLimited).toBe(0);
    const codes = events.flatMap((e) => e.errors ?? []).map((e) => e.extensions?.code);
    expect(codes).toEqual([]);
    for (const event of events) expect(event.data).toMatchObject({ trainingJobUpdated: { id: jobId, dataset: { name: expect.any(String) } } });
    // The first resolution, then at most one per cache lifetime.
    expect(calls).toBeLessThanOrEqual(1 + Math.ceil(elapsed / TTL_MS));
  }, 120_000);
});
