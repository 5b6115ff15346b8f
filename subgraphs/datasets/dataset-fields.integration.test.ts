/**
 * The datasets subgraph's filters and per-viewer fields against the real Labeler reference:
 * `datasets(filter)`, `myPermission`, `downloadUrl`, `images`, and `User.datasets`, with the
 * number of Labeler calls each costs.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signAccessToken, type Role } from '../../lib/auth';
import type { RunningService } from '../../lib/http';
import { SEED_DATASETS } from '../../labeler/seed';
import { createLabelerServer } from '../../labeler/server';
import { startTestLabeler, TEST_SERVICE_KEY, TEST_USER_IDS, type TestLabeler } from '../../labeler/testing';
import { parseDatasetsEnv } from './env';
import { createDatasetsServer } from './server';
import { createSeededUsersDb } from '../platform/testing';
import { createGraphQLClient, type GraphQLResult } from '../../test/harness/graphql-client';

const [COCO, YOLO, UNLABELED, VOC] = SEED_DATASETS.map((d) => d.id) as [string, string, string, string];
let t: TestLabeler;
let datasets: RunningService;
/** The same subgraph treating the Labeler as one without the batch extension. */
let seedOnly: RunningService;
/** The User DB the subgraph reads the caller's current role from. */
let usersDb: string;
const tokens = {} as Record<Role, string>;

type GqlResult = GraphQLResult<Record<string, unknown>>;

/** This file's calls: as a role (with its token), to the datasets subgraph unless another is named. */
function gql(query: string, variables: Record<string, unknown> = {}, as?: Role, service = datasets): Promise<GqlResult> {
  return createGraphQLClient(`${service.url}/graphql`).request(query, variables, { token: as && tokens[as] });
}

async function counted(fn: () => Promise<GqlResult>) {
  const before = { ...t.labeler.stats };
  const result = await fn();
  return { result, requests: t.labeler.stats.requests - before.requests, permissionChecks: t.labeler.stats.permissionChecks - before.permissionChecks };
}

beforeAll(async () => {
  t = await startTestLabeler('dataset_fields');
  usersDb = await createSeededUsersDb('dataset_fields');
  const env = parseDatasetsEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATASETS_PORT: '0',
    LABELER_API_URL: t.labeler.url,
    LABELER_SERVICE_KEY: TEST_SERVICE_KEY,
    // Labeler calls are counted per request here: nothing remembered across requests.
    LABELER_METADATA_TTL_MS: '0',
    USER_DATABASE_URL: usersDb,
  });
  datasets = await createDatasetsServer(env);
  seedOnly = await createDatasetsServer({ ...env, labeler: { ...env.labeler, batchPermissions: false } });
  for (const role of Object.keys(TEST_USER_IDS) as Role[]) {
    tokens[role] = (await signAccessToken({ id: TEST_USER_IDS[role], email: `${role}@example.com`, role }, env.jwt)).token;
  }
});

afterAll(async () => {
  await datasets?.close();
  await seedOnly?.close();
  await t?.labeler.close();
});

