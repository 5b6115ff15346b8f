/**
 * One request cannot spend the Labeler for everyone. Aliases of the same image listing share one
 * Labeler call; a request may make at most LABELER_MAX_CALLS_PER_REQUEST calls, the fields beyond
 * answering OPERATION_TOO_COMPLEX (`limit: "labelerCalls"`); and after a guest's many-alias request
 * an admin's `datasets` still works. Sent both directly to the datasets subgraph (as many aliases as
 * it takes: the gateway's operation limits do not protect a direct call) and through the gateway
 * (as many aliases as its limits let a token through). Calls are counted at the Labeler.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createGraphQLClient, type GraphQLClient, type GraphQLResult } from '../../test/harness/graphql-client';
import { startStack, type Stack } from '../../test/harness/stack';
import { SEED_DATASETS } from '../../labeler/seed';

const CAP = 20;
/** `createTrainingJob` asks the Labeler twice (the dataset and the caller's permission). */
const PLATFORM_CAP = 3;
/** The Labeler's service window in this stack: a few hundred calls from one request used to fill it. */
const SERVICE_PER_MIN = 400;
/** With a token, the gateway lets 30 aliased fields through (LIMIT_MAX_ALIASES). */
const GATEWAY_ALIASES = 30;
const PUBLIC_DATASET = SEED_DATASETS.find((d) => d.visibility === 'public')!.id;

let stack: Stack;
let guestToken: string;
let adminToken: string;
let direct: GraphQLClient;

/** Every Labeler API request made while `fn` runs. */
async function labelerCalls<T>(fn: () => Promise<T>): Promise<{ result: T; calls: number }> {
  const before = stack.labeler.stats.requests;
  const result = await fn();
  return { result, calls: stack.labeler.stats.requests - before };
}

/** `n` aliases of `dataset(id){ images(first){ key } }`; `first(i)` picks each alias's count. */
const aliasedImages = (n: number, first: (i: number) => number) =>
  `{ ${Array.from({ length: n }, (_, i) => `d${i}: dataset(id: "${PUBLIC_DATASET}") { images(first: ${first(i)}) { key } }`).join(' ')} }`;

type Images = { images: Array<{ key: string }> } | null;

async function adminDatasetsWork() {
  const result = await stack.graphql.request<{ datasets: { totalCount: number } }>('{ datasets(first: 5) { totalCount } }', {}, { token: adminToken });
  expect(result.errors).toBeUndefined();
  expect(result.data?.datasets.totalCount).toBeGreaterThanOrEqual(SEED_DATASETS.length);
}

/** Aliases 0 … ok-1 answered, the rest refused for the cap, each on its own `images` field. */
function expectCapped(result: GraphQLResult<Record<string, Images>>, n: number, ok: number) {
  for (let i = 0; i < ok; i++) expect(result.data?.[`d${i}`]?.images).toHaveLength(Math.min(i + 1, 12));
  for (let i = ok; i < n; i++) expect(result.data?.[`d${i}`]).toBeNull();
  const errors = result.errors ?? [];
  expect(errors).toHaveLength(n - ok);
  for (const error of errors) {
    expect(error.extensions).toMatchObject({ code: 'OPERATION_TOO_COMPLEX', limit: 'labelerCalls', max: CAP });
    expect(error.message).toContain(`${CAP} Labeler calls`);
  }
  expect(errors.map((e) => e.path?.[0]).sort()).toEqual(Array.from({ length: n - ok }, (_, i) => `d${ok + i}`).sort());
}

beforeAll(async () => {
  stack = await startStack({
    env: {
      labeler: { LABELER_RATE_LIMIT_SERVICE_PER_MIN: String(SERVICE_PER_MIN) },
      // The subgraph's own alias and token limits (150, 15000) would refuse the 1,100-alias probe
      // before it runs; raised here so that the de-duplication and the call cap are what is tested.
      // Labeler calls are counted per request here: nothing remembered across requests.
      datasets: { LABELER_MAX_CALLS_PER_REQUEST: String(CAP), SUBGRAPH_MAX_ALIASES: '2000', SUBGRAPH_MAX_TOKENS: '100000', LABELER_METADATA_TTL_MS: '0' },
      platform: { LABELER_MAX_CALLS_PER_REQUEST: String(PLATFORM_CAP) },
    },
  });
  guestToken = await stack.login('guest@example.com');
  adminToken = await stack.login('admin@example.com');
  direct = createGraphQLClient(`${stack.urls.datasets}/graphql`, { token: guestToken });
});

