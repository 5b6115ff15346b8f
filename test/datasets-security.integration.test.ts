/**
 * D7 through the gateway: a private (or organization) dataset's metadata, images and download URL
 * reach only the users allowed to read it — platform admins, the owner, grantees and, for an
 * organization dataset, the members of the owner's organization (seed 1.5) — and never a stranger
 * (another organization), whichever way the query reaches the dataset: `dataset(id)`, the `datasets`
 * listing, `User.datasets`, or `TrainingJob.dataset`. Grants and revocations go through the Labeler's REST API.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Role } from '../lib/auth';
import { startStack, type Stack } from './harness/stack';
import { userOfNewOrganization } from './helpers';
import { apiFor, createFixture, type Api } from '../labeler/contract/harness';
import { createPlatformOrm } from '../subgraphs/platform/db';
import { stableId } from '../subgraphs/platform/seed';
import { TrainingJob } from '../subgraphs/platform/training-job/training-job.entity';

const ROLES: Role[] = ['admin', 'manager', 'advanced_engineer', 'standard_engineer', 'guest'];
/** The demo users (one organization) and `outsider`, an advanced_engineer of another organization. */
type Caller = Role | 'outsider';
const CALLERS: Caller[] = [...ROLES, 'outsider'];
let stack: Stack;
let labeler: Api;
const tokens = {} as Record<Caller, string>;
const callerIds = {} as Record<Caller, string>;
/**
 * PRIVATE: owned by standard_engineer, granted read_only to guest. ORG: organization-visible, owned
 * by manager, no grants: every demo user is in the manager's organization, the outsider is not.
 */
const ds = { PRIVATE: '', ORG: '', PUBLIC_OF_OWNER: '' };
type DatasetKey = 'PRIVATE' | 'ORG';
const jobOf = (role: Caller, key: DatasetKey) => stableId('job', `security:${role}:${key}`);

interface Row {
  who: string;
  role: Caller;
  dataset: DatasetKey;
  allowed: boolean;
  level: 'ADMIN' | 'READ_ONLY' | null;
}

const TABLE: Row[] = [
  { who: 'admin (platform role)', role: 'admin', dataset: 'PRIVATE', allowed: true, level: 'ADMIN' },
  { who: 'manager, a stranger', role: 'manager', dataset: 'PRIVATE', allowed: false, level: null },
  { who: 'advanced_engineer, a stranger', role: 'advanced_engineer', dataset: 'PRIVATE', allowed: false, level: null },
  { who: 'standard_engineer, the owner', role: 'standard_engineer', dataset: 'PRIVATE', allowed: true, level: 'ADMIN' },
  { who: 'guest, a grantee (read_only)', role: 'guest', dataset: 'PRIVATE', allowed: true, level: 'READ_ONLY' },
  { who: 'admin (platform role)', role: 'admin', dataset: 'ORG', allowed: true, level: 'ADMIN' },
  { who: 'manager, the owner', role: 'manager', dataset: 'ORG', allowed: true, level: 'ADMIN' },
  { who: 'advanced_engineer, of the same organization', role: 'advanced_engineer', dataset: 'ORG', allowed: true, level: 'READ_ONLY' },
  { who: 'standard_engineer, of the same organization', role: 'standard_engineer', dataset: 'ORG', allowed: true, level: 'READ_ONLY' },
  { who: 'guest, of the same organization', role: 'guest', dataset: 'ORG', allowed: true, level: 'READ_ONLY' },
  { who: 'advanced_engineer of another organization', role: 'outsider', dataset: 'ORG', allowed: false, level: null },
  { who: 'advanced_engineer of another organization', role: 'outsider', dataset: 'PRIVATE', allowed: false, level: null },
];

const query = (role: Caller, q: string, variables: Record<string, unknown> = {}) => stack.graphql.request(q, variables, { token: tokens[role] });

