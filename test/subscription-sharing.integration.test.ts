/**
 * One upstream per job, shared by every viewer (decisions.md #19): the gateway subscribes to the
 * platform once per job with its service identity, checks each viewer's access itself (at subscribe
 * and again when it may have changed), and resolves an event once per selection and visibility class.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { signServiceToken } from '../lib/auth';
import { startStack, type Stack } from './harness/stack';
import { sleep, waitFor, watch, wsClients, type Watch } from './helpers';

/** Small, so the tests wait a little past it instead of for the default. */
const TTL_MS = 400;
const pastTtl = () => sleep(TTL_MS * 2 + 300);
const PRIVATE_DATASET = 'ds_8b41e0d29c7a5f13'; // private, owned by standard_engineer
const PUBLIC_DATASET = 'ds_3f9a1c7e5b2d4f60';

let stack: Stack;
let admin: string;
const clients = wsClients();
const open = (token: string) => clients.open(stack.wsUrl, token);

beforeAll(async () => {
  const ttl = { ACCOUNT_STATUS_TTL_MS: String(TTL_MS) };
  stack = await startStack({ env: { gateway: ttl, platform: ttl, datasets: ttl } });
  admin = await stack.login('admin@example.com');
}, 120_000);

afterAll(async () => {
  await clients.disposeAll();
  await stack?.close();
});

async function setRole(role: 'guest' | 'standard_engineer' | 'manager', as: string) {
  const result = await stack.graphql.request(
    'mutation ($id: ID!, $role: UserRole!) { updateUserRole(userId: $id, role: $role) { id role } }',
    { id: stack.userIds.guest, role: role.toUpperCase() },
    { token: as },
  );
  expect(result.errors).toBeUndefined();
}

async function createProject(name: string, members: string[]): Promise<string> {
  const project = await stack.graphql.data<{ createProject: { id: string } }>(
    'mutation ($input: CreateProjectInput!) { createProject(input: $input) { id } }',
    { input: { name } },
    { token: admin },
  );
  for (const userId of members) await addMember(project.createProject.id, userId);
  return project.createProject.id;
}

async function addMember(projectId: string, userId: string) {
  const added = await stack.graphql.request(
    'mutation ($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { role } }',
    { p: projectId, u: userId },
    { token: admin },
  );
  expect(added.errors).toBeUndefined();
}

async function createJob(projectId: string, datasetId: string, token: string, name: string): Promise<string> {
  const created = await stack.graphql.request<{ createTrainingJob: { id: string } }>(
    'mutation ($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }',
    { input: { projectId, datasetId, name } },
    { token },
  );
  expect(created.errors).toBeUndefined();
  return created.data!.createTrainingJob.id;
}

async function cancel(id: string, token = admin) {
  const result = await stack.graphql.request('mutation ($id: ID!) { cancelTrainingJob(id: $id) { status } }', { id }, { token });
  expect(result.errors).toBeUndefined();
}

/** Waits until `count` more subscribers are attached and their upstream's socket is acknowledged. */
async function attached(subscribersBefore: number, count: number, connectionsBefore: number) {
  const stats = stack.gateway.bridgeStats;
  await waitFor(() => stats.activeSubscribers >= subscribersBefore + count, 10_000, `${count} subscribers`);
  await waitFor(() => stats.upstreamConnections > connectionsBefore, 10_000, 'upstream connection');
  await sleep(300);
}

const STATUS = 'subscription Status($id: ID!) { trainingJobUpdated(id: $id) { id status } }';
const DATASET = 'subscription Dataset($id: ID!) { trainingJobUpdated(id: $id) { id status dataset { name } } }';

