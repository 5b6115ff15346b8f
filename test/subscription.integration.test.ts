import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Client } from 'graphql-ws';
import { startStack, type Stack } from './harness/stack';
import { sleep, waitFor, watch, wsClient, type Watch } from './helpers';

interface Job {
  id: string;
  name: string;
  status: string;
  owner: { email: string };
}

let stack: Stack;
let adminToken: string;
let jobs: Job[];
const clients: Client[] = [];

const open = (token?: string) => {
  const client = wsClient(stack.wsUrl, token);
  clients.push(client);
  return client;
};

const cancel = (id: string) =>
  stack.graphql.request<{ cancelTrainingJob: { status: string } }>(
    'mutation($id: ID!) { cancelTrainingJob(id: $id) { status } }',
    { id },
    { token: adminToken },
  );

/** Jobs that can still be cancelled, each used by one test. */
const takeCancellable = () => {
  const index = jobs.findIndex((j) => j.status === 'RUNNING' || j.status === 'QUEUED');
  if (index < 0) throw new Error('no cancellable job left in the seed');
  return jobs.splice(index, 1)[0]!;
};

/** The bridge has no "subscribed" acknowledgement from the subgraph: wait for the socket, then a little. */
async function upstreamReady(connectionsBefore: number): Promise<void> {
  await waitFor(() => stack.gateway.bridgeStats.upstreamConnections > connectionsBefore, 10_000, 'upstream connection');
  await sleep(300);
}

const WATCH_STATUS = 'subscription Watch($id: ID!) { trainingJobUpdated(id: $id) { status owner { email } } }';

beforeAll(async () => {
  stack = await startStack();
  adminToken = await stack.login('admin@example.com');
  const body = await stack.graphql.request<{ trainingJobs: { nodes: Job[] } }>(
    '{ trainingJobs(first: 50) { nodes { id name status owner { email } } } }',
    {},
    { token: adminToken },
  );
  jobs = body.data!.trainingJobs.nodes;
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await stack?.close();
});