beforeAll(async () => {
  stack = await startStack();
  for (const role of ROLES) tokens[role] = await stack.login(`${role}@example.com`);
  for (const role of ROLES) callerIds[role] = stack.userIds[role];
  const outsider = await userOfNewOrganization(stack.graphql, tokens.admin, {
    organization: 'Elsewhere Ltd',
    email: 'outsider@elsewhere.example',
    role: 'ADVANCED_ENGINEER',
  });
  tokens.outsider = outsider.token;
  callerIds.outsider = outsider.id;
  labeler = apiFor({ url: stack.urls.labeler, key: stack.labelerServiceKey, userRateLimit: 100, external: false, close: async () => undefined });
  const owner = Number(stack.userIds.standard_engineer);
  const common = { labeled: true, format: 'coco' as const, classes: ['circle' as const, 'square' as const], images: 3 };
  ds.PRIVATE = (await createFixture(labeler, { ...common, name: 'secret-private', visibility: 'private', ownerId: owner, tags: ['secret'] })).id;
  ds.ORG = (
    await createFixture(labeler, { ...common, name: 'secret-org', visibility: 'organization', ownerId: Number(stack.userIds.manager), tags: ['secret'] })
  ).id;
  ds.PUBLIC_OF_OWNER = (await createFixture(labeler, { ...common, name: 'open-by-owner', visibility: 'public', ownerId: owner, tags: ['open'] })).id;
  const grant = await labeler(`/datasets/${ds.PRIVATE}/permissions/${stack.userIds.guest}`, { method: 'PUT', json: { permission_level: 'read_only' } });
  expect(grant.status).toBe(200);

  // One job per role and dataset, owned by that role, so that every role can see its job.
  const orm = await createPlatformOrm(stack.dbUrls.platform);
  try {
    const now = new Date();
    await orm.em.fork().insertMany(
      TrainingJob,
      CALLERS.flatMap((role) =>
        (['PRIVATE', 'ORG'] as const).map((key) => ({
          id: jobOf(role, key),
          project: stableId('prj', 'detection'),
          ownerId: callerIds[role],
          name: `security-${role}-${key}`,
          status: 'completed' as const,
          progress: 100,
          epoch: 1,
          totalEpochs: 1,
          datasetId: ds[key],
          datasetSnapshotId: null,
          config: {},
          errorMessage: null,
          createdAt: now,
          updatedAt: now,
          startedAt: null,
          finishedAt: null,
        })),
      ),
    );
  } finally {
    await orm.close(true);
  }
});

afterAll(async () => {
  await stack?.close();
});

/** Nothing of the dataset — name, storage path, a presigned URL — appears anywhere in the response. */
function expectNoTrace(body: unknown, key: DatasetKey) {
  const text = JSON.stringify(body);
  expect(text).not.toContain(key === 'PRIVATE' ? 'secret-private' : 'secret-org');
  expect(text).not.toContain(`datasets/${ds[key]}/`);
  expect(text).not.toMatch(/X-Amz-Signature/i);
}

const DETAIL = `query ($id: ID!) { dataset(id: $id) { id name storagePath myPermission images(first: 2) { key url sizeBytes } downloadUrl(expiresIn: 300) { url expiresAt } } }`;