describe('datasets(filter)', () => {
  const LIST = `query ($f: DatasetFilter) { datasets(filter: $f) { totalCount nodes { id } } }`;
  const ids = async (f: Record<string, unknown>, as: Role = 'advanced_engineer') => {
    const result = await gql(LIST, { f }, as);
    expect(result.errors).toBeUndefined();
    const page = result.data!.datasets as { totalCount: number; nodes: Array<{ id: string }> };
    expect(page.totalCount).toBe(page.nodes.length);
    return page.nodes.map((n) => n.id);
  };

  it('narrows by visibility, labeled, format and tags (case-insensitive names), within what the caller may read', async () => {
    expect(await ids({})).toEqual([UNLABELED, YOLO, COCO]);
    expect(await ids({ visibility: 'PRIVATE' })).toEqual([YOLO]);
    expect(await ids({ labeled: false })).toEqual([UNLABELED]);
    expect(await ids({ format: 'YOLO' })).toEqual([YOLO]);
    expect(await ids({ tags: ['shapes', 'detection'] })).toEqual([COCO]);
    expect(await ids({ visibility: 'organization' })).toEqual([]);
    expect(await ids({ visibility: 'organization' }, 'admin')).toEqual([VOC]);
  });

  it('with mine: true lists only the caller’s own datasets', async () => {
    expect(await ids({ mine: true }, 'standard_engineer')).toEqual([YOLO]);
    expect(await ids({ mine: true, labeled: false }, 'manager')).toEqual([UNLABELED]);
    expect(await ids({ mine: true }, 'guest')).toEqual([]);
  });

  it('rejects an unknown visibility, a malformed format or too many or too long tags with BAD_USER_INPUT', async () => {
    for (const f of [{ visibility: 'secret' }, { format: 'not a format' }]) {
      const result = await gql(LIST, { f }, 'guest');
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
    // Tags a dataset could not carry: refused here, not sent on to the Labeler (whose URL would be too long).
    for (const tags of [Array.from({ length: 51 }, (_, i) => `tag${i}`), ['x'.repeat(65)], Array.from({ length: 2000 }, (_, i) => `t${i}`)]) {
      const result = await gql(LIST, { f: { tags } }, 'guest');
      expect(result.errors?.map((e) => [e.extensions?.code, e.message, e.extensions?.fields])).toEqual([
        [
          'BAD_USER_INPUT',
          '`filter.tags` must be at most 50 tags of 1 to 64 characters each.',
          { 'filter.tags': 'at most 50 tags of 1 to 64 characters each' },
        ],
      ]);
    }
    expect(await ids({ tags: ['detection', ...Array.from({ length: 49 }, () => 'shapes')] })).toEqual([COCO]);
  });
});

describe('Dataset.myPermission', () => {
  const Q = `query ($id: ID!) { dataset(id: $id) { id myPermission } }`;
  const level = async (id: string, as: Role, service = datasets) =>
    ((await gql(Q, { id }, as, service)).data?.dataset as { myPermission: string | null }).myPermission;

  it('is ADMIN for owners and platform admins, the grant for grantees, READ_ONLY on public datasets, with or without the batch extension', async () => {
    for (const service of [datasets, seedOnly]) {
      expect(await level(YOLO, 'standard_engineer', service)).toBe('ADMIN');
      expect(await level(YOLO, 'admin', service)).toBe('ADMIN');
      expect(await level(YOLO, 'advanced_engineer', service)).toBe('READ_ONLY');
      expect(await level(COCO, 'guest', service)).toBe('READ_ONLY');
    }
  });

  it('comes with the batch call when the Labeler has the extension: no permission call at all', async () => {
    const { result, requests, permissionChecks } = await counted(() => gql(Q, { id: YOLO }, 'advanced_engineer'));
    expect(result.errors).toBeUndefined();
    expect({ requests, permissionChecks }).toEqual({ requests: 1, permissionChecks: 0 });
  });

  it('otherwise shares one permission call with the visibility check, per (dataset, user) and request, and none for the owner', async () => {
    const { result, permissionChecks } = await counted(() =>
      gql(`{ a: dataset(id: "${YOLO}") { myPermission } b: dataset(id: "${YOLO}") { myPermission } }`, {}, 'advanced_engineer', seedOnly),
    );
    expect(result.errors).toBeUndefined();
    expect(permissionChecks).toBe(1);
    expect((await counted(() => gql(Q, { id: YOLO }, 'standard_engineer', seedOnly))).permissionChecks).toBe(0);
  });
});

describe('Dataset.downloadUrl and Dataset.images', () => {
  const Q = `query ($id: ID!, $e: Int, $n: Int) { dataset(id: $id) { downloadUrl(expiresIn: $e) { url expiresAt } images(first: $n) { key url sizeBytes } } }`;

  it('presigns the archive and thumbnails for a grantee, and for a platform admin without a grant', async () => {
    for (const as of ['advanced_engineer', 'admin'] as const) {
      const result = await gql(Q, { id: YOLO, e: 120, n: 3 }, as);
      expect(result.errors).toBeUndefined();
      const d = result.data!.dataset as { downloadUrl: { url: string; expiresAt: string }; images: Array<{ key: string; url: string; sizeBytes: number }> };
      expect(Date.parse(d.downloadUrl.expiresAt) - Date.now()).toBeLessThanOrEqual(121_000);
      expect((await fetch(d.downloadUrl.url)).status).toBe(200);
      expect(d.images.map((i) => i.key)).toEqual([0, 1, 2].map((i) => `datasets/${YOLO}/images/img_00${i}.png`));
      const png = await fetch(d.images[0]!.url);
      expect(png.headers.get('content-type')).toBe('image/png');
      expect((await png.arrayBuffer()).byteLength).toBe(d.images[0]!.sizeBytes);
    }
  });

  it('rejects expiresIn and first out of range with BAD_USER_INPUT on that field only', async () => {
    for (const vars of [
      { e: 0, n: 1 },
      { e: 8 * 24 * 3600, n: 1 },
      { e: 60, n: 0 },
      { e: 60, n: 101 },
    ]) {
      const result = await gql(Q, { id: COCO, ...vars }, 'guest');
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors?.[0]?.path?.[0]).toBe('dataset');
    }
  });
});

