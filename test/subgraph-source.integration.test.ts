/**
 * How the gateway sends subgraph requests (gateway/subgraph-source.ts) on the real stack: what the
 * subgraph is told, in-flight de-duplication, a connection that breaks. Between the gateway and the
 * platform subgraph sits a holding gate: while closed it keeps every request the gateway sends
 * (counting them) and lets them all through at once when opened, so requests are provably in flight
 * together; told to, it drops them unanswered instead. The platform subgraph's own `/metrics`
 * confirms the count.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { parseMetrics, sumSamples } from '../lib/metrics';
import { startStack, type Stack } from './harness/stack';

const JOBS = '{ trainingJobs(first: 5) { nodes { id status owner { email } } } }';
const STAR = 'mutation DedupeStar($id: ID!) { starExperiment(id: $id, starred: true) { id starredByMe } }';

/** A pass-through HTTP hop that can hold requests until opened. */
function createGate() {
  let target = '';
  let held: Array<() => void> = [];
  let closed = false;
  let dropping = false;
  const seen = { count: 0, last: undefined as { headers: http.IncomingHttpHeaders; body: string } | undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.count++;
      seen.last = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const forward = () => {
        if (dropping) return void res.socket?.destroy();
        const headers = { ...req.headers };
        delete headers.host;
        const upstream = http.request(`${target}${req.url}`, { method: req.method, headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on('error', () => res.destroy());
        upstream.end(Buffer.concat(chunks));
      };
      if (closed) held.push(forward);
      else forward();
    });
  });
  return {
    seen,
    held: () => held.length,
    setTarget: (url: string) => void (target = url),
    close: () => void (closed = true),
    /** Requests let through from now on are dropped unanswered (their connection closed), or forwarded again. */
    drop: (on: boolean) => void (dropping = on),
    open: () => {
      closed = false;
      const waiting = held;
      held = [];
      for (const forward of waiting) forward();
    },
    listen: () => new Promise<string>((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const gate = createGate();
let stack: Stack;
let admin: string;
let engineer: string;

beforeAll(async () => {
  const gateUrl = await gate.listen();
  stack = await startStack({ env: { gateway: { PLATFORM_URL: `${gateUrl}/graphql`, RATE_LIMIT_PER_USER: '0', RATE_LIMIT_PER_ADDRESS: '0' } } });
  gate.setTarget(stack.urls.platform);
  [admin, engineer] = await Promise.all([stack.login('admin@example.com'), stack.login('standard_engineer@example.com')]);
}, 180_000);
afterAll(async () => {
  gate.drop(false);
  gate.open();
  await stack?.close();
  await gate.stop();
});

const metric = async (url: string, name: string, labels?: Record<string, string>) =>
  sumSamples(parseMetrics(await (await fetch(`${url}/metrics`)).text()), name, labels);
const platformRequests = () => metric(stack.urls.platform, 'http_requests_total', { method: 'POST', route: '/graphql' });
const shared = () => metric(stack.gatewayUrl, 'gateway_subgraph_requests_shared_total');

async function until(what: string, check: () => Promise<boolean> | boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Sends the requests with the gate closed, waits until `ready`, opens it; returns the answers and what reached the platform subgraph. */
async function heldTogether<T>(send: () => Array<Promise<T>>, ready: () => Promise<boolean> | boolean) {
  const [seenBefore, platformBefore, sharedBefore] = [gate.seen.count, await platformRequests(), await shared()];
  gate.close();
  const answers = send();
  try {
    await until('the requests to be in flight together', ready);
  } finally {
    gate.open();
  }
  const settled = await Promise.all(answers);
  return {
    answers: settled,
    sent: gate.seen.count - seenBefore,
    atPlatform: (await platformRequests()) - platformBefore,
    shared: (await shared()) - sharedBefore,
  };
}

describe('in-flight de-duplication of subgraph requests', () => {
  it('sends identical concurrent queries of one caller to the subgraph once, each caller getting the whole answer', async () => {
    const alone = await stack.graphql.request(JOBS, {}, { token: admin });
    expect(alone.errors).toBeUndefined();
    const sharedBefore = await shared();
    const run = await heldTogether(
      () => Array.from({ length: 6 }, () => stack.graphql.request(JOBS, {}, { token: admin })),
      async () => gate.held() === 1 && (await shared()) - sharedBefore === 5,
    );
    expect(run.sent).toBe(1);
    expect(run.atPlatform).toBe(1);
    // 5 platform fetches, and the owners' users fetches that followed as many as were still in flight together.
    expect(run.shared).toBeGreaterThanOrEqual(5);
    for (const answer of run.answers) expect({ data: answer.data, errors: answer.errors }).toEqual({ data: alone.data, errors: undefined });
  });

  it('never lets two different callers share an answer', async () => {
    const [adminAlone, engineerAlone] = await Promise.all([
      stack.graphql.request(JOBS, {}, { token: admin }),
      stack.graphql.request(JOBS, {}, { token: engineer }),
    ]);
    // They see different jobs: a shared answer would show.
    expect(adminAlone.data).not.toEqual(engineerAlone.data);
    const sharedBefore = await shared();
    const run = await heldTogether(
      () => [admin, engineer, admin, engineer, admin, engineer].map((token) => stack.graphql.request(JOBS, {}, { token })),
      async () => gate.held() === 2 && (await shared()) - sharedBefore === 4,
    );
    expect(run.sent).toBe(2);
    expect(run.atPlatform).toBe(2);
    run.answers.forEach((answer, i) => {
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual((i % 2 === 0 ? adminAlone : engineerAlone).data);
    });
  });

  it('never de-duplicates mutations', async () => {
    const project = await stack.graphql.data<{ createProject: { id: string } }>(
      'mutation DedupeProject($input: CreateProjectInput!) { createProject(input: $input) { id } }',
      { input: { name: 'De-duplication' } },
      { token: admin },
    );
    const experiment = await stack.graphql.data<{ createExperiment: { id: string } }>(
      'mutation DedupeExperiment($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }',
      { input: { projectId: project.createProject.id, name: 'De-duplication' } },
      { token: admin },
    );
    const run = await heldTogether(
      () => Array.from({ length: 4 }, () => stack.graphql.request(STAR, { id: experiment.createExperiment.id }, { token: admin })),
      () => gate.held() === 4,
    );
    expect(run.sent).toBe(4);
    expect(run.atPlatform).toBe(4);
    expect(run.shared).toBe(0);
    for (const answer of run.answers) {
      expect(answer.errors).toBeUndefined();
      expect(answer.data).toEqual({ starExperiment: { id: experiment.createExperiment.id, starredByMe: true } });
    }
  });

  it('answers UPSTREAM_UNAVAILABLE to every caller of a shared query whose connection breaks, and serves them again after', async () => {
    const sharedBefore = await shared();
    gate.close();
    const answers = Array.from({ length: 3 }, () => stack.graphql.request(JOBS, {}, { token: admin }));
    try {
      await until('the three queries to share one request', async () => gate.held() === 1 && (await shared()) - sharedBefore === 2);
      gate.drop(true);
    } finally {
      gate.open();
    }
    for (const answer of await Promise.all(answers)) {
      expect(answer.data?.trainingJobs ?? null).toBeNull();
      expect(answer.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(answer.errors?.[0]?.message).toBe('The platform service is unavailable; try again shortly.');
    }
    gate.drop(false);
    const again = await stack.graphql.request(JOBS, {}, { token: admin });
    expect(again.errors).toBeUndefined();
  });
});

describe('what the subgraph is told', () => {
  it("gets the planned query as a JSON POST with the caller's token, request id and address", async () => {
    const answer = await stack.graphql.request(
      'query TellPlatform($first: Int!) { trainingJobs(first: $first) { totalCount } }',
      { first: 2 },
      { token: admin },
    );
    expect(answer.errors).toBeUndefined();
    const { headers, body } = gate.seen.last!;
    expect(headers['content-type']).toBe('application/json');
    expect(headers.authorization).toBe(`Bearer ${admin}`);
    expect(headers['x-request-id']).toMatch(/\S/);
    expect(headers['x-forwarded-for']).toMatch(/127\.0\.0\.1/);
    expect(headers['x-subscription-event']).toBeUndefined();
    expect(JSON.parse(body)).toEqual({
      query: 'query TellPlatform__platform__0($first:Int!){trainingJobs(first:$first){totalCount}}',
      variables: { first: 2 },
      operationName: 'TellPlatform__platform__0',
    });
  });
});
