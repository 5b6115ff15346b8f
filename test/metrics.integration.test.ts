import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { parseMetrics, sumSamples, type Sample } from '../lib/metrics';
import { startStack, type Stack } from './harness/stack';

const JOBS_QUERY = '{ trainingJobs(first: 20) { nodes { id owner { email } dataset { name } } } }';

let stack: Stack;
beforeAll(async () => void (stack = await startStack()), 120_000);
afterAll(() => stack?.close());

/** Any logged-in viewer will do (the counters, not the data, are under test); one login per run. */
let token: Promise<string> | undefined;
const jobsQuery = async () => stack.graphql.request(JOBS_QUERY, {}, { token: await (token ??= stack.login('admin@example.com')) });

const baseUrls = () => ({
  gateway: stack.gatewayUrl,
  users: stack.urls.users,
  platform: stack.urls.platform,
  datasets: stack.urls.datasets,
  labeler: stack.urls.labeler,
});

async function scrape(baseUrl: string): Promise<{ text: string; samples: Sample[] }> {
  const response = await fetch(`${baseUrl}/metrics`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await response.text();
  return { text, samples: parseMetrics(text) };
}

describe('/metrics on every service of the running stack', () => {
  it('shows request counts, a latency histogram and process metrics for each service after a few queries', async () => {
    for (let i = 0; i < 3; i += 1) {
      const body = await jobsQuery();
      expect(body.errors).toBeUndefined();
    }
    const invalid = await stack.graphql.request('{ noSuchField }');
    expect(invalid.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');

    for (const [service, url] of Object.entries(baseUrls())) {
      const { samples } = await scrape(url);
      const requests = samples.filter((s) => s.name === 'http_requests_total');
      expect(requests.length).toBeGreaterThan(0);
      expect(requests.every((s) => s.labels.service === service)).toBe(true);
      const route = service === 'labeler' ? '/api/v1/datasets/batch' : '/graphql';
      expect(sumSamples(samples, 'http_requests_total', { method: 'POST', route, status: '200' })).toBeGreaterThanOrEqual(
        service === 'users' || service === 'platform' ? 3 : 1,
      );
      expect(sumSamples(samples, 'http_request_duration_seconds_bucket', { route, le: '+Inf' })).toBe(
        sumSamples(samples, 'http_request_duration_seconds_count', { route }),
      );
      expect(sumSamples(samples, 'http_request_duration_seconds_count', { route })).toBeGreaterThan(0);
      expect(samples.some((s) => s.name === 'process_resident_memory_bytes')).toBe(true);
    }

    const gateway = (await scrape(stack.gatewayUrl)).samples;
    expect(sumSamples(gateway, 'http_requests_total', { method: 'POST', route: '/graphql', status: '200' })).toBeGreaterThanOrEqual(3);
    expect(sumSamples(gateway, 'graphql_operations_total', { type: 'query', outcome: 'ok' })).toBeGreaterThanOrEqual(3);
    expect(sumSamples(gateway, 'graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBeGreaterThanOrEqual(1);
  });

  it("raises the Labeler's batch counter by exactly the number of batch calls", async () => {
    const counter = async () => sumSamples((await scrape(stack.urls.labeler)).samples, 'labeler_batch_calls_total');
    const before = await counter();
    const statsBefore = stack.labeler.stats.batchCalls;
    for (let i = 0; i < 3; i += 1) await jobsQuery();
    const after = await counter();
    expect(after - before).toBe(3); // one batch call per query (D6)
    expect(after - before).toBe(stack.labeler.stats.batchCalls - statsBefore);
  });

  it('counts permission checks under the route pattern, never the dataset or user id', async () => {
    const counter = async () => sumSamples((await scrape(stack.urls.labeler)).samples, 'labeler_permission_checks_total');
    const before = await counter();
    const datasetId = stack.datasetIds[0]!;
    const response = await fetch(`${stack.urls.labeler}/api/v1/datasets/${datasetId}/permissions/${stack.userIds.guest}`, {
      headers: { authorization: `Bearer ${stack.labelerServiceKey}` },
    });
    expect(response.status).toBe(200);
    expect((await counter()) - before).toBe(1);

    const { samples } = await scrape(stack.urls.labeler);
    expect(sumSamples(samples, 'http_requests_total', { route: '/api/v1/datasets/:id/permissions/:user_id', status: '200' })).toBeGreaterThanOrEqual(1);
  });

  it('exposes no ids, e-mails or secrets in any label of any service', async () => {
    const forbidden = [...stack.datasetIds, 'example.com', stack.labelerServiceKey, stack.jwt.secret];
    for (const url of Object.values(baseUrls())) {
      const { text, samples } = await scrape(url);
      for (const secret of forbidden) expect(text).not.toContain(secret);
      for (const sample of samples) {
        for (const value of Object.values(sample.labels)) {
          expect(value).not.toMatch(/ds_[0-9a-f]|@/);
        }
        // Routes are patterns: no numeric (user id) segment, only words and `:params`.
        if (sample.labels.route) expect(sample.labels.route).toMatch(/^(\/(:?[a-z][\w-]*|v\d+))+$|^(unmatched|other)$/i);
      }
    }
  });
});
