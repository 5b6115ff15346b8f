import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startStack, type Stack } from './harness/stack';
import { wsClient } from './helpers';

const JOBS = '{ trainingJobs(first: 5) { totalCount } }';
const DEACTIVATE = 'mutation ($id: ID!) { deactivateUser(userId: $id) { id isActive } }';

let stack: Stack;

beforeAll(async () => {
  // A zero TTL makes the gateway ask about the account on every operation, so the test needs no waiting.
  stack = await startStack({ env: { gateway: { ACCOUNT_STATUS_TTL_MS: '0' } } });
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('deactivating an account', () => {
  it('ends its access at the gateway for every subgraph, over HTTP and WebSocket, although its token is still validly signed', async () => {
    const token = await stack.login('advanced_engineer@example.com');
    const admin = await stack.login('admin@example.com');
    const before = await stack.graphql.request<{ trainingJobs: { totalCount: number } }>(JOBS, {}, { token });
    expect(before.errors).toBeUndefined();

    const deactivated = await stack.graphql.request(DEACTIVATE, { id: stack.userIds.advanced_engineer }, { token: admin });
    expect(deactivated.errors).toBeUndefined();

    // trainingJobs is the platform subgraph's: it alone would accept the token until it expires.
    const after = await stack.graphql.request(JOBS, {}, { token });
    expect(after.status).toBe(401);
    expect(after.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(after.errors?.[0]?.message).toMatch(/deactivated/);

    const client = wsClient(stack.wsUrl, token);
    const closed = await new Promise<{ code: number } | 'subscribed'>((resolve) => {
      client.on('closed', (event) => resolve(event as { code: number }));
      client.subscribe({ query: '{ __typename }' }, { next: () => resolve('subscribed'), error: () => undefined, complete: () => undefined });
    });
    await client.dispose();
    expect(closed).toEqual(expect.objectContaining({ code: 4401 }));

    // Other accounts keep working.
    const still = await stack.graphql.request(JOBS, {}, { token: admin });
    expect(still.errors).toBeUndefined();
  });
});