describe('User.datasets', () => {
  const Q = `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id datasets(first: 10) { totalCount nodes { id } } } } }`;
  const owned = async (owner: Role, as?: Role) => gql(Q, { reps: [{ __typename: 'User', id: TEST_USER_IDS[owner] }] }, as);

  it("lists a user's datasets as far as the caller may see them", async () => {
    const nodes = (r: GqlResult) => (r.data!._entities as Array<{ datasets: { nodes: Array<{ id: string }> } }>)[0]!.datasets.nodes.map((n) => n.id);
    expect(nodes(await owned('standard_engineer', 'standard_engineer'))).toEqual([YOLO]);
    expect(nodes(await owned('standard_engineer', 'advanced_engineer'))).toEqual([YOLO]);
    expect(nodes(await owned('standard_engineer', 'guest'))).toEqual([]);
    expect(nodes(await owned('admin', 'manager'))).toEqual([]);
    expect(nodes(await owned('admin', 'admin'))).toEqual([VOC]);
  });

  it('requires a logged-in caller', async () => {
    const result = await owned('standard_engineer');
    expect(result.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('the Labeler rate limit (D4) seen through the subgraph', () => {
  it('turns a 429 whose Retry-After is too long to wait into RATE_LIMITED with retryAfterSeconds on that field', async () => {
    const strict = await createLabelerServer({ ...t.env, port: 0, rateLimit: { ...t.env.rateLimit, userPerMinute: 2 } });
    const env = parseDatasetsEnv({
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATASETS_PORT: '0',
      LABELER_API_URL: strict.url,
      LABELER_SERVICE_KEY: TEST_SERVICE_KEY,
      LABELER_METADATA_TTL_MS: '0',
      USER_DATABASE_URL: usersDb,
    });
    const limited = await createDatasetsServer(env);
    try {
      const ask = () =>
        createGraphQLClient(`${limited.url}/graphql`, { token: tokens.advanced_engineer }).request(
          `{ kind: __typename private: dataset(id: "${YOLO}") { id } }`,
        );
      // Each request names the advanced engineer once (the batch call carries user_id); the third is over the per-user limit of 2.
      expect((await ask()).errors).toBeUndefined();
      expect((await ask()).errors).toBeUndefined();
      const refused = await ask();
      expect(refused.data?.kind).toBe('Query');
      expect(refused.data?.private).toBeNull();
      expect(refused.errors).toHaveLength(1);
      expect(refused.errors![0]).toMatchObject({ path: ['private'], extensions: { code: 'RATE_LIMITED' } });
      expect(refused.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(5);
    } finally {
      await limited.close();
      await strict.close();
    }
  });
});
