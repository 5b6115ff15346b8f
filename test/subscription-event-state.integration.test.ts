/**
 * Every event of `trainingJobUpdated` shows the state its own change left, in the order of the
 * changes, however late the gateway resolves it (decisions.md #46).
 * The gateway's shared upstream hears only the job's id; it resolves each subscriber's selection
 * with a query of its own, which used to read the row as it was by then: an event resolved after
 * the next report was stored showed that report's progress (a series 70, 73.33, 73.33 lost 70).
 *
 * Both bridges are tested: the shared one (one identity-only upstream for every viewer) and the
 * per-viewer one (an upstream per viewer, with its token). The first test makes the late
 * resolution certain rather than likely: ten reports are stored by another process (as another
 * platform replica would) while this one, which runs the gateway and the subgraphs, is blocked in
 * `execFileSync`; all ten are committed before the first event is resolved.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Client } from 'graphql-ws';
import { stableId } from '../subgraphs/platform/seed';
import { startStack, type Stack } from './harness/stack';
import { sleep, waitFor, wsClient } from './helpers';
import { callWorker } from './harness/worker-call';

const PUBLIC_COCO = 'ds_3f9a1c7e5b2d4f60';
const INSPECTION = stableId('prj', 'inspection');
const WORKER = 'hand-worker-event-state';
const BURST = fileURLToPath(new URL('./harness/report-burst.ts', import.meta.url));

let stack: Stack;
let owner: string;
const clients: Client[] = [];

const worker = (path: string, body: Record<string, unknown>) => callWorker(stack.worker, WORKER, path, body);

const PROGRESS = 'subscription WatchProgress($id: ID!) { trainingJobUpdated(id: $id) { id progress } }';
const EPOCHS = 'subscription WatchEpochs($id: ID!) { trainingJobUpdated(id: $id) { id status epoch totalEpochs } }';

type JobEvent = { progress?: number; epoch?: number; status?: string };

/** A running job claimed by WORKER, and two subscribers (two selections) on it, connected upstream. */
async function watchedRunningJob(name: string) {
  const created = await stack.graphql.request<{ createTrainingJob: { id: string } }>(
    'mutation CreateWatchedJob($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }',
    { input: { projectId: INSPECTION, datasetId: PUBLIC_COCO, name } },
    { token: owner },
  );
  expect(created.errors).toBeUndefined();
  const jobId = created.data!.createTrainingJob.id;
  const claim = await worker('/jobs/claim', { frameworks: ['reference'], tasks: ['classification'] });
  expect((claim!.job as { id: string }).id).toBe(jobId);
  const stats = stack.gateway.bridgeStats;
  const subscribers = stats.activeSubscribers;
  const connections = stats.upstreamConnections;
  const client = wsClient(stack.wsUrl, owner);
  clients.push(client);
  const errors: unknown[] = [];
  const series = (query: string) => {
    const events: JobEvent[] = [];
    client.subscribe<{ trainingJobUpdated: JobEvent }>(
      { query, variables: { id: jobId } },
      {
        next: (event) => {
          if (event.errors) errors.push(...event.errors);
          if (event.data) events.push(event.data.trainingJobUpdated);
        },
        error: (error) => errors.push(error),
        complete: () => undefined,
      },
    );
    return events;
  };
  const progress = series(PROGRESS);
  const epochs = series(EPOCHS);
  await waitFor(() => stats.activeSubscribers >= subscribers + 2, 10_000, 'two subscribers');
  await waitFor(() => stats.upstreamConnections > connections, 10_000, 'upstream connection');
  await sleep(300);
  return { jobId, progress, epochs, errors };
}

const percent = (i: number, total: number) => Math.round((10000 * i) / total) / 100;

describe.each(['shared', 'per-viewer'])('trainingJobUpdated with SUBSCRIPTION_SHARING=%s', (sharing) => {
  beforeAll(async () => {
    stack = await startStack({ env: { gateway: { SUBSCRIPTION_SHARING: sharing } } });
    owner = await stack.login('advanced_engineer@example.com');
  }, 120_000);

  afterAll(async () => {
    await Promise.all(clients.splice(0).map((c) => c.dispose()));
    await stack?.close();
  });

  it('shows each event with its own state when every report is stored before the first event is resolved', async () => {
    const { jobId, progress, epochs, errors } = await watchedRunningJob('event-state-burst');
    const total = 10;
    // This process (gateway, subgraphs, their listeners) stands still while another one stores ten reports.
    execFileSync(
      process.execPath,
      ['--openssl-legacy-provider', '--import', 'tsx/esm', BURST, stack.dbUrls.platform, jobId, WORKER, '1', String(total), String(total)],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
        timeout: 60_000,
      },
    );
    await waitFor(() => progress.length >= total && epochs.length >= total, 30_000, 'ten events at both subscribers');
    await sleep(300);

    expect(errors).toEqual([]);
    expect(progress.map((e) => e.progress)).toEqual(Array.from({ length: total }, (_, i) => percent(i + 1, total)));
    expect(epochs.map((e) => e.epoch)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    expect(epochs.every((e) => e.status === 'RUNNING')).toBe(true);
  }, 120_000);

  it('keeps the order and the state of reports sent back to back over the worker API', async () => {
    const { jobId, progress, epochs, errors } = await watchedRunningJob('event-state-live');
    const total = 30;
    for (let i = 1; i <= total; i++) await worker(`/jobs/${jobId}/events`, { progress: { epoch: i, totalEpochs: total, percent: (100 * i) / total } });
    await waitFor(() => progress.length >= total && epochs.length >= total, 30_000, 'every event at both subscribers');
    await sleep(300);

    expect(errors).toEqual([]);
    expect(progress.map((e) => e.progress)).toEqual(Array.from({ length: total }, (_, i) => percent(i + 1, total)));
    expect(epochs.map((e) => e.epoch)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  }, 120_000);
});
