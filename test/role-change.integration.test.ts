import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { SignJWT } from 'jose';
import type { Client } from 'graphql-ws';
import { startStack, type Stack } from './harness/stack';
import { codeOf, createGraphQLClient } from './harness/graphql-client';
import { sleep, waitFor, watch, wsClient } from './helpers';

/** Small, so the test waits a little past it instead of for the default. */
const TTL_MS = 400;
const pastTtl = () => sleep(TTL_MS * 2 + 300);

const JOBS = '{ trainingJobs(first: 100) { totalCount nodes { id status } } }';
const SET_ROLE = 'mutation ($id: ID!, $role: UserRole!) { updateUserRole(userId: $id, role: $role) { id role } }';
const CANCEL = 'mutation ($id: ID!) { cancelTrainingJob(id: $id) { id status } }';
const WATCH = 'subscription Watch($id: ID!) { trainingJobUpdated(id: $id) { id status } }';

interface Jobs {
  trainingJobs: { totalCount: number; nodes: { id: string; status: string }[] };
}

let stack: Stack;
let admin: string;
const clients: Client[] = [];

beforeAll(async () => {
  const ttl = { ACCOUNT_STATUS_TTL_MS: String(TTL_MS) };
  stack = await startStack({ env: { gateway: ttl, platform: ttl, datasets: ttl } });
  admin = await stack.login('admin@example.com');
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await stack?.close();
});

const setRole = async (role: string) => {
  const result = await stack.graphql.request(SET_ROLE, { id: stack.userIds.standard_engineer, role }, { token: admin });
  expect(result.errors).toBeUndefined();
};

/** Two queued jobs in a new project of the admin's, which the engineer is no member of. */
async function hiddenJobs(): Promise<[string, string]> {
  const project = await stack.graphql.data<{ createProject: { id: string } }>(
    'mutation ($input: CreateProjectInput!) { createProject(input: $input) { id } }',
    { input: { name: 'Role change' } },
    { token: admin },
  );
  const ids: string[] = [];
  for (const name of ['hidden-1', 'hidden-2']) {
    const created = await stack.graphql.data<{ createTrainingJob: { id: string } }>(
      'mutation ($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }',
      { input: { projectId: project.createProject.id, datasetId: stack.datasetIds[0], name } },
      { token: admin },
    );
    ids.push(created.createTrainingJob.id);
  }
  return ids as [string, string];
}

describe('a role change', () => {
  it('takes effect for an old token within the account-status TTL: at the gateway, at a subgraph reached directly and on an open subscription', async () => {
    // What the engineer sees with its own role (visibility below manager follows project membership).
    const [watched, other] = await hiddenJobs();
    const asEngineer = await stack.graphql.data<Jobs>(JOBS, {}, { token: await stack.login('standard_engineer@example.com') });
    expect(asEngineer.trainingJobs.nodes.map((j) => j.id)).not.toContain(watched);

    // Promoted to manager, it logs in again and gets a manager token that sees every job.
    await setRole('MANAGER');
    await pastTtl();
    const managerToken = await stack.login('standard_engineer@example.com');
    const asManager = await stack.graphql.data<Jobs>(JOBS, {}, { token: managerToken });
    expect(asManager.trainingJobs.nodes.map((j) => j.id)).toContain(watched);

    const client = wsClient(stack.wsUrl, managerToken);
    clients.push(client);
    const connections = stack.gateway.bridgeStats.upstreamConnections;
    const subscription = watch(client, WATCH, { id: watched });
    await waitFor(() => stack.gateway.bridgeStats.upstreamConnections > connections, 10_000, 'upstream connection');
    await sleep(300);

    // Demoted to guest; its manager token is still validly signed and unexpired.
    await setRole('GUEST');
    await pastTtl();

    // (1) Through the gateway: a guest may not cancel jobs, and sees only its own projects' jobs.
    const cancelled = await stack.graphql.request(CANCEL, { id: other }, { token: managerToken });
    expect(codeOf(cancelled)).toBe('FORBIDDEN');
    const listed = await stack.graphql.data<Jobs>(JOBS, {}, { token: managerToken });
    expect(listed.trainingJobs.totalCount).toBe(asEngineer.trainingJobs.totalCount);

    // (2) The platform subgraph reached directly acts on the guest role too.
    const platform = createGraphQLClient(`${stack.urls.platform}/graphql`, { token: managerToken });
    expect(codeOf(await platform.request(CANCEL, { id: other }))).toBe('FORBIDDEN');
    const direct = await platform.data<Jobs>(JOBS);
    expect(direct.trainingJobs.totalCount).toBe(asEngineer.trainingJobs.totalCount);

    // The socket opened before the demotion runs its next operation under the new role.
    const overSocket = watch(client, CANCEL, { id: other });
    const refused = (await overSocket.failure) as Array<{ extensions?: { code?: string } }>;
    expect(refused[0]?.extensions?.code).toBe('FORBIDDEN');

    // (3) The open subscription no longer delivers the job it may not see.
    expect(codeOf(await stack.graphql.request(CANCEL, { id: watched }, { token: admin }))).toBeUndefined();
    const event = await subscription.next();
    expect(event.data?.trainingJobUpdated ?? null).toBeNull();
    expect(event.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(event.errors?.[0]?.message).toMatch(/subscribe again/);
    await subscription.completed;
  }, 60_000);
});

describe('a demoted admin', () => {
  // The guest: one private dataset (the standard engineer's, granted to the advanced engineer) is not theirs to see.
  it('no longer sees every dataset at the datasets subgraph reached directly with its old token', async () => {
    const DATASETS = '{ datasets(first: 100) { totalCount } }';
    const setEngineerRole = (role: string) => stack.graphql.data(SET_ROLE, { id: stack.userIds.guest, role }, { token: admin });
    const direct = (token: string) => createGraphQLClient(`${stack.urls.datasets}/graphql`, { token }).data<{ datasets: { totalCount: number } }>(DATASETS);
    const own = await direct(await stack.login('guest@example.com'));
    const all = await direct(admin);
    expect(own.datasets.totalCount).toBeLessThan(all.datasets.totalCount);

    await setEngineerRole('ADMIN');
    await pastTtl();
    const adminToken = await stack.login('guest@example.com');
    expect((await direct(adminToken)).datasets.totalCount).toBe(all.datasets.totalCount);

    await setEngineerRole('GUEST');
    await pastTtl();
    expect((await direct(adminToken)).datasets.totalCount).toBe(own.datasets.totalCount);
  }, 30_000);
});

describe('a token without an expiry', () => {
  it('is refused UNAUTHENTICATED at the gateway and at a subgraph', async () => {
    const token = await new SignJWT({ email: 'admin@example.com', role: 'admin', typ: 'access' })
      .setProtectedHeader({ alg: stack.jwt.algorithm, typ: 'JWT' })
      .setSubject(stack.userIds.admin)
      .setIssuedAt()
      .sign(new TextEncoder().encode(stack.jwt.secret));
    const gateway = await stack.graphql.request(JOBS, {}, { token });
    expect(gateway.status).toBe(401);
    expect(codeOf(gateway)).toBe('UNAUTHENTICATED');
    expect(gateway.errors?.[0]?.message).toMatch(/no expiry/);
    for (const url of [stack.urls.platform, stack.urls.datasets, stack.urls.users]) {
      const direct = await createGraphQLClient(`${url}/graphql`, { token }).request('{ __typename }');
      expect(codeOf(direct)).toBe('UNAUTHENTICATED');
    }
  });
});
