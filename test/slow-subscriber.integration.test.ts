/**
 * A subscriber that stops reading costs a bounded buffer at the gateway and is closed; the others
 * watching the same job keep receiving every event (decisions.md #35, "Slow consumers"). The slow
 * one speaks graphql-transport-ws over a raw socket and then stops reading it (its TCP window fills,
 * the gateway's writes stall); events are made large (100 log lines of 9,000 characters each) so
 * that happens after a few of them.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Client } from 'graphql-ws';
import WebSocket from 'ws';
import { stableId } from '../subgraphs/platform/seed';
import { startStack, type Stack } from './harness/stack';
import { sleep, waitFor, wsClient } from './helpers';
import { callWorker } from './harness/worker-call';

const PUBLIC_COCO = 'ds_3f9a1c7e5b2d4f60';
const INSPECTION = stableId('prj', 'inspection');
const WORKER = 'hand-worker-slow';
const MAX_BUFFERED = 4;
const REPORTS = 30;

let stack: Stack;
let owner: string;
const clients: Client[] = [];
const sockets: WebSocket[] = [];

const worker = (path: string, body: Record<string, unknown>) => callWorker(stack.worker, WORKER, path, body);

beforeAll(async () => {
  stack = await startStack({ env: { gateway: { SUBSCRIPTION_MAX_BUFFERED_EVENTS: String(MAX_BUFFERED) } } });
  owner = await stack.login('advanced_engineer@example.com');
}, 120_000);

afterAll(async () => {
  for (const socket of sockets) socket.terminate();
  await Promise.all(clients.map((c) => c.dispose()));
  await stack?.close();
});

const WATCH = 'subscription Watch($id: ID!) { trainingJobUpdated(id: $id) { id progress logs(first: 100) { nodes { message } } } }';

/** A graphql-transport-ws subscriber on a raw socket, acknowledged and subscribed; resolves with the socket. */
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

describe('a subscriber that stops reading', () => {
  it('is closed once its bounded buffer overflows, while another subscriber of the same job receives every event', async () => {
    const created = await stack.graphql.request<{ createTrainingJob: { id: string } }>(
      'mutation($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }',
      { input: { projectId: INSPECTION, datasetId: PUBLIC_COCO, name: 'slow-subscriber' } },
      { token: owner },
    );
    expect(created.errors).toBeUndefined();
    const jobId = created.data!.createTrainingJob.id;
    const claim = await worker('/jobs/claim', { frameworks: ['reference'], tasks: ['classification'] });
    expect((claim!.job as { id: string }).id).toBe(jobId);
    await worker(`/jobs/${jobId}/events`, {
      logs: Array.from({ length: 100 }, (_, i) => ({ level: 'INFO', message: `${i} ${'x'.repeat(9000)}` })),
    });

    const stats = stack.gateway.bridgeStats;
    const subscribers = stats.activeSubscribers;
    const connections = stats.upstreamConnections;
    const slow = await rawSubscriber(jobId);
    const fast = wsClient(stack.wsUrl, owner);
    clients.push(fast);
    const received: Array<{ at: number; progress: number }> = [];
    const errors: unknown[] = [];
    fast.subscribe<{ trainingJobUpdated: { progress: number } }>(
      { query: WATCH, variables: { id: jobId } },
      {
        next: (event) => {
          if (event.errors) errors.push(...event.errors);
          if (event.data) received.push({ at: Date.now(), progress: event.data.trainingJobUpdated.progress });
        },
        error: (error) => errors.push(error),
        complete: () => undefined,
      },
    );
    await waitFor(() => stats.activeSubscribers >= subscribers + 2, 10_000, 'two subscribers');
    await waitFor(() => stats.upstreamConnections > connections, 10_000, 'upstream connection');
    await sleep(300);
    // The slow subscriber stops reading: what the gateway writes piles up in its TCP window, then in the gateway.
    const tcp = (slow.socket as unknown as { _socket: { pause(): void; resume(): void } })._socket;
    tcp.pause();

    const sentAt: number[] = [];
    for (let i = 1; i <= REPORTS; i++) {
      sentAt.push(Date.now());
      await worker(`/jobs/${jobId}/events`, { progress: { epoch: i, totalEpochs: REPORTS, percent: (100 * i) / REPORTS } });
      await sleep(50);
    }
    await waitFor(() => received.length >= REPORTS, 30_000, 'every event at the fast subscriber');
    await waitFor(() => stats.slowConsumersClosed >= 1, 10_000, 'the slow subscriber to be closed');

    expect(errors).toEqual([]);
    expect(received.map((r) => r.progress)).toEqual(Array.from({ length: REPORTS }, (_, i) => Math.round((10000 * (i + 1)) / REPORTS) / 100));
    const latencies = received.map((r, i) => r.at - sentAt[i]!).sort((a, b) => a - b);
    process.stdout.write(
      `[measure] fast subscriber beside a stalled one: ${REPORTS} events of ~0.9 MB, latency p50 ${latencies[Math.floor(latencies.length / 2)]} ms, max ${latencies[latencies.length - 1]} ms; slow ones closed: ${stats.slowConsumersClosed}\n`,
    );
    // Reading again, the client finds its socket closed by the gateway (the close frame may sit behind the undelivered events, cut after a grace period).
    tcp.resume();
    const code = await slow.closed;
    process.stdout.write(`[measure] the stalled client's socket closed with ${code}\n`);
    expect([4413, 1006]).toContain(code);
    await waitFor(() => stats.activeSubscribers === subscribers + 1, 5_000, 'only the fast subscriber left');
  }, 90_000);
});