afterAll(async () => {
  await stack?.close();
});

describe('Labeler calls per GraphQL request', () => {
  it("answers 1,100 aliases of one image listing, sent straight to the subgraph by a guest, with two Labeler calls; an admin's datasets still work", async () => {
    const { result, calls } = await labelerCalls(() => direct.request<Record<string, Images>>(aliasedImages(1100, () => 1)));
    expect(result.errors).toBeUndefined();
    const keys = new Set(Object.values(result.data ?? {}).map((d) => d?.images[0]?.key));
    expect(Object.keys(result.data ?? {})).toHaveLength(1100);
    expect(keys.size).toBe(1);
    expect([...keys][0]).toMatch(new RegExp(`^datasets/${PUBLIC_DATASET}/images/`));
    // One batch call for the metadata (and the guest's permission), one image listing.
    expect(calls).toBe(2);
    await adminDatasetsWork();
  });

  it('answers as many aliases as the gateway lets through with one listing call too', async () => {
    const { result, calls } = await labelerCalls(() =>
      stack.graphql.request<Record<string, Images>>(
        aliasedImages(GATEWAY_ALIASES, () => 1),
        {},
        { token: guestToken },
      ),
    );
    expect(result.errors).toBeUndefined();
    expect(Object.values(result.data ?? {}).every((d) => d?.images.length === 1)).toBe(true);
    expect(calls).toBe(2);
  });

  it(`stops at ${CAP} Labeler calls per request sent straight to the subgraph: the fields beyond answer OPERATION_TOO_COMPLEX with the cap`, async () => {
    // 60 different listings: one batch call and 19 listings fit under the cap.
    const { result, calls } = await labelerCalls(() => direct.request<Record<string, Images>>(aliasedImages(60, (i) => i + 1)));
    expect(result.status).toBe(200);
    expectCapped(result, 60, CAP - 1);
    expect(calls).toBe(CAP);
  });

  it(`stops at ${CAP} Labeler calls per request through the gateway, with the same error for the fields beyond`, async () => {
    const { result, calls } = await labelerCalls(() =>
      stack.graphql.request<Record<string, Images>>(
        aliasedImages(GATEWAY_ALIASES, (i) => i + 1),
        {},
        { token: guestToken },
      ),
    );
    expect(result.status).toBe(200);
    expectCapped(result, GATEWAY_ALIASES, CAP - 1);
    expect(calls).toBe(CAP);
    await adminDatasetsWork();
  });
});

describe('Labeler calls per GraphQL request at the platform subgraph', () => {
  it(`stops a request's createTrainingJob mutations at ${PLATFORM_CAP} Labeler calls, sent straight to the subgraph`, async () => {
    const manager = await stack.login('manager@example.com');
    const projects = await stack.graphql.data<{ projects: { nodes: Array<{ id: string }> } }>(
      '{ projects(first: 1) { nodes { id } } }',
      {},
      { token: manager },
    );
    const projectId = projects.projects.nodes[0]!.id;
    const create = (alias: string) =>
      `${alias}: createTrainingJob(input: { projectId: "${projectId}", datasetId: "${PUBLIC_DATASET}", name: "budget ${alias}", config: "{}" }) { id }`;
    const platform = createGraphQLClient(`${stack.urls.platform}/graphql`, { token: manager });
    const { result, calls } = await labelerCalls(() => platform.request(`mutation { ${create('a')} ${create('b')} }`));
    // The first mutation made its two calls; the second was refused its fourth (its third, sent
    // beside the refused one, may still be on its way when the answer arrives).
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({ path: ['b'], extensions: { code: 'OPERATION_TOO_COMPLEX', limit: 'labelerCalls', max: PLATFORM_CAP } });
    expect(calls).toBeGreaterThanOrEqual(2);
    expect(calls).toBeLessThanOrEqual(PLATFORM_CAP);
  });
});