describe.each(TABLE)('D7: $who on the $dataset dataset', ({ role, dataset, allowed, level }) => {
  it(
    allowed ? 'gets dataset(id) with metadata, thumbnails and a working download URL' : 'gets dataset(id) = null with NOT_FOUND and no trace of it',
    async () => {
      const res = await query(role, DETAIL, { id: ds[dataset] });
      if (!allowed) {
        expect(res.data?.dataset).toBeNull();
        expect(res.errors?.map((e) => e.extensions?.code)).toEqual(['NOT_FOUND']);
        return expectNoTrace(res, dataset);
      }
      expect(res.errors).toBeUndefined();
      // Private metadata and signed URLs must never be kept by a browser or a shared cache.
      expect(res.headers.get('cache-control')).toBe('no-store');
      const d = res.data!.dataset as { id: string; myPermission: string; images: Array<{ url: string; sizeBytes: number }>; downloadUrl: { url: string } };
      expect(d).toMatchObject({ id: ds[dataset], storagePath: `datasets/${ds[dataset]}/`, myPermission: level });
      expect(d.images).toHaveLength(2);
      const thumb = await fetch(d.images[0]!.url);
      expect(thumb.status).toBe(200);
      expect(Number(thumb.headers.get('content-length'))).toBe(d.images[0]!.sizeBytes);
      expect((await fetch(d.downloadUrl.url)).status).toBe(200);
    },
  );

  it(allowed ? 'finds it in the datasets listing and its total' : 'does not find it in the datasets listing, filtered or not', async () => {
    for (const filter of [null, { visibility: dataset === 'PRIVATE' ? 'private' : 'organization' }, { tags: ['secret'] }]) {
      const res = await query(role, `query ($f: DatasetFilter) { datasets(filter: $f, first: 100) { totalCount nodes { id name } } }`, { f: filter });
      expect(res.errors).toBeUndefined();
      const page = res.data!.datasets as { totalCount: number; nodes: Array<{ id: string }> };
      expect(page.nodes.some((n) => n.id === ds[dataset])).toBe(allowed);
      expect(page.totalCount).toBe(page.nodes.length);
      if (!allowed) expectNoTrace(res, dataset);
    }
  });

  it(allowed ? "finds it among its owner's User.datasets" : "does not find it among its owner's User.datasets", async () => {
    // The owner reached through a dataset everyone may read (the owner of PRIVATE also owns a public one).
    const via = dataset === 'PRIVATE' ? ds.PUBLIC_OF_OWNER : null;
    const res = via
      ? await query(role, `query ($id: ID!) { dataset(id: $id) { owner { id datasets(first: 100) { totalCount nodes { id name } } } } }`, { id: via })
      : await query(role, `query ($id: ID!) { user(id: $id) { id datasets(first: 100) { totalCount nodes { id name } } } }`, { id: stack.userIds.manager });
    expect(res.errors).toBeUndefined();
    const owner = (via ? (res.data!.dataset as { owner: unknown }).owner : res.data!.user) as {
      datasets: { totalCount: number; nodes: Array<{ id: string }> };
    };
    expect(owner.datasets.nodes.some((n) => n.id === ds[dataset])).toBe(allowed);
    expect(owner.datasets.totalCount).toBe(owner.datasets.nodes.length);
    if (!allowed) expectNoTrace(res, dataset);
  });

  it(allowed ? 'sees it as the dataset of its training job' : 'sees its training job with dataset = null and NOT_FOUND on that field only', async () => {
    const res = await query(role, `query ($id: ID!) { trainingJob(id: $id) { id name dataset { id name myPermission } } }`, { id: jobOf(role, dataset) });
    const job = res.data!.trainingJob as { id: string; dataset: { id: string; myPermission: string } | null };
    expect(job.id).toBe(jobOf(role, dataset));
    if (allowed) {
      expect(res.errors).toBeUndefined();
      expect(job.dataset).toMatchObject({ id: ds[dataset], myPermission: level });
    } else {
      expect(job.dataset).toBeNull();
      expect(res.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['trainingJob', 'dataset'], 'NOT_FOUND']]);
      expectNoTrace(res, dataset);
    }
  });
});

describe('D7: grants and revocations take effect at once', () => {
  it('a stranger granted through the Labeler REST API gets access; revoked, loses it again', async () => {
    const visible = () => query('advanced_engineer', DETAIL, { id: ds.PRIVATE });
    expect((await visible()).data?.dataset).toBeNull();

    const path = `/datasets/${ds.PRIVATE}/permissions/${stack.userIds.advanced_engineer}`;
    expect((await labeler(path, { method: 'PUT', json: { permission_level: 'read_write' } })).status).toBe(200);
    const granted = await visible();
    expect(granted.errors).toBeUndefined();
    expect(granted.data?.dataset).toMatchObject({ id: ds.PRIVATE, myPermission: 'READ_WRITE', downloadUrl: { url: expect.stringMatching(/^http/) } });

    expect((await labeler(path, { method: 'DELETE' })).body).toMatchObject({ revoked: true });
    const revoked = await visible();
    expect(revoked.data?.dataset).toBeNull();
    expectNoTrace(revoked, 'PRIVATE');
  });

  it('making a dataset public shows it to everyone with READ_ONLY, and organization again hides it from other organizations', async () => {
    expect((await labeler(`/datasets/${ds.ORG}`, { method: 'PATCH', json: { visibility: 'public' } })).status).toBe(200);
    const res = await query('outsider', DETAIL, { id: ds.ORG });
    expect(res.data?.dataset).toMatchObject({ id: ds.ORG, myPermission: 'READ_ONLY' });
    expect((await labeler(`/datasets/${ds.ORG}`, { method: 'PATCH', json: { visibility: 'organization' } })).status).toBe(200);
    expect((await query('outsider', DETAIL, { id: ds.ORG })).data?.dataset).toBeNull();
    expect((await query('guest', DETAIL, { id: ds.ORG })).data?.dataset).toMatchObject({ id: ds.ORG, myPermission: 'READ_ONLY' });
  });

  it('private again hides an organization dataset from the members of the organization', async () => {
    expect((await labeler(`/datasets/${ds.ORG}`, { method: 'PATCH', json: { visibility: 'private' } })).status).toBe(200);
    try {
      expect((await query('guest', DETAIL, { id: ds.ORG })).data?.dataset).toBeNull();
    } finally {
      expect((await labeler(`/datasets/${ds.ORG}`, { method: 'PATCH', json: { visibility: 'organization' } })).status).toBe(200);
    }
  });
});
