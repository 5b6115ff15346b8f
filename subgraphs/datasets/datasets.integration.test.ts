/**
 * The datasets subgraph against the real Labeler reference (PostgreSQL + S3): batching (D6),
 * visibility (D7), not-found handling, and resilience when the Labeler goes away (D8).
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { signAccessToken, type Role } from '../../lib/auth';
import type { RunningService } from '../../lib/http';
import { insertDataset } from '../../labeler/dataset.store';
import { SEED_DATASETS } from '../../labeler/seed';
import type { LabelerService } from '../../labeler/server';
import { startTestLabeler, TEST_SERVICE_KEY, TEST_USER_IDS, type TestLabeler } from '../../labeler/testing';
import { parseDatasetsEnv, type DatasetsEnv } from './env';
import { createDatasetsServer } from './server';
import { createSeededUsersDb } from '../platform/testing';
import { createGraphQLClient, type GraphQLResult } from '../../test/harness/graphql-client';

const [COCO, YOLO, UNLABELED, VOC] = SEED_DATASETS.map((d) => d.id) as [string, string, string, string];
const MISSING = 'ds_0000000000000000';
const EXTRA = Array.from({ length: 50 }, (_, i) => `ds_a${String(i).padStart(15, '0')}`);

let t: TestLabeler;
let labeler: LabelerService;
let env: DatasetsEnv;
let datasets: RunningService;
let small: RunningService;
/** Talks to the Labeler as to one without the batch extension: permissions need their own calls. */
let seedOnly: RunningService;
const tokens = {} as Record<Role, string>;
/** The User DB the subgraph reads the caller's current role from. */
let usersDb: string;

function datasetsEnv(overrides: Record<string, string> = {}): DatasetsEnv {
  return parseDatasetsEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATASETS_PORT: '0',
    LABELER_API_URL: labeler.url,
    LABELER_SERVICE_KEY: TEST_SERVICE_KEY,
    LABELER_TIMEOUT_MS: '1000',
    LABELER_MAX_RETRIES: '1',
    LABELER_BREAKER_THRESHOLD: '3',
    LABELER_BREAKER_HALF_OPEN_MS: '300',
    // Labeler calls are counted per request here: nothing remembered across requests.
    LABELER_METADATA_TTL_MS: '0',
    USER_DATABASE_URL: usersDb,
    ...overrides,
  });
}

type GqlResult = GraphQLResult<Record<string, unknown>>;

/** This file's calls: as a role (with its token), optionally with a request id. */
function gql(
  service: RunningService,
  query: string,
  variables: Record<string, unknown> = {},
  opts: { as?: Role; requestId?: string } = {},
): Promise<GqlResult> {
  return createGraphQLClient(`${service.url}/graphql`).request(query, variables, { token: opts.as && tokens[opts.as], requestId: opts.requestId });
}