describe('subscriptions through the gateway', () => {
  it('delivers CANCELLED with the owner e-mail (users subgraph) when cancelTrainingJob runs through the gateway', async () => {
    const job = takeCancellable();
    const token = await stack.login('admin@example.com');
    const connections = stack.gateway.bridgeStats.upstreamConnections;
    const w = watch(open(token), WATCH_STATUS, { id: job.id });
    await upstreamReady(connections);

    const cancelled = await cancel(job.id);
    expect(cancelled.errors).toBeUndefined();
    const event = await w.next();
    expect(event.errors).toBeUndefined();
    expect(event.data).toEqual({ trainingJobUpdated: { status: 'CANCELLED', owner: { email: job.owner.email } } });
    w.stop();
  });

  it('refuses a connection without a token', async () => {
    const w = watch(open(), WATCH_STATUS, { id: jobs[0]!.id });
    const failure = (await w.failure) as { code?: number; reason?: string };
    expect(failure.code).toBe(4401);
    expect(failure.reason).toMatch(/Authorization/);
  });

  it('refuses a connection with a bad token', async () => {
    const w = watch(open('not-a-token'), WATCH_STATUS, { id: jobs[0]!.id });
    const failure = (await w.failure) as { code?: number };
    expect(failure.code).toBe(4401);
  });

  it('shares one upstream subscription between identical subscriptions and resolves each event once per distinct selection', async () => {
    const job = takeCancellable();
    const stats = stack.gateway.bridgeStats;
    const opened = stats.upstreamOpened;
    const connections = stats.upstreamConnections;
    const client = open(adminToken);
    const first = watch(client, WATCH_STATUS, { id: job.id });
    const second = watch(open(adminToken), WATCH_STATUS, { id: job.id });
    const otherSelection = watch(client, 'subscription($id: ID!) { trainingJobUpdated(id: $id) { id dataset { name } } }', { id: job.id });
    await upstreamReady(connections);
    expect(stats.upstreamOpened - opened).toBe(1);
    expect(stats.activeUpstreams).toBe(1);
    expect(stats.activeSubscribers).toBe(3);

    const executions = stats.eventExecutions;
    await cancel(job.id);
    const [a, b, c] = await Promise.all([first.next(), second.next(), otherSelection.next()]);
    expect(a).toEqual(b);
    expect(a.data).toEqual({ trainingJobUpdated: { status: 'CANCELLED', owner: { email: job.owner.email } } });
    expect(c.data).toEqual({ trainingJobUpdated: { id: job.id, dataset: { name: expect.any(String) } } });
    // Two distinct (document, variables, viewer) keys → two queries for three subscribers.
    expect(stats.eventExecutions - executions).toBe(2);

    first.stop();
    second.stop();
    await sleep(50);
    expect(stats.activeUpstreams).toBe(1);
    otherSelection.stop();
    await waitFor(() => stats.activeUpstreams === 0, 5_000, 'the upstream to close after the last subscriber left');
    expect(stats.activeSubscribers).toBe(0);
  });

  it('serves 60 identical subscribers with one upstream subscription and one query per event', async () => {
    const job = takeCancellable();
    const stats = stack.gateway.bridgeStats;
    const opened = stats.upstreamOpened;
    const connections = stats.upstreamConnections;
    const sockets = Array.from({ length: 6 }, () => open(adminToken));
    const watches: Watch[] = Array.from({ length: 60 }, (_, i) => watch(sockets[i % sockets.length]!, WATCH_STATUS, { id: job.id }));
    await upstreamReady(connections);
    await waitFor(() => stats.activeSubscribers >= 60, 5_000, '60 subscribers');
    expect(stats.upstreamOpened - opened).toBe(1);

    const executions = stats.eventExecutions;
    const started = Date.now();
    await cancel(job.id);
    const events = await Promise.all(watches.map((w) => w.next()));
    const elapsed = Date.now() - started;
    expect(new Set(events.map((e) => JSON.stringify(e))).size).toBe(1);
    expect(events[0]!.data).toEqual({ trainingJobUpdated: { status: 'CANCELLED', owner: { email: job.owner.email } } });
    expect(stats.eventExecutions - executions).toBe(1);
    process.stdout.write(`[measure] 60 subscribers: cancel → last delivery ${elapsed} ms, ${stats.eventExecutions - executions} query\n`);
    watches.forEach((w) => w.stop());
    await waitFor(() => stats.activeUpstreams === 0, 5_000, 'the upstream to close');
  });

  it('shares one upstream subscription between different viewers of one job (subscription-sharing.integration.test.ts has more)', async () => {
    const job = takeCancellable();
    const stats = stack.gateway.bridgeStats;
    const opened = stats.upstreamOpened;
    const subscribers = stats.activeSubscribers;
    const manager = await stack.login('manager@example.com');
    const a = watch(open(adminToken), WATCH_STATUS, { id: job.id });
    const b = watch(open(manager), WATCH_STATUS, { id: job.id });
    await waitFor(() => stats.activeSubscribers - subscribers === 2, 5_000, 'two subscribers');
    expect(stats.upstreamOpened - opened).toBe(1);
    a.stop();
    b.stop();
  });

  it('passes errors from the owning subgraph (job not visible) to the client as GraphQL errors', async () => {
    const standard = await stack.login('standard_engineer@example.com');
    const notTheirs = jobs.find((j) => j.owner.email !== 'standard_engineer@example.com');
    if (!notTheirs) throw new Error('the seed has no job of another owner');
    const w = watch(open(standard), WATCH_STATUS, { id: notTheirs.id });
    const result = await w.next();
    expect(result.data ?? null).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await w.completed;
  });

  it('rejects an invalid subscription with a validation error, not a closed socket', async () => {
    const w = watch(open(adminToken), 'subscription { trainingJobUpdated(id: "x") { noSuchField } }');
    const failure = (await w.failure) as Array<{ message: string; extensions?: { code?: string } }>;
    expect(failure[0]?.message).toMatch(/noSuchField/);
    expect(failure[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('refuses a document whose operation cannot be chosen with OPERATION_RESOLUTION_FAILURE, as over HTTP', async () => {
    const w = watch(open(adminToken), 'subscription A { trainingJobUpdated(id: "x") { id } } subscription B { trainingJobUpdated(id: "y") { id } }');
    const failure = (await w.failure) as Array<{ message: string; extensions?: { code?: string } }>;
    expect(failure.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['OPERATION_RESOLUTION_FAILURE', 'Could not determine which operation to run: name one with operationName.'],
    ]);
  });

  it('runs queries sent over the socket through the normal query path', async () => {
    const w = watch(open(adminToken), '{ me { email role } }');
    expect((await w.next()).data).toEqual({ me: { email: 'admin@example.com', role: 'ADMIN' } });
  });
});