describe('one upstream per job, shared across viewers', () => {
  it('opens one upstream for viewers of different users and roles, and resolves an event once per selection and visibility class', async () => {
    // A second manager: the guest, promoted.
    await setRole('manager', admin);
    await pastTtl();
    const manager = await stack.login('manager@example.com');
    const secondManager = await stack.login('guest@example.com');
    const projectId = await createProject('Sharing', []);
    const jobId = await createJob(projectId, PUBLIC_DATASET, admin, 'shared-1');

    const stats = stack.gateway.bridgeStats;
    const opened = stats.upstreamOpened;
    const subscribers = stats.activeSubscribers;
    const connections = stats.upstreamConnections;
    const watches: Watch[] = [
      watch(open(admin), STATUS, { id: jobId }),
      watch(open(manager), STATUS, { id: jobId }),
      watch(open(secondManager), STATUS, { id: jobId }),
      watch(open(manager), DATASET, { id: jobId }),
      watch(open(secondManager), DATASET, { id: jobId }),
    ];
    await attached(subscribers, watches.length, connections);
    expect(stats.upstreamOpened - opened).toBe(1);

    const executions = stats.eventExecutions;
    await cancel(jobId);
    const events = await Promise.all(watches.map((w) => w.next()));
    for (const event of events.slice(0, 3)) expect(event).toEqual({ data: { trainingJobUpdated: { id: jobId, status: 'CANCELLED' } } });
    for (const event of events.slice(3))
      expect(event.data).toEqual({ trainingJobUpdated: { id: jobId, status: 'CANCELLED', dataset: { name: expect.any(String) } } });
    // Status: one per role (admin, manager) — the two managers share one; dataset: one per user (the Labeler answers per user).
    expect(stats.eventExecutions - executions).toBe(4);
    watches.forEach((w) => w.stop());
    await waitFor(() => stats.activeUpstreams === 0, 5_000, 'the upstream to close after the last subscriber left');
    await setRole('guest', admin);
    await pastTtl();
  });

  it("never shows one viewer what only another may see: two viewers of one role, one of whom cannot see the job's private dataset", async () => {
    // The guest becomes a second standard engineer: same role as the dataset's owner, no right to the dataset.
    await setRole('standard_engineer', admin);
    await pastTtl();
    const owner = await stack.login('standard_engineer@example.com');
    const other = await stack.login('guest@example.com');
    const projectId = await createProject('Private data', [stack.userIds.standard_engineer, stack.userIds.guest]);
    const jobId = await createJob(projectId, PRIVATE_DATASET, owner, 'private-data');
    const datasetName = (
      await stack.graphql.data<{ dataset: { name: string } }>('query ($id: ID!) { dataset(id: $id) { name } }', { id: PRIVATE_DATASET }, { token: owner })
    ).dataset.name;

    const stats = stack.gateway.bridgeStats;
    const opened = stats.upstreamOpened;
    const subscribers = stats.activeSubscribers;
    const connections = stats.upstreamConnections;
    // The one who cannot see the dataset subscribes first: its execution must not be reused for the owner, nor the owner's for it.
    const hidden = watch(open(other), DATASET, { id: jobId });
    await waitFor(() => stats.activeSubscribers > subscribers, 10_000, 'the first subscriber');
    const seen = watch(open(owner), DATASET, { id: jobId });
    await attached(subscribers, 2, connections);
    expect(stats.upstreamOpened - opened).toBe(1);

    await cancel(jobId, owner);
    const [forOther, forOwner] = await Promise.all([hidden.next(), seen.next()]);
    expect(forOwner.data).toEqual({ trainingJobUpdated: { id: jobId, status: 'CANCELLED', dataset: { name: datasetName } } });
    expect((forOther.data?.trainingJobUpdated as { status: string } | undefined)?.status).toBe('CANCELLED');
    expect(JSON.stringify(forOther)).not.toContain(datasetName);
    hidden.stop();
    seen.stop();
    await setRole('guest', admin);
    await pastTtl();
  });

  it('stops sending events to a viewer removed from the project (re-checked past the TTL), while the others keep receiving them', async () => {
    const engineer = await stack.login('standard_engineer@example.com');
    const projectId = await createProject('Membership', [stack.userIds.standard_engineer]);
    const jobId = await createJob(projectId, PUBLIC_DATASET, admin, 'membership');

    const stats = stack.gateway.bridgeStats;
    const opened = stats.upstreamOpened;
    const subscribers = stats.activeSubscribers;
    const connections = stats.upstreamConnections;
    const member = watch(open(engineer), STATUS, { id: jobId });
    const keeps = watch(open(admin), STATUS, { id: jobId });
    await attached(subscribers, 2, connections);
    expect(stats.upstreamOpened - opened).toBe(1);

    const removed = await stack.graphql.request(
      'mutation ($p: ID!, $u: ID!) { removeProjectMember(projectId: $p, userId: $u) }',
      { p: projectId, u: stack.userIds.standard_engineer },
      { token: admin },
    );
    expect(removed.errors).toBeUndefined();
    await pastTtl();

    const rechecks = stats.accessRechecks;
    await cancel(jobId);
    expect((await keeps.next()).data).toEqual({ trainingJobUpdated: { id: jobId, status: 'CANCELLED' } });
    const refused = await member.next();
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await member.completed;
    expect(stats.accessRechecks).toBeGreaterThan(rechecks);
    keeps.stop();
  });

  it("refuses the gateway's service token anything but the identity of a subscribed entity at the platform", async () => {
    const { token } = await signServiceToken(stack.jwt, 60);
    const platformWs = `${stack.urls.platform.replace(/^http/, 'ws')}/graphql`;
    const client = createClient({ url: platformWs, webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${token}` }, retryAttempts: 0 });
    clients.keep(client);
    const jobs = watch(client, '{ trainingJobs(first: 1) { nodes { id name } } }');
    const refusedQuery = (await jobs.failure) as Array<{ extensions?: { code?: string } }>;
    expect(refusedQuery[0]?.extensions?.code).toBe('FORBIDDEN');
    const content = watch(client, 'subscription ($id: ID!) { trainingJobUpdated(id: $id) { id name config } }', { id: '1' });
    const refusedContent = (await content.failure) as Array<{ extensions?: { code?: string } }>;
    expect(refusedContent[0]?.extensions?.code).toBe('FORBIDDEN');
    // The service token is no user token: the gateway's HTTP API refuses it.
    const asUser = await stack.graphql.request('{ me { id } }', {}, { token });
    expect(asUser.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
