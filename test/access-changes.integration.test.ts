/**
 * Access changes reach the gateway as they are committed (decisions.md #56): the User DB notifies
 * `access_changed`, the users service relays it on `/internal/access-changes` to the gateway's
 * service token only, and the gateway forgets the account's remembered state and re-checks its
 * viewers on the next event. The gateway here remembers account states for 10 minutes
 * (`ACCOUNT_STATUS_TTL_MS=600000`): without the stream none of these changes would show for that long.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { signServiceToken } from '../lib/auth';
import { startStack, type Stack } from './harness/stack';
import { sleep, waitFor, watch, wsClients } from './helpers';

const PUBLIC_DATASET = 'ds_3f9a1c7e5b2d4f60';
const STATUS = 'subscription Status($id: ID!) { trainingJobUpdated(id: $id) { id status } }';

let stack: Stack;
let admin: string;
const clients = wsClients();
const open = (token: string) => clients.open(stack.wsUrl, token);

beforeAll(async () => {
  stack = await startStack({ env: { gateway: { ACCOUNT_STATUS_TTL_MS: '600000' } } });
  admin = await stack.login('admin@example.com');
}, 120_000);

afterAll(async () => {
  await clients.disposeAll();
  await stack?.close();
});

async function mutate(query: string, variables: Record<string, unknown>) {
  const result = await stack.graphql.request<Record<string, { id: string } | boolean>>(query, variables, { token: admin });
  expect(result.errors).toBeUndefined();
  return result.data!;
}

async function createJob(members: string[], name: string): Promise<{ projectId: string; jobId: string }> {
  const { createProject } = (await mutate('mutation ($input: CreateProjectInput!) { createProject(input: $input) { id } }', { input: { name } })) as {
    createProject: { id: string };
  };
  for (const userId of members)
    await mutate('mutation ($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u) { role } }', { p: createProject.id, u: userId });
  const { createTrainingJob } = (await mutate('mutation ($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }', {
    input: { projectId: createProject.id, datasetId: PUBLIC_DATASET, name },
  })) as { createTrainingJob: { id: string } };
  return { projectId: createProject.id, jobId: createTrainingJob.id };
}

const cancel = (id: string) => mutate('mutation ($id: ID!) { cancelTrainingJob(id: $id) { status } }', { id });

/** Waits until the gateway has applied `count` more access changes from the stream. */
const changesApplied = (before: number, count = 1) =>
  waitFor(() => stack.gateway.bridgeStats.accessChanges >= before + count, 10_000, 'the access change to reach the gateway');

async function attached(subscribersBefore: number, count: number) {
  await waitFor(() => stack.gateway.bridgeStats.activeSubscribers >= subscribersBefore + count, 10_000, `${count} subscribers`);
  await sleep(300);
}

describe('access changes from the users service', () => {
  it('serves its stream to the gateway’s service token only, and relays each change as it is committed', async () => {
    const url = `${stack.urls.users}/internal/access-changes`;
    const anonymous = await fetch(url);
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: string }).error).toBe('UNAUTHENTICATED');
    const asAdmin = await fetch(url, { headers: { Authorization: `Bearer ${admin}` } });
    expect(asAdmin.status).toBe(401);

    const { token } = await signServiceToken(stack.jwt, 60);
    const abort = new AbortController();
    const response = await fetch(url, { headers: { Authorization: `Bearer ${token}` }, signal: abort.signal });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const reader = response.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    const readUntil = async (needle: string) => {
      while (!text.includes(needle)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`the stream ended before "${needle}": ${text}`);
        text += decoder.decode(value, { stream: true });
      }
    };
    await readUntil('event: ready');
    await mutate('mutation ($id: ID!, $role: UserRole!) { updateUserRole(userId: $id, role: $role) { id } }', {
      id: stack.userIds.advanced_engineer,
      role: 'STANDARD_ENGINEER',
    });
    await readUntil(`data: {"userId":"${stack.userIds.advanced_engineer}"}`);
    await mutate('mutation ($id: ID!, $role: UserRole!) { updateUserRole(userId: $id, role: $role) { id } }', {
      id: stack.userIds.advanced_engineer,
      role: 'ADVANCED_ENGINEER',
    });
    abort.abort();
  });

  it('stops events to a viewer removed from the project on the next event, while the others keep receiving them', async () => {
    const engineer = await stack.login('standard_engineer@example.com');
    const { projectId, jobId } = await createJob([stack.userIds.standard_engineer], 'access-change-membership');
    const stats = stack.gateway.bridgeStats;
    const member = watch(open(engineer), STATUS, { id: jobId });
    const keeps = watch(open(admin), STATUS, { id: jobId });
    await attached(stats.activeSubscribers, 2);

    const changes = stats.accessChanges;
    await mutate('mutation ($p: ID!, $u: ID!) { removeProjectMember(projectId: $p, userId: $u) }', { p: projectId, u: stack.userIds.standard_engineer });
    await changesApplied(changes);
    const rechecks = stats.accessRechecks;
    await cancel(jobId);
    expect((await keeps.next()).data).toEqual({ trainingJobUpdated: { id: jobId, status: 'CANCELLED' } });
    const refused = await member.next();
    expect(refused.data ?? null).toBeNull();
    expect(refused.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    await member.completed;
    // Only the changed viewer was checked again; the admin's check still holds.
    expect(stats.accessRechecks - rechecks).toBe(1);
    keeps.stop();
  });

  it('applies a role change at once, over HTTP and on open subscriptions', async () => {
    const guest = await stack.login('guest@example.com');
    // Remembered as a guest (for 10 minutes, without the stream).
    const before = await stack.graphql.request('{ users(first: 1) { totalCount } }', {}, { token: guest });
    expect(before.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const { jobId } = await createJob([stack.userIds.guest], 'access-change-role');
    const stats = stack.gateway.bridgeStats;
    const watching = watch(open(guest), STATUS, { id: jobId });
    await attached(stats.activeSubscribers, 1);

    const changes = stats.accessChanges;
    await mutate('mutation ($id: ID!, $role: UserRole!) { updateUserRole(userId: $id, role: $role) { id } }', { id: stack.userIds.guest, role: 'MANAGER' });
    await changesApplied(changes);
    const after = await stack.graphql.request<{ users: { totalCount: number } }>('{ users(first: 1) { totalCount } }', {}, { token: guest });
    expect(after.errors).toBeUndefined();
    expect(after.data?.users.totalCount).toBeGreaterThan(0);
    await cancel(jobId);
    const ended = await watching.next();
    expect(ended.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    await watching.completed;
    await mutate('mutation ($id: ID!, $role: UserRole!) { updateUserRole(userId: $id, role: $role) { id } }', { id: stack.userIds.guest, role: 'GUEST' });
  });

  it('refuses a deactivated account at once, over HTTP and on its open subscriptions', async () => {
    const engineer = await stack.login('advanced_engineer@example.com');
    const { jobId } = await createJob([stack.userIds.advanced_engineer], 'access-change-deactivation');
    expect((await stack.graphql.request('{ me { id } }', {}, { token: engineer })).errors).toBeUndefined();
    const stats = stack.gateway.bridgeStats;
    const watching = watch(open(engineer), STATUS, { id: jobId });
    await attached(stats.activeSubscribers, 1);

    const changes = stats.accessChanges;
    await mutate('mutation ($id: ID!) { deactivateUser(userId: $id) { id } }', { id: stack.userIds.advanced_engineer });
    await changesApplied(changes);
    const refused = await stack.graphql.request('{ me { id } }', {}, { token: engineer });
    expect(refused.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    await cancel(jobId);
    const ended = await watching.next();
    expect(ended.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
