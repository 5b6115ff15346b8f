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

const [COCO, YOLO, UNLABELED, VOC] = SEED_DATASETS.map((d) => d.id) as [string, string, string, string];
let t: TestLabeler;
let datasets: RunningService;
/** The same subgraph treating the Labeler as one without the batch extension. */
let seedOnly: RunningService;
const tokens = {} as Record<Role, string>;

interface GqlResult {
  data?: Record<string, unknown> | null;
  errors?: Array<{ message: string; path?: Array<string | number>; extensions?: { code?: string; fields?: Record<string, string> } }>;
}

async function gql(query: string, variables: Record<string, unknown> = {}, as?: Role, service = datasets): Promise<GqlResult> {
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  if (as) headers.Authorization = `Bearer ${tokens[as]}`;
  const res = await fetch(`${service.url}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return (await res.json()) as GqlResult;
}

async function counted(fn: () => Promise<GqlResult>) {
  const before = { ...t.labeler.stats };
  const result = await fn();
  return { result, requests: t.labeler.stats.requests - before.requests, permissionChecks: t.labeler.stats.permissionChecks - before.permissionChecks };
}

beforeAll(async () => {
  t = await startTestLabeler('dataset_fields');
  const env = parseDatasetsEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATASETS_PORT: '0', LABELER_API_URL: t.labeler.url, LABELER_SERVICE_KEY: TEST_SERVICE_KEY });
  datasets = await createDatasetsServer(env);
  seedOnly = await createDatasetsServer({ ...env, LABELER_BATCH_PERMISSIONS: false });
  for (const role of Object.keys(TEST_USER_IDS) as Role[]) {
    tokens[role] = (await signAccessToken({ id: TEST_USER_IDS[role], email: `${role}@example.com`, role }, env)).token;
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

  it('rejects an unknown visibility or a malformed format with BAD_USER_INPUT', async () => {
    for (const f of [{ visibility: 'secret' }, { format: 'not a format' }]) {
      const result = await gql(LIST, { f }, 'guest');
      expect(result.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    }
  });
});

describe('Dataset.myPermission', () => {
  const Q = `query ($id: ID!) { dataset(id: $id) { id myPermission } }`;
  const level = async (id: string, as: Role, service = datasets) => ((await gql(Q, { id }, as, service)).data?.dataset as { myPermission: string | null }).myPermission;

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
