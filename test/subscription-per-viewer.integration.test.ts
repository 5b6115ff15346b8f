/**
 * `SUBSCRIPTION_SHARING=per-viewer`, kept to compare with the shared design (decisions.md #35):
 * each viewer gets its own upstream, authorized by the platform with the viewer's token, and its
 * own execution per event; events still arrive.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Client } from 'graphql-ws';
import { startStack, type Stack } from './harness/stack';
import { sleep, waitFor, watch, wsClient } from './helpers';

let stack: Stack;
const clients: Client[] = [];

beforeAll(async () => {
  stack = await startStack({ env: { gateway: { SUBSCRIPTION_SHARING: 'per-viewer' } } });
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await stack?.close();
});

describe('per-viewer sharing', () => {
  it('opens one upstream per viewer of a job and resolves each event once per viewer', async () => {
    const admin = await stack.login('admin@example.com');
    const manager = await stack.login('manager@example.com');
    const jobs = await stack.graphql.data<{ trainingJobs: { nodes: Array<{ id: string; status: string }> } }>(
      '{ trainingJobs(first: 50) { nodes { id status } } }',
      {},
      { token: admin },
    );
    const job = jobs.trainingJobs.nodes.find((j) => j.status === 'QUEUED' || j.status === 'RUNNING');
    if (!job) throw new Error('the seed has no cancellable job');
    const stats = stack.gateway.bridgeStats;
    const opened = stats.upstreamOpened;
    const connections = stats.upstreamConnections;
    const query = 'subscription($id: ID!) { trainingJobUpdated(id: $id) { id status } }';
    const watches = [admin, manager].map((token) => {
      const client = wsClient(stack.wsUrl, token);
      clients.push(client);
      return watch(client, query, { id: job.id });
    });
    await waitFor(() => stats.upstreamConnections >= connections + 2, 10_000, 'two upstream connections');
    await sleep(300);
    expect(stats.upstreamOpened - opened).toBe(2);

    const executions = stats.eventExecutions;
    const cancelled = await stack.graphql.request('mutation ($id: ID!) { cancelTrainingJob(id: $id) { status } }', { id: job.id }, { token: admin });
    expect(cancelled.errors).toBeUndefined();
    for (const w of watches) expect((await w.next()).data).toEqual({ trainingJobUpdated: { id: job.id, status: 'CANCELLED' } });
    expect(stats.eventExecutions - executions).toBe(2);
    watches.forEach((w) => w.stop());
  });
});
