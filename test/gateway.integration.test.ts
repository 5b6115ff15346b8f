import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signAccessToken } from '../lib/auth';
import { startStack, type Stack } from './harness/stack';
import { parseGatewayEnv } from '../gateway/env';
import { createGatewayServer, type GatewayService } from '../gateway/server';

const JOBS_QUERY = '{ trainingJobs(first: 20) { nodes { id owner { email } dataset { name numImages } } } }';

interface JobsData {
  trainingJobs: { nodes: Array<{ id: string; owner: { email: string }; dataset: { name: string; numImages: number } | null }> };
}

let stack: Stack;
let adminToken: string;

beforeAll(async () => {
  stack = await startStack();
  adminToken = await stack.login('admin@example.com');
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('gateway queries across the subgraphs', () => {
  it('returns jobs with owners (users) and datasets (datasets + Labeler) for a logged-in admin, with exactly one Labeler batch call', async () => {
    const before = stack.labeler.stats.batchCalls;
    const { status, ...body } = await stack.graphql.request<JobsData>(JOBS_QUERY, {}, { token: adminToken });
    const after = stack.labeler.stats.batchCalls;

    expect(status).toBe(200);
    expect(body.errors).toBeUndefined();
    const nodes = body.data!.trainingJobs.nodes;
    expect(nodes.length).toBeGreaterThanOrEqual(5);
    for (const job of nodes) {
      expect(job.owner.email).toMatch(/@example\.com$/);
      expect(job.dataset?.name).toEqual(expect.any(String));
      expect(job.dataset?.numImages).toBeGreaterThan(0);
    }
    const distinctDatasets = new Set(nodes.map((n) => n.dataset?.name));
    const distinctOwners = new Set(nodes.map((n) => n.owner.email));
    expect(distinctDatasets.size).toBeGreaterThanOrEqual(2);
    expect(distinctOwners.size).toBeGreaterThanOrEqual(2);
    expect(after - before).toBe(1);
  });

  it('echoes the caller X-Request-ID and makes one when absent', async () => {
    const given = await stack.graphql.request('{ me { email } }', {}, { token: adminToken, headers: { 'x-request-id': 'test-req-123' } });
    expect(given.headers.get('x-request-id')).toBe('test-req-123');
    expect(given.data).toEqual({ me: { email: 'admin@example.com' } });
    const made = await stack.graphql.request('{ me { email } }', {}, { token: adminToken });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('gateway authentication and early access checks', () => {
  it('rejects an anonymous caller with UNAUTHENTICATED before planning', async () => {
    const before = stack.labeler.stats.requests;
    const { status, ...body } = await stack.graphql.request(JOBS_QUERY);
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.data ?? null).toBeNull();
    expect(stack.labeler.stats.requests).toBe(before);
  });

  it('lets an anonymous caller run public fields (login, me)', async () => {
    const { status, data, errors } = await stack.graphql.request('{ me { id } }');
    expect(status).toBe(200);
    expect({ data, errors }).toEqual({ data: { me: null } });
  });

  it('answers a malformed or forged token with 401 UNAUTHENTICATED', async () => {
    const forged = await stack.graphql.request('{ me { id } }', {}, { token: 'not.a.jwt' });
    expect(forged.status).toBe(401);
    expect(forged.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');

    const wrongScheme = await stack.graphql.request('{ me { id } }', {}, { authorization: 'Basic YWRtaW46ZGV2cGFzcw==' });
    expect(wrongScheme.status).toBe(401);

    const otherSecret = await signAccessToken({ id: '1', email: 'admin@example.com', role: 'admin' }, { ...stack.jwt, secret: 'some-other-secret-0123456789' });
    const signedElsewhere = await stack.graphql.request(JOBS_QUERY, {}, { token: otherSecret.token });
    expect(signedElsewhere.status).toBe(401);
  });

  it('answers an expired token with 401 and says it expired', async () => {
    const expired = await signAccessToken({ id: stack.userIds.admin, email: 'admin@example.com', role: 'admin' }, { ...stack.jwt, expiresInSeconds: -60 });
    const { status, ...body } = await stack.graphql.request(JOBS_QUERY, {}, { token: expired.token });
    expect(status).toBe(401);
    expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(body.errors?.[0]?.message).toMatch(/expired/i);
  });

  it('rejects a mutation that needs a higher role with FORBIDDEN at the gateway', async () => {
    const guestToken = await stack.login('guest@example.com');
    const { status, ...body } = await stack.graphql.request('mutation { cancelTrainingJob(id: "job_x") { id } }', {}, { token: guestToken });
    expect(status).toBe(403);
    expect(body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('refuses a subscription sent over HTTP with a clear 400 and no stack trace', async () => {
    const { status, ...body } = await stack.graphql.request('subscription { trainingJobUpdated(id: "job_x") { status } }', {}, { token: adminToken });
    expect(status).toBe(400);
    expect(body.errors?.[0]?.message).toMatch(/use WebSocket \(graphql-ws\) at \/graphql/);
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_REQUEST');
    expect(JSON.stringify(body)).not.toMatch(/stacktrace|at .*\.js:\d+/);
  });

  it('keeps CSRF prevention on: a GET query without a preflight header is refused', async () => {
    const response = await fetch(`${stack.graphqlUrl}?query=${encodeURIComponent('{ me { id } }')}`);
    expect(response.status).toBe(400);
  });

  it('answers a body that is not JSON with 400 BAD_REQUEST', async () => {
    const response = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": ' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('BAD_REQUEST');
  });
});

describe('gateway CORS', () => {
  const ALLOWED = 'http://localhost:5173'; // one of the default CORS_ORIGINS

  it('lets an allowed origin read GraphQL answers and the request id, and tells any other origin nothing', async () => {
    const query = JSON.stringify({ query: '{ __typename }' });
    const allowed = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', origin: ALLOWED }, body: query });
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(allowed.headers.get('access-control-expose-headers')).toBe('X-Request-ID');
    expect(allowed.headers.get('vary')).toMatch(/Origin/);

    const other = await fetch(stack.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'https://elsewhere.example' },
      body: query,
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight from an allowed origin with 204 and the methods and headers it may use', async () => {
    const response = await fetch(stack.graphqlUrl, {
      method: 'OPTIONS',
      headers: { origin: ALLOWED, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
    });
    expect(response.status).toBe(204);
    expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED);
    expect(response.headers.get('access-control-allow-methods')).toBe('GET, POST, OPTIONS');
    expect(response.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
  });
});

describe('gateway web routes', () => {
  let dist: string;
  let withConsole: GatewayService;
  let withoutConsole: GatewayService;

  const startGateway = (clientDistDir: string) =>
    createGatewayServer(
      parseGatewayEnv({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        GATEWAY_PORT: '0',
        JWT_SECRET: stack.jwt.secret,
        USERS_URL: `${stack.urls.users}/graphql`,
        PLATFORM_URL: `${stack.urls.platform}/graphql`,
        DATASETS_URL: `${stack.urls.datasets}/graphql`,
        CLIENT_DIST_DIR: clientDistDir,
      }),
    );

  beforeAll(async () => {
    dist = mkdtempSync(path.join(os.tmpdir(), 'vpg-dist-'));
    mkdirSync(path.join(dist, 'explorer'));
    mkdirSync(path.join(dist, 'assets'));
    writeFileSync(path.join(dist, 'index.html'), '<html>console-page</html>');
    writeFileSync(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
    writeFileSync(path.join(dist, 'explorer', 'index.html'), '<html>explorer-page</html>');
    withConsole = await startGateway(dist);
    withoutConsole = await startGateway(path.join(dist, 'missing'));
  });

  afterAll(async () => {
    await withConsole?.close();
    await withoutConsole?.close();
    rmSync(dist, { recursive: true, force: true });
  });

  const getHtml = (url: string) => fetch(url, { headers: { accept: 'text/html' } });

  it('serves the console at / with an SPA fallback, its assets, and the explorer at /explorer', async () => {
    expect(await (await getHtml(`${withConsole.url}/`)).text()).toContain('console-page');
    expect(await (await getHtml(`${withConsole.url}/jobs/job_123`)).text()).toContain('console-page');
    expect(await (await fetch(`${withConsole.url}/assets/app.js`)).text()).toContain('console.log');
    expect((await fetch(`${withConsole.url}/assets/missing.js`)).status).toBe(404);
    expect(await (await getHtml(`${withConsole.url}/explorer`)).text()).toContain('explorer-page');
  });

  it('sends the console, its assets and the explorer with CSP, anti-framing, nosniff and referrer headers', async () => {
    for (const response of [
      await getHtml(`${withConsole.url}/`),
      await fetch(`${withConsole.url}/assets/app.js`),
      await getHtml(`${withConsole.url}/explorer`),
    ]) {
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('says plainly that the console is not built when client/dist is missing', async () => {
    const response = await getHtml(`${withoutConsole.url}/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toMatch(/not built.*npm run build/s);
  });

  it('answers GET /health', async () => {
    const response = await fetch(`${withConsole.url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok', service: 'gateway' });
  });

  it('sends a browser that opens /graphql to the explorer', async () => {
    const response = await fetch(`${withConsole.url}/graphql`, { headers: { accept: 'text/html' }, redirect: 'manual' });
    expect(response.status).toBe(302);
    expect(response.headers.get('location')).toBe('/explorer');
  });
});
