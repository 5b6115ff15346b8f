import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startStack, type Stack } from './harness/stack';
import { createGraphQLClient, type GraphQLResult } from './harness/graphql-client';
import { wsClient } from './helpers';

let stack: Stack;
let guestToken: string;

beforeAll(async () => {
  stack = await startStack();
  guestToken = await stack.login('guest@example.com');
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

/** `trainingJobs { nodes { project { … } } }` nested `levels` times: the guest query. */
const nestedJobs = (levels: number): string => {
  let inner = 'id';
  for (let i = 0; i < levels; i++) inner = `trainingJobs { nodes { id project { ${inner} } } }`;
  return `{ ${inner} }`;
};
const aliasedTypename = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: __typename`).join(' ')} }`;

const tooDeep = (max: number) => expect.objectContaining({ extensions: expect.objectContaining({ code: 'OPERATION_TOO_COMPLEX', limit: 'depth', max }) });

/** The errors a guest's subscription to `trainingJobUpdated { <selection> }` ends with. */
async function subscribeDeep(url: string, selection: string): Promise<unknown> {
  const client = wsClient(url, guestToken);
  try {
    const query = `subscription { trainingJobUpdated(id: "job_x") { ${selection.slice(2, -2)} } }`;
    return await new Promise<unknown>((resolve) => {
      client.subscribe({ query }, { next: () => undefined, error: resolve, complete: () => resolve('completed') });
    });
  } finally {
    await client.dispose();
  }
}

function expectTooComplex(result: GraphQLResult<unknown>, limit: string, max: number) {
  expect(result.status).toBe(400);
  expect(result.data ?? null).toBeNull();
  expect(result.errors).toHaveLength(1);
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'OPERATION_TOO_COMPLEX', limit, max });
}

describe('operation limits at the gateway', () => {
  it("refuses a guest's 7-level nested trainingJobs query before execution, naming the depth limit", async () => {
    const labelerBefore = stack.labeler.stats.requests;
    const result = await stack.graphql.request(nestedJobs(7), {}, { token: guestToken });
    expectTooComplex(result, 'depth', 10);
    expect(result.errors?.[0]?.extensions?.actual).toBe(22);
    expect(stack.labeler.stats.requests).toBe(labelerBefore);
  });

  it('refuses a shallow document whose estimated cost (list sizes × nesting) is over the limit', async () => {
    const query = '{ trainingJobs(first: 100) { nodes { project { trainingJobs(first: 100) { nodes { id status } } } } } }';
    const result = await stack.graphql.request(query, {}, { token: guestToken });
    expectTooComplex(result, 'cost', 10_000);
    expect(result.errors?.[0]?.extensions?.actual).toBeGreaterThan(10_000);
    // The page size from a variable counts the same.
    const viaVariable = await stack.graphql.request(
      'query Jobs($n: Int) { trainingJobs(first: $n) { nodes { project { trainingJobs(first: $n) { nodes { id status } } } } } }',
      { n: 100 },
      { token: guestToken },
    );
    expectTooComplex(viaVariable, 'cost', 10_000);
  });

  it('refuses many aliases', async () => {
    const query = `{ ${Array.from({ length: 31 }, (_, i) => `m${i}: me { id }`).join(' ')} }`;
    const result = await stack.graphql.request(query, {}, { token: guestToken });
    expectTooComplex(result, 'aliases', 30);
    expect(result.errors?.[0]?.extensions?.actual).toBe(31);
  });

  it('refuses many directives', async () => {
    const query = `{ me { ${Array.from({ length: 21 }, () => 'id @include(if: true)').join(' ')} } }`;
    expectTooComplex(await stack.graphql.request(query, {}, { token: guestToken }), 'directives', 20);
  });

  it('refuses a huge anonymous document of aliased __typename on its tokens, without counting them all', async () => {
    const query = aliasedTypename(47_000); // ≈ 890 kB, under the 1 MB body limit
    expect(query.length).toBeGreaterThan(850_000);
    const result = await stack.graphql.request(query);
    expectTooComplex(result, 'tokens', 500);
    expect(result.errors?.[0]?.extensions).not.toHaveProperty('actual');
  });

  it('holds anonymous callers to tighter limits than logged-in ones, even for a document already accepted', async () => {
    const query = aliasedTypename(6);
    const asGuest = await stack.graphql.request(query, {}, { token: guestToken });
    expect(asGuest.status).toBe(200);
    expect(asGuest.errors).toBeUndefined();
    expectTooComplex(await stack.graphql.request(query), 'aliases', 5);
  });

  it("still runs the console's dashboard query and login", async () => {
    const dashboard = '{ trainingJobs(first: 20) { nodes { id status owner { email } dataset { name numImages } } } }';
    const adminToken = await stack.login('admin@example.com');
    const result = await stack.graphql.request<{ trainingJobs: { nodes: unknown[] } }>(dashboard, {}, { token: adminToken });
    expect(result.status).toBe(200);
    expect(result.errors).toBeUndefined();
    expect(result.data?.trainingJobs.nodes.length).toBeGreaterThan(0);
    await expect(stack.login('guest@example.com')).resolves.toEqual(expect.any(String));
  });

  it('applies the same limits to documents sent over the WebSocket', async () => {
    expect(await subscribeDeep(stack.wsUrl, nestedJobs(4))).toEqual([tooDeep(10)]);
  });
});

describe('operation limits at the subgraphs', () => {
  it('refuses an over-deep document sent straight to a subgraph', async () => {
    const platform = createGraphQLClient(`${stack.urls.platform}/graphql`, { token: guestToken });
    const result = await platform.request(nestedJobs(6));
    expectTooComplex(result, 'depth', 15);
    expect(await subscribeDeep(`${stack.urls.platform.replace(/^http/, 'ws')}/graphql`, nestedJobs(6))).toEqual([tooDeep(15)]);
  });

  it("runs the gateway's _entities fetches for the deepest query the gateway lets through", async () => {
    // Depth 10 at the gateway: jobs → project → jobs → project → jobs → owner, across platform and users.
    const query =
      '{ trainingJobs(first: 2) { nodes { project { trainingJobs(first: 2) { nodes { project { trainingJobs(first: 2) { nodes { owner { email } } } } } } } } } }';
    const result = await stack.graphql.request(query, {}, { token: guestToken });
    expect(result.errors).toBeUndefined();
    expect(result.status).toBe(200);
  });
});
