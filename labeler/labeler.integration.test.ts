/**
 * The Labeler contract (seed 2.5.2, requirements D2–D5) checked against the reference service
 * running on a real PostgreSQL and a real S3 server.
 */
import { gunzipSync } from 'node:zlib';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PNG } from 'pngjs';
import { seedLabeler, SEED_DATASETS } from './seed';
import { createLabelerServer } from './server';
import { startTestLabeler, TEST_SERVICE_KEY, TEST_USER_IDS, type TestLabeler } from './testing';

let t: TestLabeler;
const [COCO, YOLO, UNLABELED, VOC] = SEED_DATASETS.map((d) => d.id) as [string, string, string, string];
const uid = (role: keyof typeof TEST_USER_IDS) => Number(TEST_USER_IDS[role]);

async function api(path: string, init: RequestInit & { key?: string | null; json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  const key = init.key === undefined ? TEST_SERVICE_KEY : init.key;
  if (key) headers.set('Authorization', `Bearer ${key}`);
  if (init.json !== undefined) headers.set('Content-Type', 'application/json');
  const res = await fetch(`${t.labeler.url}/api/v1${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

beforeAll(async () => {
  t = await startTestLabeler('labeler_contract');
});

afterAll(async () => {
  await t?.labeler.close();
});

describe('Labeler reference: authentication and request ids', () => {
  it('answers /health without a service key', async () => {
    const res = await fetch(`${t.labeler.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', service: 'labeler' });
  });

  it('refuses API calls without the service key or with a wrong one', async () => {
    const before = t.labeler.stats.requests;
    for (const key of [null, 'wrong-key']) {
      const res = await api(`/datasets/${COCO}`, { key });
      expect(res.status).toBe(401);
      expect(res.body).toMatchObject({ error: 'unauthorized', message: expect.any(String) });
    }
    expect(t.labeler.stats.requests).toBe(before + 2);
  });

  it('echoes the caller X-Request-ID and makes one up when none is sent', async () => {
    const echoed = await api(`/datasets/${COCO}`, { headers: { 'X-Request-ID': 'req-contract-42' } });
    expect(echoed.headers.get('x-request-id')).toBe('req-contract-42');
    const generated = await api(`/datasets/${COCO}`);
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await api('/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error).toBe('not_found');
  });
});

describe('GET /api/v1/datasets/{id}', () => {
  it('returns the seed shape with snake_case fields and second-precision ISO times', async () => {
    const res = await api(`/datasets/${COCO}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: COCO,
      name: 'shapes-detection-coco',
      description: expect.any(String),
      format: 'coco',
      labeled: true,
      storage_type: 's3',
      storage_path: `datasets/${COCO}/`,
      visibility: 'public',
      owner_id: uid('advanced_engineer'),
      num_classes: 3,
      num_images: 12,
      class_names: ['circle', 'square', 'triangle'],
      tags: ['shapes', 'detection', 'demo'],
      created_at: '2025-11-20T10:00:00Z',
      updated_at: '2025-11-20T10:00:00Z',
    });
  });

  it('answers an unknown id with the seed 404 body', async () => {
    const res = await api('/datasets/ds_xyz');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'dataset_not_found', message: 'Dataset ds_xyz does not exist', dataset_id: 'ds_xyz' });
  });
});

describe('GET /api/v1/datasets', () => {
  const ids = (body: Record<string, unknown>) => (body.datasets as Array<{ id: string }>).map((d) => d.id);

  it('pages with defaults page=1, limit=20 and reports the total', async () => {
    const res = await api('/datasets');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 4, page: 1, limit: 20 });
    expect(ids(res.body)).toEqual([VOC, UNLABELED, YOLO, COCO]);
    const page2 = await api('/datasets?page=2&limit=3');
    expect(page2.body).toMatchObject({ total: 4, page: 2, limit: 3 });
    expect(ids(page2.body)).toEqual([COCO]);
  });

  it('filters by owner, visibility, labeled, format and tags (repeatable, all must match)', async () => {
    expect(ids((await api(`/datasets?user_id=${uid('standard_engineer')}`)).body)).toEqual([YOLO]);
    expect(ids((await api('/datasets?visibility=public')).body)).toEqual([UNLABELED, COCO]);
    expect(ids((await api('/datasets?labeled=false')).body)).toEqual([UNLABELED]);
    expect(ids((await api('/datasets?format=voc')).body)).toEqual([VOC]);
    expect(ids((await api('/datasets?tags=detection')).body)).toEqual([VOC, COCO]);
    expect(ids((await api('/datasets?tags=detection&tags=demo')).body)).toEqual([COCO]);
    expect((await api('/datasets?visibility=public&labeled=true')).body.total).toBe(1);
  });

  it('lists what one user may read with the accessible_to extension', async () => {
    expect(ids((await api(`/datasets?accessible_to=${uid('guest')}`)).body)).toEqual([UNLABELED, COCO]);
    expect(ids((await api(`/datasets?accessible_to=${uid('advanced_engineer')}`)).body)).toEqual([UNLABELED, YOLO, COCO]);
  });

  it('rejects invalid filters with 400 invalid_request', async () => {
    for (const query of ['limit=0', 'limit=101', 'page=0', 'visibility=secret', 'labeled=maybe', 'user_id=abc']) {
      const res = await api(`/datasets?${query}`);
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
    }
  });
});

describe('POST /api/v1/datasets/batch', () => {
  it('returns found datasets in request order and lists the missing ids', async () => {
    const before = t.labeler.stats.batchCalls;
    const res = await api('/datasets/batch', { method: 'POST', json: { dataset_ids: [VOC, 'ds_0000000000000000', COCO, YOLO] } });
    expect(res.status).toBe(200);
    expect((res.body.datasets as Array<{ id: string }>).map((d) => d.id)).toEqual([VOC, COCO, YOLO]);
    expect(res.body.not_found).toEqual(['ds_0000000000000000']);
    expect(t.labeler.stats.batchCalls).toBe(before + 1);
  });

  it('answers an empty list with empty results', async () => {
    const res = await api('/datasets/batch', { method: 'POST', json: { dataset_ids: [] } });
    expect(res.body).toEqual({ datasets: [], not_found: [] });
  });

  it('rejects a malformed body with 400 invalid_request', async () => {
    for (const json of [{}, { dataset_ids: 'ds_1' }, { dataset_ids: [1, 2] }, { dataset_ids: Array.from({ length: 1001 }, (_, i) => `ds_${i}`) }]) {
      const res = await api('/datasets/batch', { method: 'POST', json });
      expect(res.status).toBe(400);
      expect(res.body.error).toBe('invalid_request');
    }
    const broken = await api('/datasets/batch', { method: 'POST', body: '{not json', headers: { 'Content-Type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect(broken.body.error).toBe('invalid_request');
  });
});

describe('GET /api/v1/datasets/{id}/permissions/{user_id}', () => {
  it('makes the owner admin since creation', async () => {
    const res = await api(`/datasets/${YOLO}/permissions/${uid('standard_engineer')}`);
    expect(res.body).toEqual({ has_access: true, permission_level: 'admin', granted_at: '2025-11-21T09:30:00Z' });
  });

  it('gives everyone read_only on a public dataset', async () => {
    const res = await api(`/datasets/${COCO}/permissions/${uid('guest')}`);
    expect(res.body).toEqual({ has_access: true, permission_level: 'read_only', granted_at: null });
  });

  it('reports an explicit grant with its time', async () => {
    const res = await api(`/datasets/${YOLO}/permissions/${uid('advanced_engineer')}`);
    expect(res.body).toMatchObject({ has_access: true, permission_level: 'read_only', granted_at: expect.stringMatching(/Z$/) });
  });

  it('denies a stranger on private and organization datasets', async () => {
    for (const id of [YOLO, VOC]) {
      const res = await api(`/datasets/${id}/permissions/${uid('guest')}`);
      expect(res.body).toEqual({ has_access: false, permission_level: null, granted_at: null });
    }
  });

  it('answers 404 for an unknown dataset and 400 for a bad user id', async () => {
    expect((await api(`/datasets/ds_xyz/permissions/1`)).body).toEqual({
      error: 'dataset_not_found',
      message: 'Dataset ds_xyz does not exist',
      dataset_id: 'ds_xyz',
    });
    expect((await api(`/datasets/${COCO}/permissions/abc`)).status).toBe(400);
  });
});

describe('POST /api/v1/datasets/{id}/download-url', () => {
  it('presigns a URL that downloads the dataset archive with its real images', async () => {
    const started = Date.now();
    const res = await api(`/datasets/${YOLO}/download-url`, { method: 'POST', json: { expires_in: 600, user_id: uid('standard_engineer') } });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['download_url', 'expires_at']);
    const expiresAt = Date.parse(res.body.expires_at as string);
    expect(expiresAt).toBeGreaterThanOrEqual(started + 598_000);
    expect(expiresAt).toBeLessThanOrEqual(Date.now() + 601_000);

    const download = await fetch(res.body.download_url as string);
    expect(download.status).toBe(200);
    const tar = gunzipSync(Buffer.from(await download.arrayBuffer()));
    const names = readTarNames(tar);
    expect(names.filter((n) => n.startsWith('images/'))).toHaveLength(10);
    expect(names).toContain('classes.txt');
    expect(names.filter((n) => n.startsWith('labels/'))).toHaveLength(10);
  });

  it('refuses a user without access with the seed 403 body', async () => {
    const res = await api(`/datasets/${YOLO}/download-url`, { method: 'POST', json: { expires_in: 600, user_id: uid('guest') } });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({ error: 'permission_denied', message: 'User does not have access to this dataset', required_permission: 'read' });
  });

  it('answers 404 for an unknown dataset and 400 for a bad body', async () => {
    expect((await api('/datasets/ds_xyz/download-url', { method: 'POST', json: { user_id: 1 } })).status).toBe(404);
    for (const json of [{ user_id: 0 }, { user_id: 1, expires_in: 0 }, { user_id: 1, expires_in: 8 * 24 * 3600 }, { user_id: 'x' }]) {
      expect((await api(`/datasets/${COCO}/download-url`, { method: 'POST', json })).status).toBe(400);
    }
  });
});

describe('rate limits (D4)', () => {
  it('answers 429 with Retry-After once the service key exceeds its per-minute limit, still echoing X-Request-ID', async () => {
    const strict = await createLabelerServer({ ...t.env, port: 0, rateLimit: { ...t.env.rateLimit, servicePerMinute: 3 } });
    try {
      const call = (headers: Record<string, string> = {}) =>
        fetch(`${strict.url}/api/v1/datasets/${COCO}`, { headers: { Authorization: `Bearer ${TEST_SERVICE_KEY}`, ...headers } });
      // Unauthorised calls are refused before they count.
      expect((await fetch(`${strict.url}/api/v1/datasets/${COCO}`)).status).toBe(401);
      for (let i = 0; i < 3; i++) expect((await call()).status).toBe(200);
      const refused = await call({ 'X-Request-ID': 'req-limited' });
      expect(refused.status).toBe(429);
      expect(refused.headers.get('x-request-id')).toBe('req-limited');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(await refused.json()).toMatchObject({ error: 'rate_limited', scope: 'service', limit: 3, retry_after: expect.any(Number) });
    } finally {
      await strict.close();
    }
  });
});

describe('rate limits per user before the service window (D4)', () => {
  it("refuses a user over their own limit without using up the service key's window: a call naming no user still passes", async () => {
    const strict = await createLabelerServer({ ...t.env, port: 0, rateLimit: { servicePerMinute: 10, userPerMinute: 3 } });
    try {
      const call = (path: string) => fetch(`${strict.url}/api/v1${path}`, { headers: { Authorization: `Bearer ${TEST_SERVICE_KEY}` } });
      const guest = uid('guest');
      const statuses: number[] = [];
      for (let i = 0; i < 20; i++) statuses.push((await call(`/datasets/${COCO}/images?limit=1&user_id=${guest}`)).status);
      expect(statuses).toEqual([...Array<number>(3).fill(200), ...Array<number>(17).fill(429)]);
      const refused = await call(`/datasets/${COCO}/permissions/${guest}`);
      expect(await refused.json()).toMatchObject({ error: 'rate_limited', scope: 'user', limit: 3 });
      // A list made for the guest is theirs too, whichever owner it filters by.
      expect((await call(`/datasets?user_id=${uid('manager')}&accessible_to=${guest}`)).status).toBe(429);
      // Only the three calls the guest was allowed count against the service key.
      expect(refused.headers.get('x-ratelimit-remaining')).toBe('7');

      // A platform admin's calls name no user: the service window still has room for them.
      const admin = await call(`/datasets?page=1&limit=10`);
      expect(admin.status).toBe(200);
      expect(admin.headers.get('x-ratelimit-remaining')).toBe('6');
      // Another user has their own window.
      expect((await call(`/datasets/${COCO}/images?limit=1&user_id=${uid('manager')}`)).status).toBe(200);
    } finally {
      await strict.close();
    }
  });
});

describe('seedLabeler', () => {
  it('stores as many real PNG images as num_images says, with matching annotations', async () => {
    for (const spec of SEED_DATASETS) {
      const listed = await t.storage.client.send(new ListObjectsV2Command({ Bucket: t.storage.bucket, Prefix: `datasets/${spec.id}/images/` }));
      expect(listed.KeyCount).toBe(spec.images);
    }
    const image = await getObject(`datasets/${VOC}/images/img_000.png`);
    const png = PNG.sync.read(image);
    expect([png.width, png.height]).toEqual([32, 32]);

    const coco = JSON.parse((await getObject(`datasets/${COCO}/annotations/instances.json`)).toString()) as {
      images: unknown[];
      categories: Array<{ name: string }>;
    };
    expect(coco.images).toHaveLength(12);
    expect(coco.categories.map((c) => c.name)).toEqual(['circle', 'square', 'triangle']);
    const voc = (await getObject(`datasets/${VOC}/Annotations/img_000.xml`)).toString();
    expect(voc).toMatch(/<filename>img_000\.png<\/filename>/);
  });

  it('can run again without duplicating or changing anything', async () => {
    const again = await seedLabeler({ databaseUrl: t.databaseUrl, storage: t.storage, ownerIds: TEST_USER_IDS });
    expect(again.datasetIds).toEqual(t.datasetIds);
    expect((await api('/datasets')).body.total).toBe(4);
  });
});

async function getObject(key: string): Promise<Buffer> {
  const out = await t.storage.client.send(new GetObjectCommand({ Bucket: t.storage.bucket, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

/** Entry names of an uncompressed ustar archive. */
function readTarNames(tar: Buffer): string[] {
  const names: string[] = [];
  for (let offset = 0; offset + 512 <= tar.length;) {
    const name = tar
      .subarray(offset, offset + 100)
      .toString('utf8')
      .replace(/\0.*$/s, '');
    if (!name) break;
    const size = parseInt(
      tar
        .subarray(offset + 124, offset + 136)
        .toString('ascii')
        .replace(/\0.*$/s, ''),
      8,
    );
    names.push(name);
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return names;
}