const ENTITIES = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on Dataset { id name numImages visibility storagePath owner { id } } } }`;
const reps = (ids: string[]) => ({ reps: ids.map((id) => ({ __typename: 'Dataset', id })) });
type Entity = { id: string; name: string; numImages: number; owner: { id: string } } | null;
const entities = (r: GqlResult) => r.data?._entities as Entity[];

async function countCalls<T>(fn: () => Promise<T>): Promise<{ result: T; batchCalls: number; permissionChecks: number }> {
  const before = { ...labeler.stats };
  const result = await fn();
  return { result, batchCalls: labeler.stats.batchCalls - before.batchCalls, permissionChecks: labeler.stats.permissionChecks - before.permissionChecks };
}

beforeAll(async () => {
  t = await startTestLabeler('datasets_subgraph');
  usersDb = await createSeededUsersDb('datasets_subgraph');
  labeler = t.labeler;
  const db = new pg.Pool({ connectionString: t.databaseUrl, max: 2 });
  for (const [i, id] of EXTRA.entries()) {
    await insertDataset(db, {
      id,
      name: `bulk-${i}`,
      format: 'coco',
      labeled: true,
      storage_type: 's3',
      storage_path: `datasets/${id}/`,
      visibility: 'public',
      owner_id: 2,
      num_classes: 1,
      num_images: i + 1,
      class_names: ['circle'],
      tags: ['bulk'],
      created_at: new Date(Date.UTC(2024, 0, 1, 0, i)),
    });
  }
  await db.end();
  env = datasetsEnv();
  datasets = await createDatasetsServer(env);
  small = await createDatasetsServer(datasetsEnv({ LABELER_BATCH_MAX_SIZE: '20' }));
  seedOnly = await createDatasetsServer(datasetsEnv({ LABELER_BATCH_PERMISSIONS: 'false' }));
  for (const role of Object.keys(TEST_USER_IDS) as Role[]) {
    tokens[role] = (await signAccessToken({ id: TEST_USER_IDS[role], email: `${role}@example.com`, role }, env.jwt)).token;
  }
});

afterAll(async () => {
  await datasets?.close();
  await small?.close();
  await seedOnly?.close();
  await labeler?.close();
});

describe('datasets subgraph: batching through POST /datasets/batch (D6)', () => {
  it.each([1, 20, 50])('resolves %i entity representations with exactly one batch call, in order', async (n) => {
    const ids = EXTRA.slice(0, n).reverse();
    const { result, batchCalls } = await countCalls(() => gql(datasets, ENTITIES, reps(ids), { as: 'guest' }));
    expect(result.errors).toBeUndefined();
    expect(entities(result).map((e) => e?.id)).toEqual(ids);
    expect(batchCalls).toBe(1);
  });

  it('asks once per distinct dataset when jobs repeat the same ones', async () => {
    const ids = Array.from({ length: 40 }, (_, i) => [COCO, UNLABELED][i % 2]!);
    const { result, batchCalls } = await countCalls(() => gql(datasets, ENTITIES, reps(ids), { as: 'guest' }));
    expect(entities(result)).toHaveLength(40);
    expect(batchCalls).toBe(1);
  });

  it('splits batches at LABELER_BATCH_MAX_SIZE', async () => {
    const { result, batchCalls } = await countCalls(() => gql(small, ENTITIES, reps(EXTRA), { as: 'guest' }));
    expect(entities(result).map((e) => e?.id)).toEqual(EXTRA);
    expect(batchCalls).toBe(3);
  });

  it('maps the Labeler JSON to camelCase fields and the owner to a User reference', async () => {
    const result = await gql(
      datasets,
      `query ($id: ID!) { dataset(id: $id) { id name numImages numClasses classNames storageType storagePath createdAt owner { __typename id } } }`,
      { id: COCO },
      { as: 'guest' },
    );
    expect(result.data?.dataset).toEqual({
      id: COCO,
      name: 'shapes-detection-coco',
      numImages: 12,
      numClasses: 3,
      classNames: ['circle', 'square', 'triangle'],
      storageType: 's3',
      storagePath: `datasets/${COCO}/`,
      createdAt: '2025-11-20T10:00:00Z',
      owner: { __typename: 'User', id: TEST_USER_IDS.advanced_engineer },
    });
  });

  it('sends the GraphQL request id to the Labeler as X-Request-ID', async () => {
    await gql(datasets, ENTITIES, reps([COCO]), { as: 'guest', requestId: 'trace-datasets-7' });
    expect(labeler.stats.lastRequestId).toBe('trace-datasets-7');
  });
});

describe('datasets subgraph: not found', () => {
  it('answers a missing dataset with null and a NOT_FOUND error on that entity only', async () => {
    const result = await gql(datasets, ENTITIES, reps([COCO, MISSING, UNLABELED]), { as: 'guest' });
    expect(entities(result).map((e) => e?.id ?? null)).toEqual([COCO, null, UNLABELED]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors![0]).toMatchObject({ path: ['_entities', 1], extensions: { code: 'NOT_FOUND' } });
  });

  it('answers dataset(id) for an unknown id with null and NOT_FOUND', async () => {
    const result = await gql(datasets, `{ dataset(id: "${MISSING}") { id } }`, {}, { as: 'guest' });
    expect(result.data?.dataset).toBeNull();
    expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('requires a login for the root fields', async () => {
    const result = await gql(datasets, `{ dataset(id: "${COCO}") { id } }`);
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('datasets subgraph: visibility of private datasets (D7)', () => {
  const visible = async (as: Role | undefined, id: string, service = datasets) => {
    const { result, permissionChecks } = await countCalls(() => gql(service, ENTITIES, reps([id, id]), as ? { as } : {}));
    return { ids: (entities(result) ?? []).map((e) => e?.id ?? null), codes: (result.errors ?? []).map((e) => e.extensions?.code), permissionChecks };
  };

  it('hides a private dataset from a stranger exactly like a missing one', async () => {
    for (const [service, permissionChecks] of [
      [datasets, 0],
      [seedOnly, 1],
    ] as const) {
      expect(await visible('guest', YOLO, service)).toEqual({ ids: [null, null], codes: ['NOT_FOUND', 'NOT_FOUND'], permissionChecks });
      expect(await visible('manager', VOC, service)).toEqual({ ids: [null, null], codes: ['NOT_FOUND', 'NOT_FOUND'], permissionChecks });
    }
  });

  it('refuses anonymous entity references without asking the Labeler', async () => {
    expect(await visible(undefined, YOLO)).toEqual({ ids: [], codes: ['UNAUTHENTICATED'], permissionChecks: 0 });
  });

  it('shows a private dataset to its owner and to admins from the batch metadata alone', async () => {
    for (const service of [datasets, seedOnly]) {
      expect(await visible('standard_engineer', YOLO, service)).toEqual({ ids: [YOLO, YOLO], codes: [], permissionChecks: 0 });
      expect(await visible('admin', YOLO, service)).toEqual({ ids: [YOLO, YOLO], codes: [], permissionChecks: 0 });
    }
  });

  it('shows a private dataset to a grantee from the permission the batch brings (extension), else after one permission call', async () => {
    expect(await visible('advanced_engineer', YOLO)).toEqual({ ids: [YOLO, YOLO], codes: [], permissionChecks: 0 });
    expect(await visible('advanced_engineer', YOLO, seedOnly)).toEqual({ ids: [YOLO, YOLO], codes: [], permissionChecks: 1 });
  });

  it('lists only the datasets the caller may read, with exact totals', async () => {
    const total = async (as: Role) =>
      ((await gql(datasets, '{ datasets(first: 5) { totalCount } }', {}, { as })).data?.datasets as { totalCount: number }).totalCount;
    expect(await total('guest')).toBe(52);
    expect(await total('advanced_engineer')).toBe(53);
    expect(await total('admin')).toBe(54);
  });
});

describe('datasets subgraph: dataset(id) presigns the URLs its query asks for beside the metadata call', () => {
  /** Labeler calls of one `dataset(id)` query: batch, permission and the rest (presigning). */
  const single = async (as: Role, query: string, variables: Record<string, unknown> = {}, service = datasets) => {
    const before = { ...labeler.stats };
    const result = await gql(service, query, { id: YOLO, ...variables }, { as });
    const s = labeler.stats;
    const batch = s.batchCalls - before.batchCalls;
    const permission = s.permissionChecks - before.permissionChecks;
    return { result, calls: { batch, permission, presign: s.requests - before.requests - batch - permission } };
  };
  const DOWNLOAD = 'query ($id: ID!) { dataset(id: $id) { id downloadUrl(expiresIn: 60) { url } } }';
  type Presigned = { url: string } | undefined;

  it('gives a grantee the URL of a private dataset with the presigning call alone when the query reads no metadata', async () => {
    for (const service of [datasets, seedOnly]) {
      const { result, calls } = await single('advanced_engineer', DOWNLOAD, {}, service);
      expect(result.errors).toBeUndefined();
      expect(result.data?.dataset).toEqual({ id: YOLO, downloadUrl: { url: expect.stringContaining(`datasets/${YOLO}/`) } });
      // The URL presigned for the grantee proves the dataset exists and that they may read it.
      expect(calls).toEqual({ batch: 0, permission: 0, presign: 1 });
    }
  });

  it('starts the presigning call together with the batch call when the query also reads metadata', async () => {
    for (const service of [datasets, seedOnly]) {
      const { result, calls } = await single(
        'advanced_engineer',
        'query ($id: ID!) { dataset(id: $id) { name downloadUrl(expiresIn: 60) { url } } }',
        {},
        service,
      );
      expect(result.errors).toBeUndefined();
      expect((result.data?.dataset as { name: string }).name).toEqual(expect.any(String));
      expect(calls).toEqual({ batch: 1, permission: 0, presign: 1 });
    }
  });

  it('answers an unknown id asked only for its URL with NOT_FOUND, like any other unknown id', async () => {
    const { result, calls } = await single('advanced_engineer', DOWNLOAD, { id: MISSING });
    expect(result.data?.dataset).toBeNull();
    expect((result.errors ?? []).map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
    expect(calls).toEqual({ batch: 1, permission: 0, presign: 1 });
  });

  it('hides the dataset and every URL from a stranger even though the presigning call was started', async () => {
    for (const [service, permission] of [
      [datasets, 0],
      [seedOnly, 1],
    ] as const) {
      const { result, calls } = await single('guest', DOWNLOAD, {}, service);
      expect(result.data?.dataset).toBeNull();
      expect((result.errors ?? []).map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
      expect(JSON.stringify(result)).not.toContain('X-Amz-Signature');
      expect(calls).toEqual({ batch: 1, permission, presign: 1 });
    }
  });

  it('follows fragments, variables and aliases, and presigns each expiry once', async () => {
    const query = `query ($id: ID!, $e: Int) { dataset(id: $id) { ...Download } }
      fragment Download on Dataset { myPermission first: downloadUrl(expiresIn: $e) { url } ... on Dataset { again: downloadUrl(expiresIn: $e) { url } } }`;
    const { result, calls } = await single('advanced_engineer', query, { e: 120 });
    expect(result.errors).toBeUndefined();
    const d = result.data?.dataset as { myPermission: string; first: Presigned; again: Presigned };
    expect(d.myPermission).toBe('READ_ONLY');
    expect(d.first?.url).toBeDefined();
    expect(d.again?.url).toBe(d.first?.url);
    expect(calls).toEqual({ batch: 1, permission: 0, presign: 1 });
  });

  it('starts nothing for a field the query skips or for an expiry the field will refuse', async () => {
    const skipped = await single(
      'advanced_engineer',
      'query ($id: ID!, $no: Boolean!) { dataset(id: $id) { id downloadUrl(expiresIn: 60) @skip(if: $no) { url } } }',
      { no: true },
      seedOnly,
    );
    expect(skipped.result.errors).toBeUndefined();
    expect(skipped.calls).toEqual({ batch: 1, permission: 1, presign: 0 });
    const refused = await single('advanced_engineer', 'query ($id: ID!) { dataset(id: $id) { id downloadUrl(expiresIn: 0) { url } } }', {}, seedOnly);
    expect((refused.result.errors ?? []).map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    expect(refused.calls).toEqual({ batch: 1, permission: 1, presign: 0 });
  });
});

describe('datasets subgraph: paging', () => {
  const PAGE = `query ($first: Int, $after: String) { datasets(first: $first, after: $after) { nodes { id } totalCount pageInfo { hasNextPage endCursor } } }`;
  type Page = { nodes: Array<{ id: string }>; totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null } };

  it('walks every visible dataset once, also when the page size changes between pages', async () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (const first of [7, 10, 20, 20]) {
      const result = await gql(datasets, PAGE, { first, after }, { as: 'guest' });
      const page = result.data?.datasets as Page;
      seen.push(...page.nodes.map((n) => n.id));
      after = page.pageInfo.endCursor;
      if (!page.pageInfo.hasNextPage) break;
    }
    expect(seen).toHaveLength(52);
    expect(new Set(seen).size).toBe(52);
    expect(seen.slice(0, 2)).toEqual([UNLABELED, COCO]);
  });

  it('rejects a page size over 100 and a forged cursor', async () => {
    expect((await gql(datasets, PAGE, { first: 101 }, { as: 'guest' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect((await gql(datasets, PAGE, { first: 5, after: 'bm9wZQ' }, { as: 'guest' })).errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('datasets subgraph: the Labeler goes away and comes back (D8)', () => {
  it('times out on a Labeler that hangs, then answers again once it is back', async () => {
    // Hold a lock the Labeler's queries wait for: a real Labeler that accepts calls but never answers.
    const blocker = new pg.Client({ connectionString: t.databaseUrl });
    await blocker.connect();
    await blocker.query('BEGIN');
    await blocker.query('LOCK TABLE datasets IN ACCESS EXCLUSIVE MODE');
    try {
      const started = Date.now();
      const slow = await gql(datasets, ENTITIES, reps([COCO]), { as: 'guest' });
      expect(slow.errors?.[0]).toMatchObject({ message: expect.stringMatching(/in time/), extensions: { code: 'UPSTREAM_UNAVAILABLE' } });
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      await blocker.query('ROLLBACK');
      await blocker.end();
    }
    const again = await gql(datasets, ENTITIES, reps([COCO]), { as: 'guest' });
    expect(entities(again)[0]?.id).toBe(COCO);
  });

  it('reports UPSTREAM_UNAVAILABLE on the dataset fields, opens the circuit, and recovers by itself', async () => {
    const port = labeler.port;
    await labeler.close();

    const down = await gql(datasets, ENTITIES, reps([COCO, UNLABELED]), { as: 'guest' });
    expect(entities(down)).toEqual([null, null]);
    expect(down.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([
      [['_entities', 0], 'UPSTREAM_UNAVAILABLE'],
      [['_entities', 1], 'UPSTREAM_UNAVAILABLE'],
    ]);
    const list = await gql(datasets, '{ datasets(first: 5) { totalCount } }', {}, { as: 'guest' });
    expect(list.errors?.[0]).toMatchObject({ path: ['datasets'], extensions: { code: 'UPSTREAM_UNAVAILABLE' } });

    // Enough failed attempts open the breaker: calls now fail fast without touching the network.
    const open = await gql(datasets, ENTITIES, reps([COCO]), { as: 'guest' });
    expect(open.errors?.[0]?.message).toMatch(/circuit open/);

    labeler = await t.startAgain(port);
    const deadline = Date.now() + 10_000;
    let recovered: GqlResult | undefined;
    while (Date.now() < deadline) {
      const attempt = await gql(datasets, ENTITIES, reps([COCO]), { as: 'guest' });
      if (!attempt.errors) {
        recovered = attempt;
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(recovered && entities(recovered)[0]?.name).toBe('shapes-detection-coco');
  });
});
