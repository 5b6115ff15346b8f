import { describe, it, expect, afterAll } from '@jest/globals';
import http from 'node:http';
import express from 'express';
import { closeServer, listen } from './http';
import { createServiceMetrics, parseMetrics, routeLabel, sumSamples, type MetricsSettings } from './metrics';

const servers: http.Server[] = [];
afterAll(async () => {
  await Promise.all(servers.map((s) => closeServer(s)));
});

/** A real express app with the metrics mounted like a service does, on a free port. */
async function serve(service: string, settings: MetricsSettings): Promise<string> {
  const app = express();
  const metrics = createServiceMetrics(service, settings);
  metrics.mount(app);
  let hits = 0;
  metrics.mirrorCounter('demo_hits_total', 'Hits of /items/:id.', () => hits);
  metrics.mirrorCounter('demo_hits_by_kind_total', 'Hits of /items/:id by kind of id.', () => ({ dataset: hits, other: 1 }), 'kind');
  app.get('/items/:id', (_req, res) => {
    hits += 1;
    res.json({ ok: true });
  });
  const router = express.Router();
  router.post('/batch', (_req, res) => void res.status(201).end());
  app.use('/api/v1', router);
  const server = http.createServer(app);
  servers.push(server);
  const port = await listen(server, '127.0.0.1', 0);
  return `http://127.0.0.1:${port}`;
}

const dev: MetricsSettings = { nodeEnv: 'development', public: false };

describe('service metrics in Prometheus format', () => {
  it('counts requests per route pattern and status, times them in a histogram, and mirrors live counters', async () => {
    const url = await serve('demo', dev);
    for (const id of ['ds_0123456789abcdef', 'ds_fedcba9876543210', '42']) await fetch(`${url}/items/${id}?email=a@example.com`);
    await fetch(`${url}/api/v1/batch`, { method: 'POST' });
    await fetch(`${url}/nowhere/ds_0123456789abcdef`);

    const response = await fetch(`${url}/metrics`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    const samples = parseMetrics(text);

    expect(sumSamples(samples, 'http_requests_total', { service: 'demo', method: 'GET', route: '/items/:id', status: '200' })).toBe(3);
    expect(sumSamples(samples, 'http_requests_total', { route: '/api/v1/batch', status: '201' })).toBe(1);
    expect(sumSamples(samples, 'http_requests_total', { route: 'unmatched', status: '404' })).toBe(1);
    expect(sumSamples(samples, 'http_request_duration_seconds_count', { route: '/items/:id' })).toBe(3);
    expect(sumSamples(samples, 'http_request_duration_seconds_bucket', { route: '/items/:id', le: '+Inf' })).toBe(3);
    expect(sumSamples(samples, 'http_request_duration_seconds_bucket', { route: '/items/:id', le: '0.001' })).toBeLessThanOrEqual(3);
    expect(sumSamples(samples, 'demo_hits_total')).toBe(3);
    expect(sumSamples(samples, 'demo_hits_by_kind_total', { kind: 'dataset' })).toBe(3);
    expect(sumSamples(samples, 'demo_hits_by_kind_total', { kind: 'other' })).toBe(1);
    expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(text.match(/^# TYPE process_cpu_user_seconds_total /gm)).toHaveLength(1);
    // The raw URLs never become labels.
    expect(text).not.toMatch(/ds_[0-9a-f]{16}|@example\.com|\/items\/42/);
  });

  it('keeps several services in one process apart (one registry each)', async () => {
    const a = await serve('alpha', dev);
    const b = await serve('beta', dev);
    await fetch(`${a}/items/1`);
    const alpha = parseMetrics(await (await fetch(`${a}/metrics`)).text());
    const beta = parseMetrics(await (await fetch(`${b}/metrics`)).text());
    expect(sumSamples(alpha, 'http_requests_total', { route: '/items/:id' })).toBe(1);
    expect(sumSamples(beta, 'http_requests_total', { route: '/items/:id' })).toBe(0);
    expect(beta.every((s) => s.labels.service === undefined || s.labels.service === 'beta')).toBe(true);
  });

  it('labels routes with patterns and folds value-like segments of a mount path', () => {
    expect(routeLabel({ baseUrl: '/api/v1', route: { path: '/datasets/:id' } }, 200)).toBe('/api/v1/datasets/:id');
    expect(routeLabel({ baseUrl: '/graphql' }, 200)).toBe('/graphql');
    expect(routeLabel({ baseUrl: '' }, 404)).toBe('unmatched');
    expect(routeLabel({ baseUrl: '' }, 200)).toBe('other');
    expect(routeLabel({ baseUrl: '/datasets/ds_0123456789abcdef', route: { path: '/images' } }, 200)).toBe('/datasets/:param/images');
    expect(routeLabel({ baseUrl: '/users/123', route: { path: '/' } }, 200)).toBe('/users/:param');
  });
});

describe('who may read /metrics', () => {
  it('requires the bearer token when METRICS_TOKEN is set, in every environment', async () => {
    const url = await serve('guarded', { nodeEnv: 'development', public: true, token: 'metrics-token-0123456789' });
    const none = await fetch(`${url}/metrics`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const ok = await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain('http_requests_total');
  });

  it('hides /metrics in production without a token (404) unless METRICS_PUBLIC=true', async () => {
    const hidden = await serve('prod', { nodeEnv: 'production', public: false });
    expect((await fetch(`${hidden}/metrics`)).status).toBe(404);
    const open = await serve('prod-public', { nodeEnv: 'production', public: true });
    expect((await fetch(`${open}/metrics`)).status).toBe(200);
    const withToken = await serve('prod-token', { nodeEnv: 'production', public: false, token: 'metrics-token-0123456789' });
    expect((await fetch(`${withToken}/metrics`, { headers: { authorization: 'Bearer metrics-token-0123456789' } })).status).toBe(200);
  });

  it('is open outside production without a token (services bind to 127.0.0.1 by default)', async () => {
    const url = await serve('local', { nodeEnv: 'test', public: false });
    expect((await fetch(`${url}/metrics`)).status).toBe(200);
  });
});
