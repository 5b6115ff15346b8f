/**
 * The Labeler's `/api/v1` HTTP layer (labeler/api.ts) at its edges, against the reference on a real
 * PostgreSQL and S3 server: compressed and oversized bodies, charsets, bodies that are JSON but not
 * an object, path decoding and matching, HEAD, rate-limit headers and the route labels of /metrics.
 * An unexpected failure inside a route is checked on the handler itself, with a route that throws.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { pino } from 'pino';
import { parseMetrics, sumSamples } from '../lib/metrics';
import { API_BODY_LIMIT_BYTES, createApiHandler } from './api';
import { ok, route } from './api-route';
import { SEED_DATASETS } from './seed';
import { startTestLabeler, TEST_SERVICE_KEY, TEST_USER_IDS, type TestLabeler } from './testing';

let t: TestLabeler;
const [COCO, YOLO] = SEED_DATASETS.map((d) => d.id) as [string, string];
const auth = { authorization: `Bearer ${TEST_SERVICE_KEY}` };

async function call(path: string, init: RequestInit = {}) {
  const res = await fetch(`${t.labeler.url}${path}`, { ...init, headers: { ...auth, ...(init.headers as Record<string, string>) } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

const batch = (body: BodyInit, headers: Record<string, string>) => call('/api/v1/datasets/batch', { method: 'POST', body, headers });

beforeAll(async () => {
  t = await startTestLabeler('labeler_api');
});

afterAll(async () => {
  await t?.labeler.close();
});

describe('Labeler API bodies', () => {
  const ids = JSON.stringify({ dataset_ids: [COCO, YOLO] });

  it('reads a gzip-compressed JSON body like a plain one', async () => {
    const res = await batch(gzipSync(ids), { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(res.status).toBe(200);
    expect((res.body!.datasets as Array<{ id: string }>).map((d) => d.id)).toEqual([COCO, YOLO]);
  });

  it('refuses a body over 256 kB with 413, whether its length is declared, streamed or only reached after decompression', async () => {
    const big = JSON.stringify({ dataset_ids: [COCO], padding: 'x'.repeat(API_BODY_LIMIT_BYTES) });
    const declared = await batch(big, { 'content-type': 'application/json' });
    expect(declared.status).toBe(413);
    expect(declared.body).toEqual({ error: 'payload_too_large', message: 'The request body is larger than 256 kB' });

    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 5; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(API_BODY_LIMIT_BYTES / 4)));
        controller.close();
      },
    });
    const streamed = await call('/api/v1/datasets/batch', {
      method: 'POST',
      body: stream,
      headers: { 'content-type': 'application/json' },
      duplex: 'half',
    } as RequestInit);
    expect(streamed.status).toBe(413);

    const bomb = gzipSync(big);
    expect(bomb.length).toBeLessThan(API_BODY_LIMIT_BYTES / 10);
    const inflated = await batch(bomb, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(inflated.status).toBe(413);
  });

  it('answers 415 for a charset other than UTF-8 or an unknown Content-Encoding, 400 for a broken gzip body', async () => {
    const latin1 = await batch(ids, { 'content-type': 'application/json; charset=latin1' });
    expect(latin1.status).toBe(415);
    expect(latin1.body).toMatchObject({ error: 'unsupported_media_type', message: expect.stringContaining('latin1') });
    const compress = await batch(ids, { 'content-type': 'application/json', 'content-encoding': 'compress' });
    expect(compress.status).toBe(415);
    const utf8 = await batch(ids, { 'content-type': 'application/json; charset=UTF-8' });
    expect(utf8.status).toBe(200);
    const broken = await batch('not gzip at all', { 'content-type': 'application/json', 'content-encoding': 'gzip' });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ error: 'invalid_request' });
  });

  it('accepts only an object or an array as a JSON body', async () => {
    for (const body of ['42', '"text"', 'null', 'true']) {
      const res = await batch(body, { 'content-type': 'application/json' });
      expect([body, res.status, res.body!.error]).toEqual([body, 400, 'invalid_request']);
    }
  });

  it('ignores a body that does not say it is JSON, so the route reports what is missing', async () => {
    const res = await batch(ids, { 'content-type': 'text/plain' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error: 'invalid_request', message: 'body: is required' });
  });
});

describe('Labeler API paths', () => {
  it('decodes path parameters, and refuses broken percent-encoding with 400', async () => {
    const encoded = await call(`/api/v1/datasets/${encodeURIComponent(COCO)}`);
    expect([encoded.status, encoded.body!.id]).toEqual([200, COCO]);
    const unknown = await call('/api/v1/datasets/ds%20with%20space');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ error: 'dataset_not_found', dataset_id: 'ds with space' });
    const broken = await call('/api/v1/datasets/%E0%A4%A');
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({ error: 'invalid_request' });
  });

  it('matches a trailing slash and any letter case, as the contract routes did under express', async () => {
    const res = await call(`/API/V1/Datasets/${COCO}/`);
    expect([res.status, res.body!.id]).toEqual([200, COCO]);
  });

  it('answers HEAD like GET without a body', async () => {
    const res = await call(`/api/v1/datasets/${COCO}`, { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(100);
  });

  it('answers /api/v1 itself and unknown methods with the JSON 404, and leaves /api/v1/auth to the login routes', async () => {
    const root = await call('/api/v1');
    expect(root.status).toBe(404);
    expect(root.body).toEqual({ error: 'not_found', message: 'No route GET /api/v1' });
    const method = await call(`/api/v1/datasets/${COCO}`, { method: 'PUT', body: '{}', headers: { 'content-type': 'application/json' } });
    expect(method.body).toEqual({ error: 'not_found', message: `No route PUT /api/v1/datasets/${COCO}` });
    // Without a service key: the login routes answer (this Labeler has no User DB), not the API's 401.
    const login = await fetch(`${t.labeler.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect([login.status, ((await login.json()) as { error: string }).error]).toEqual([503, 'auth_not_configured']);
  });

  it('sends the service window on every authorised answer', async () => {
    const res = await call(`/api/v1/datasets/${COCO}`);
    expect(res.headers.get('x-ratelimit-limit')).toBe(String(t.env.rateLimit.servicePerMinute));
    expect(Number(res.headers.get('x-ratelimit-remaining'))).toBeLessThan(t.env.rateLimit.servicePerMinute);
  });

  it('labels /metrics by the matched route, "unmatched" for a 404 without a route and "other" for a 401', async () => {
    const user = Number(TEST_USER_IDS.advanced_engineer);
    const download = await call(`/api/v1/datasets/${COCO}/download-url`, {
      method: 'POST',
      body: JSON.stringify({ user_id: user }),
      headers: { 'content-type': 'application/json' },
    });
    expect(download.status).toBe(200);
    await call('/api/v1/nothing-here');
    await fetch(`${t.labeler.url}/api/v1/datasets/${COCO}`);
    const samples = parseMetrics(await (await fetch(`${t.labeler.url}/metrics`)).text());
    const count = (route: string, status: string) => sumSamples(samples, 'http_requests_total', { route, status });
    expect(count('/api/v1/datasets/:id/download-url', '200')).toBeGreaterThanOrEqual(1);
    expect(count('unmatched', '404')).toBeGreaterThanOrEqual(1);
    expect(count('other', '401')).toBeGreaterThanOrEqual(1);
    expect(samples.some((s) => s.labels.route?.includes(COCO))).toBe(false);
  });
});

describe('Labeler API: a route that fails', () => {
  it('answers 500 internal_error with the request id, and logs the error only', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'error' }, new Writable({ write: (chunk, _enc, done) => void (lines.push(String(chunk)), done()) }));
    const handle = createApiHandler({
      routes: [route('GET', '/boom', async () => Promise.reject(new Error('secret detail'))), route('GET', '/fine', async () => ok({ fine: true }))],
      serviceKey: 'key',
      limits: { servicePerMinute: 100, userPerMinute: 100 },
      stats: { requests: 0, batchCalls: 0, permissionChecks: 0, rateLimited: 0, lastRequestId: null },
      log,
      record: () => {},
    });
    const server = http.createServer((req, res) => handle(req, res, String(req.headers['x-request-id'])));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v1`;
    try {
      const res = await fetch(`${base}/boom`, { headers: { authorization: 'Bearer key', 'x-request-id': 'req-boom' } });
      expect(res.status).toBe(500);
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({ error: 'internal_error', request_id: 'req-boom' });
      expect(text).not.toContain('secret detail');
      expect(lines.join('')).toContain('secret detail');
      expect(lines.join('')).toContain('req-boom');
      const fine = await fetch(`${base}/fine`, { headers: { authorization: 'Bearer key' } });
      expect(await fine.json()).toEqual({ fine: true });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
