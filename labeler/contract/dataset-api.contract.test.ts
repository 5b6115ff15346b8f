/**
 * The Labeler Dataset API contract (seed 2.5.2, requirements D2–D5, docs/labeler-contract.md),
 * run against any Labeler: see harness.ts. Every fixture is created here, owned by fresh users.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiFor, contractTarget, createFixture, freshUserId, type Api, type ApiResponse, type ContractTarget } from './harness';

let target: ContractTarget;
let api: Api;
const owner = freshUserId();
const grantee = freshUserId();
const stranger = freshUserId();
const tag = `contract-${randomBytes(4).toString('hex')}`;
const ids = { pub: '', priv: '', org: '', raw: '' };
let finalized: Record<keyof typeof ids, ApiResponse>;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const listIds = (res: ApiResponse) => (res.body.datasets as Array<{ id: string }>).map((d) => d.id).sort();
const sorted = (...values: string[]) => [...values].sort();

beforeAll(async () => {
  target = await contractTarget();
  api = apiFor(target);
  const common = { ownerId: owner, labeled: true };
  // Sequential: creation order is the listing order (newest first).
  const pub = await createFixture(api, {
    ...common,
    name: 'contract-public-coco',
    format: 'coco',
    visibility: 'public',
    tags: [tag, 'detection'],
    classes: ['circle', 'square', 'triangle'],
    images: 5,
  });
  const priv = await createFixture(api, {
    ...common,
    name: 'contract-private-yolo',
    format: 'yolo',
    visibility: 'private',
    tags: [tag],
    classes: ['circle', 'square'],
    images: 4,
  });
  const org = await createFixture(api, {
    ...common,
    name: 'contract-org-voc',
    format: 'voc',
    visibility: 'organization',
    tags: [tag],
    classes: ['square', 'triangle'],
    images: 3,
  });
  const raw = await createFixture(api, {
    ...common,
    name: 'contract-raw',
    format: 'coco',
    visibility: 'public',
    tags: [tag, 'raw'],
    classes: [],
    images: 2,
    labeled: false,
  });
  Object.assign(ids, { pub: pub.id, priv: priv.id, org: org.id, raw: raw.id });
  finalized = { pub: pub.finalize, priv: priv.finalize, org: org.finalize, raw: raw.finalize };
  const grant = await api(`/datasets/${ids.priv}/permissions/${grantee}`, { method: 'PUT', json: { permission_level: 'read_write' } });
  expect(grant.status).toBe(200);
});

afterAll(async () => {
  await target?.close();
});

describe('Labeler contract: authentication and request ids (D3)', () => {
  it('refuses calls without the service key or with a wrong one with 401 and an error body', async () => {
    for (const key of [null, 'not-the-service-key']) {
      const res = await api(`/datasets/${ids.pub}`, { key });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: expect.any(String), message: expect.any(String) });
    }
  });

  it('echoes X-Request-ID on the response', async () => {
    const res = await api(`/datasets/${ids.pub}`, { headers: { 'X-Request-ID': 'contract-req-1' } });
    expect(res.headers.get('x-request-id')).toBe('contract-req-1');
  });
});

describe('Labeler contract: GET /datasets/{id}', () => {
  it('returns every field of the seed shape, with counts and classes from the uploaded files', async () => {
    const res = await api(`/datasets/${ids.pub}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: ids.pub,
      name: 'contract-public-coco',
      description: expect.any(String),
      format: 'coco',
      labeled: true,
      storage_type: expect.any(String),
      storage_path: `datasets/${ids.pub}/`,
      visibility: 'public',
      owner_id: owner,
      num_classes: 3,
      num_images: 5,
      class_names: ['circle', 'square', 'triangle'],
      tags: [tag, 'detection'],
      created_at: expect.stringMatching(ISO),
      updated_at: expect.stringMatching(ISO),
    });
    expect(res.body.id).toMatch(/^ds_[0-9a-f]{16}$/);
  });

  it('answers an unknown id with 404 dataset_not_found', async () => {
    const res = await api('/datasets/ds_ffffffffffffffff');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'dataset_not_found', message: 'Dataset ds_ffffffffffffffff does not exist', dataset_id: 'ds_ffffffffffffffff' });
  });
});

describe('Labeler contract: GET /datasets (filters and paging)', () => {
  const list = (query: string) => api(`/datasets?user_id=${owner}&${query}`);

  it('filters by owner, visibility, labeled, format and tags (all tags must match)', async () => {
    expect(listIds(await list(''))).toEqual(sorted(ids.pub, ids.priv, ids.org, ids.raw));
    expect(listIds(await list('visibility=public'))).toEqual(sorted(ids.pub, ids.raw));
    expect(listIds(await list('labeled=false'))).toEqual([ids.raw]);
    expect(listIds(await list('format=voc'))).toEqual([ids.org]);
    expect(listIds(await list(`tags=${tag}&tags=raw`))).toEqual([ids.raw]);
    expect(listIds(await list('visibility=private&labeled=true'))).toEqual([ids.priv]);
  });

  it('pages with page and limit, newest first, and reports the total', async () => {
    const first = await list('page=1&limit=3');
    expect(first.body).toMatchObject({ total: 4, page: 1, limit: 3 });
    expect((first.body.datasets as Array<{ id: string }>).map((d) => d.id)).toEqual([ids.raw, ids.org, ids.priv]);
    const second = await list('page=2&limit=3');
    expect((second.body.datasets as Array<{ id: string }>).map((d) => d.id)).toEqual([ids.pub]);
    expect((await list('')).body).toMatchObject({ page: 1, limit: 20 });
  });

  it('lists what one user may read with the accessible_to extension', async () => {
    expect(listIds(await list(`accessible_to=${stranger}`))).toEqual(sorted(ids.pub, ids.raw));
    expect(listIds(await list(`accessible_to=${grantee}`))).toEqual(sorted(ids.pub, ids.priv, ids.raw));
    expect(listIds(await list(`accessible_to=${owner}`))).toHaveLength(4);
  });

  it('rejects invalid filters with 400 invalid_request', async () => {
    for (const query of ['limit=0', 'limit=101', 'page=0', 'visibility=secret', 'labeled=maybe']) {
      const res = await list(query);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
    }
  });
});

describe('Labeler contract: POST /datasets/batch', () => {
  it('returns the found datasets in request order and the missing ids in not_found', async () => {
    const res = await api('/datasets/batch', { method: 'POST', json: { dataset_ids: [ids.org, 'ds_ffffffffffffffff', ids.pub, ids.priv] } });
    expect(res.status).toBe(200);
    expect((res.body.datasets as Array<{ id: string }>).map((d) => d.id)).toEqual([ids.org, ids.pub, ids.priv]);
    expect(res.body.not_found).toEqual(['ds_ffffffffffffffff']);
  });

  it("with user_id (extension), gives each dataset that user's permission exactly as GET …/permissions/{user_id} answers it", async () => {
    const all = [ids.pub, ids.priv, ids.org];
    for (const user of [owner, grantee, stranger]) {
      const res = await api('/datasets/batch', { method: 'POST', json: { dataset_ids: [...all, 'ds_ffffffffffffffff'], user_id: user } });
      expect(res.status).toBe(200);
      expect(res.body.not_found).toEqual(['ds_ffffffffffffffff']);
      const datasets = res.body.datasets as Array<{ id: string; name: string; permission?: unknown }>;
      expect(datasets.map((d) => d.id)).toEqual(all);
      for (const d of datasets) {
        expect(d.name).toEqual(expect.any(String));
        expect(d.permission).toEqual((await api(`/datasets/${d.id}/permissions/${user}`)).body);
      }
    }
    const invalid = await api('/datasets/batch', { method: 'POST', json: { dataset_ids: [ids.pub], user_id: 'someone' } });
    expect(invalid.status).toBe(400);
    expect(invalid.body.error).toBe('invalid_request');
  });

  it('rejects a malformed body with 400 invalid_request', async () => {
    const res = await api('/datasets/batch', { method: 'POST', json: { dataset_ids: 'nope' } });
    expect(res.status).toBe(400);
    expect(res.body.error).toBe('invalid_request');
  });
});

describe('Labeler contract: GET /datasets/{id}/permissions/{user_id}', () => {
  const permission = async (id: string, user: number) => (await api(`/datasets/${id}/permissions/${user}`)).body;

  it('makes the owner admin, reports grants, gives read_only on public datasets and nothing otherwise', async () => {
    expect(await permission(ids.priv, owner)).toMatchObject({ has_access: true, permission_level: 'admin' });
    expect(await permission(ids.priv, grantee)).toEqual({ has_access: true, permission_level: 'read_write', granted_at: expect.stringMatching(ISO) });
    expect(await permission(ids.pub, stranger)).toMatchObject({ has_access: true, permission_level: 'read_only' });
    for (const id of [ids.priv, ids.org]) expect(await permission(id, stranger)).toEqual({ has_access: false, permission_level: null, granted_at: null });
  });

  it('answers 404 for an unknown dataset', async () => {
    expect((await api(`/datasets/ds_ffffffffffffffff/permissions/${owner}`)).status).toBe(404);
  });
});

describe('Labeler contract: POST /datasets/{id}/download-url', () => {
  it('presigns a URL to the dataset archive for a user with access', async () => {
    const res = await api(`/datasets/${ids.priv}/download-url`, { method: 'POST', json: { expires_in: 600, user_id: grantee } });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ download_url: expect.stringMatching(/^https?:\/\//), expires_at: expect.stringMatching(ISO) });
    const expiresIn = Date.parse(res.body.expires_at as string) - Date.now();
    expect(expiresIn).toBeGreaterThan(590_000);
    expect(expiresIn).toBeLessThanOrEqual(601_000);
    const archive = Buffer.from(await (await fetch(res.body.download_url as string)).arrayBuffer());
    expect([archive[0], archive[1]]).toEqual([0x1f, 0x8b]); // gzip
  });

  it('refuses a user without access with 403 permission_denied and an unknown dataset with 404', async () => {
    const denied = await api(`/datasets/${ids.priv}/download-url`, { method: 'POST', json: { expires_in: 600, user_id: stranger } });
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ error: 'permission_denied', message: expect.any(String), required_permission: 'read' });
    expect((await api('/datasets/ds_ffffffffffffffff/download-url', { method: 'POST', json: { user_id: owner } })).status).toBe(404);
  });
});

describe('Labeler contract: managing datasets (local Labeler endpoints)', () => {
  it('finalize recounts images and annotations and reads class names for COCO, YOLO and VOC', () => {
    const summary = (r: ApiResponse) => r.body.summary as { num_images: number; num_annotations: number; class_names: string[]; labeled: boolean };
    expect(summary(finalized.pub)).toMatchObject({ num_images: 5, class_names: ['circle', 'square', 'triangle'], labeled: true });
    expect(summary(finalized.priv)).toMatchObject({ num_images: 4, class_names: ['circle', 'square'], labeled: true });
    expect(summary(finalized.org)).toMatchObject({ num_images: 3, labeled: true });
    expect(summary(finalized.raw)).toEqual({ num_images: 2, num_annotations: 0, class_names: [], labeled: false });
    for (const key of ['pub', 'priv', 'org'] as const)
      expect(summary(finalized[key]).num_annotations).toBeGreaterThanOrEqual(summary(finalized[key]).num_images);
    expect(finalized.priv.body.dataset).toMatchObject({ id: ids.priv, num_images: 4, num_classes: 2, labeled: true });
  });

  it('lists image keys with presigned GET URLs that serve the PNGs, to users who may read', async () => {
    const res = await api(`/datasets/${ids.priv}/images?limit=2&user_id=${grantee}`);
    expect(res.status).toBe(200);
    const images = res.body.images as Array<{ key: string; url: string; size_bytes: number }>;
    expect(res.body.total).toBe(4);
    expect(images).toHaveLength(2);
    expect(images[0]!.key.startsWith(`datasets/${ids.priv}/`)).toBe(true);
    const png = Buffer.from(await (await fetch(images[0]!.url)).arrayBuffer());
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBe(images[0]!.size_bytes);
    expect((await api(`/datasets/${ids.priv}/images?user_id=${stranger}`)).status).toBe(403);
  });

  it('changes visibility, name and tags with PATCH', async () => {
    const res = await api(`/datasets/${ids.org}`, {
      method: 'PATCH',
      json: { visibility: 'public', name: 'contract-org-voc-renamed', tags: [tag, 'renamed'] },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: ids.org, visibility: 'public', name: 'contract-org-voc-renamed', tags: [tag, 'renamed'] });
    expect((await api(`/datasets/${ids.org}/permissions/${stranger}`)).body).toMatchObject({ has_access: true, permission_level: 'read_only' });
    const back = await api(`/datasets/${ids.org}`, { method: 'PATCH', json: { visibility: 'organization' } });
    expect(back.body.visibility).toBe('organization');
    expect((await api(`/datasets/${ids.org}`, { method: 'PATCH', json: { visibility: 'everyone' } })).status).toBe(400);
  });

  it('grants, changes and revokes a permission', async () => {
    const path = `/datasets/${ids.org}/permissions/${stranger}`;
    expect((await api(path, { method: 'PUT', json: { permission_level: 'read_only' } })).body).toMatchObject({
      dataset_id: ids.org,
      user_id: stranger,
      permission_level: 'read_only',
    });
    expect((await api(path, { method: 'PUT', json: { permission_level: 'admin' } })).body.permission_level).toBe('admin');
    expect((await api(path)).body).toMatchObject({ has_access: true, permission_level: 'admin' });
    expect((await api(path, { method: 'DELETE' })).body).toMatchObject({ revoked: true });
    expect((await api(path)).body).toEqual({ has_access: false, permission_level: null, granted_at: null });
    expect((await api(path, { method: 'PUT', json: { permission_level: 'owner' } })).status).toBe(400);
  });

  it('checks the acting user when one is named', async () => {
    const res = await api(`/datasets/${ids.priv}`, { method: 'PATCH', json: { name: 'hijacked', acting_user_id: stranger } });
    expect(res.status).toBe(403);
    expect(res.body).toMatchObject({ error: 'permission_denied', required_permission: 'admin' });
    const upload = await api(`/datasets/${ids.priv}/upload-urls`, {
      method: 'POST',
      json: { files: [{ path: 'images/x.png', content_type: 'image/png' }], acting_user_id: grantee },
    });
    expect(upload.status).toBe(200);
    expect((upload.body.uploads as Array<{ key: string }>)[0]!.key).toBe(`datasets/${ids.priv}/images/x.png`);
  });

  it('refuses upload paths that escape the dataset folder', async () => {
    for (const path of ['../other/x.png', '/abs.png', 'images/../../x.png', 'dataset.tar.gz']) {
      const res = await api(`/datasets/${ids.pub}/upload-urls`, { method: 'POST', json: { files: [{ path, content_type: 'image/png' }] } });
      expect(res.status).toBe(400);
    }
  });

  it('rejects a dataset without a valid format or owner', async () => {
    for (const json of [
      { name: 'x', format: 'tfrecord', owner_id: owner },
      { name: 'x', format: 'coco' },
      { name: '', format: 'coco', owner_id: owner },
    ]) {
      const res = await api('/datasets', { method: 'POST', json });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
    }
  });
});
