/**
 * The gateway's subscription figures on `/metrics`, read back the way Prometheus reads them: open
 * sockets, subscriptions and upstreams while two clients watch one job, events in and out, the
 * queries each event cost, and a client that stops reading closed (4413) with its events dropped.
 * The slow client speaks graphql-transport-ws over a raw socket and pauses it (as in
 * slow-subscriber.integration.test.ts); events carry 100 log lines of 9,000 characters each so its
 * TCP window fills after a few.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Client } from 'graphql-ws';
import WebSocket from 'ws';
import { parseMetrics, sumSamples, type Sample } from '../lib/metrics';
import { stableId } from '../subgraphs/platform/seed';
import { startStack, type Stack } from './harness/stack';
import { sleep, wsClient } from './helpers';
import { callWorker, claimedJob } from './harness/worker-call';

const PUBLIC_COCO = 'ds_3f9a1c7e5b2d4f60';
const INSPECTION = stableId('prj', 'inspection');
const WORKER = 'hand-worker-metrics';
const MAX_BUFFERED = 2;
const REPORTS = 20;

let stack: Stack;
let owner: string;
const clients: Client[] = [];
const sockets: WebSocket[] = [];

beforeAll(async () => {
  stack = await startStack({ env: { gateway: { SUBSCRIPTION_MAX_BUFFERED_EVENTS: String(MAX_BUFFERED) } } });
  owner = await stack.login('advanced_engineer@example.com');
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  await Promise.all(clients.map((c) => c.dispose()));
  await stack?.close();
});

const worker = (path: string, body: Record<string, unknown>) => callWorker(stack.worker, WORKER, path, body);

async function scrape(): Promise<Sample[]> {
  const response = await fetch(`${stack.gatewayUrl}/metrics`);
  expect(response.status).toBe(200);
  return parseMetrics(await response.text());
}

const NAMES = [
  'gateway_websocket_connections',
  'gateway_subscriptions_active',
  'gateway_subscription_upstreams_active',
  'gateway_subscription_upstreams_opened_total',
  'gateway_subscription_events_in_total',
  'gateway_subscription_events_out_total',
  'gateway_subscription_executions_total',
  'gateway_subscription_event_executions_count',
  'gateway_subscription_event_executions_sum',
  'gateway_subscription_slow_consumers_closed_total',
  'gateway_subscription_events_dropped_total',
  'gateway_subscription_feed_joins_total',
] as const;
type Figures = Record<(typeof NAMES)[number], number>;

async function figures(): Promise<Figures> {
  const samples = await scrape();
  for (const name of NAMES) expect(samples.some((s) => s.name === name && s.labels.service === 'gateway')).toBe(true);
  return Object.fromEntries(NAMES.map((name) => [name, sumSamples(samples, name)])) as Figures;
}

/** Scrape until `condition` holds (the figures move with the sockets, not with our calls). */
async function until(condition: (f: Figures) => boolean, what: string, timeoutMs = 20_000): Promise<Figures> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await figures();
    if (condition(now)) return now;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(now)}`);
    await sleep(100);
  }
}

const WATCH = 'subscription Watch($id: ID!) { trainingJobUpdated(id: $id) { id progress logs(first: 100) { nodes { message } } } }';

async function rawSubscriber(jobId: string): Promise<{ socket: WebSocket; closed: Promise<number> }> {
  const socket = new WebSocket(stack.wsUrl, 'graphql-transport-ws');
  sockets.push(socket);
  const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { Authorization: `Bearer ${owner}` } })));
    socket.once('error', reject);
    socket.on('message', (data) => {
      const message = JSON.parse(String(data)) as { type: string };
      if (message.type === 'connection_ack') {
        socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: WATCH, variables: { id: jobId } } }));
        resolve();
      }
    });
  });
  return { socket, closed };
}

describe('subscription metrics on the gateway /metrics', () => {
  it('count sockets, subscriptions, upstreams, events in and out, executions per event and a slow consumer closed with its events dropped', async () => {
    const jobId = await claimedJob(stack, owner, WORKER, { projectId: INSPECTION, datasetId: PUBLIC_COCO, name: 'subscription-metrics' });
    await worker(`/jobs/${jobId}/events`, {
      logs: Array.from({ length: 100 }, (_, i) => ({ level: 'INFO', message: `${i} ${'x'.repeat(9000)}` })),
    });

    const before = await figures();
    const slow = await rawSubscriber(jobId);
    const fast = wsClient(stack.wsUrl, owner);
    clients.push(fast);
    const received: number[] = [];
    const errors: unknown[] = [];
    fast.subscribe<{ trainingJobUpdated: { progress: number } }>(
      { query: WATCH, variables: { id: jobId } },
      {
        next: (event) => {
          if (event.errors) errors.push(...event.errors);
          if (event.data) received.push(event.data.trainingJobUpdated.progress);
        },
        error: (error) => errors.push(error),
        complete: () => undefined,
      },
    );

    // Two sockets, two subscriptions on ONE shared upstream (same job).
    const watching = await until((f) => f.gateway_subscriptions_active >= before.gateway_subscriptions_active + 2, 'two subscriptions');
    expect(watching.gateway_websocket_connections - before.gateway_websocket_connections).toBe(2);
    expect(watching.gateway_subscription_upstreams_active - before.gateway_subscription_upstreams_active).toBe(1);
    expect(watching.gateway_subscription_upstreams_opened_total - before.gateway_subscription_upstreams_opened_total).toBe(1);
    await sleep(500); // the upstream has no "subscribed" acknowledgement: let it reach the subgraph

    // The slow client stops reading.
    const tcp = (slow.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    tcp.pause();
    for (let i = 1; i <= REPORTS; i++) {
      await worker(`/jobs/${jobId}/events`, { progress: { epoch: i, totalEpochs: REPORTS, percent: (100 * i) / REPORTS } });
      await sleep(50);
    }
    const end = Date.now() + 30_000;
    while (received.length < REPORTS && Date.now() < end) await sleep(50);
    expect(errors).toEqual([]);
    expect(received).toHaveLength(REPORTS);
    const after = await until(
      (f) => f.gateway_subscription_slow_consumers_closed_total > before.gateway_subscription_slow_consumers_closed_total,
      'the slow consumer',
    );

    const delta = (name: keyof Figures) => after[name] - before[name];
    expect(delta('gateway_subscription_slow_consumers_closed_total')).toBe(1);
    // The buffered events and the one that did not fit.
    expect(delta('gateway_subscription_events_dropped_total')).toBe(MAX_BUFFERED + 1);
    // Every progress report reached the gateway once (the one shared upstream).
    expect(delta('gateway_subscription_events_in_total')).toBe(REPORTS);
    // Both viewers share one selection: one query per event, observed once per event.
    expect(delta('gateway_subscription_event_executions_count')).toBe(REPORTS);
    expect(delta('gateway_subscription_event_executions_sum')).toBe(REPORTS);
    expect(delta('gateway_subscription_executions_total')).toBe(REPORTS);
    // Out: all of the fast client's, plus whatever the slow one was sent before it stalled.
    expect(delta('gateway_subscription_events_out_total')).toBeGreaterThanOrEqual(REPORTS);
    expect(delta('gateway_subscription_events_out_total')).toBeLessThan(2 * REPORTS);
    expect(after.gateway_subscriptions_active - before.gateway_subscriptions_active).toBe(1);

    tcp.resume();
    expect([4413, 1006]).toContain(await slow.closed);
    await fast.dispose();
    const idle = await until(
      (f) =>
        f.gateway_websocket_connections === before.gateway_websocket_connections &&
        f.gateway_subscriptions_active === before.gateway_subscriptions_active &&
        f.gateway_subscription_upstreams_active === before.gateway_subscription_upstreams_active,
      'sockets, subscriptions and upstreams back to where they were',
    );
    expect(idle.gateway_subscription_upstreams_opened_total).toBe(watching.gateway_subscription_upstreams_opened_total);
  }, 120_000);
});
