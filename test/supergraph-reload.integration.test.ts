/**
 * Supergraph hot reload on a real gateway process (gateway/main.ts) in front of the stack's subgraphs:
 * a new supergraph file is served without dropping an HTTP request or a subscription in flight, a
 * broken one is refused with a log line while the running one stays, and SIGHUP reloads on demand.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Client } from 'graphql-ws';
import { PROJECT_ROOT, supergraphPath } from '../lib/schema-files';
import { createGraphQLClient, type GraphQLClient } from './harness/graphql-client';
import { startStack, type Stack } from './harness/stack';
import { sleep, watch, wsClient } from './helpers';

const FULL = readFileSync(supergraphPath(), 'utf8');
const FINISHED_AT = '\n  """\n  When the job ended: COMPLETED, FAILED or CANCELLED (ISO 8601); null while it is active.\n  """\n  finishedAt: String\n';
/** The committed supergraph less `TrainingJob.finishedAt`: the "old" one the gateway starts with. */
const WITHOUT_FIELD = FULL.replace(FINISHED_AT, '\n');

interface Gateway {
  child: ChildProcess;
  url: string;
  client: GraphQLClient;
  output: () => string;
}

let stack: Stack;
let token: string;
let dir: string;
const children: ChildProcess[] = [];
const sockets: Client[] = [];

async function startGateway(file: string, extra: Record<string, string> = {}): Promise<Gateway> {
  const env = { ...process.env, ...stack.gatewayEnv, GATEWAY_PORT: '0', LOG_LEVEL: 'info', SUPERGRAPH_PATH: file, ...extra };
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', 'gateway/main.ts'], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const deadline = Date.now() + 60_000;
  const listening = () => /gateway listening on (http:\/\/[\d.]+:\d+)/.exec(text)?.[1];
  while (!listening()) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`gateway did not start:\n${text.slice(-3000)}`);
    await sleep(100);
  }
  const url = listening()!;
  return { child, url, client: createGraphQLClient(`${url}/graphql`, { token }), output: () => text };
}

/** Poll `check` until it returns true (a reload is applied shortly after the file is written). */
async function eventually(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const FINISHED_QUERY = '{ trainingJobs(first: 3) { nodes { id finishedAt } } }';
const servesFinishedAt = async (gateway: Gateway) => (await gateway.client.request(FINISHED_QUERY)).errors === undefined;

/** Log records (pino JSON lines) with this message. */
const logs = (gateway: Gateway, msg: string) =>
  gateway
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((record) => record.msg === msg);

/** A POST whose body is sent in two parts: the request is in flight until `finish()`. */
function slowRequest(url: string, query: string) {
  const body = JSON.stringify({ query });
  const half = Math.floor(body.length / 2);
  let resolve: (value: { status: number; body: string }) => void = () => undefined;
  const done = new Promise<{ status: number; body: string }>((r) => (resolve = r));
  const req = http.request(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` },
  });
  req.on('response', (res) => {
    let text = '';
    res.on('data', (chunk: Buffer) => (text += chunk.toString()));
    res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
  });
  req.write(body.slice(0, half));
  return { finish: () => (req.end(body.slice(half)), done) };
}

beforeAll(async () => {
  stack = await startStack();
  token = await stack.login('admin@example.com');
  dir = mkdtempSync(path.join(tmpdir(), 'supergraph-reload-'));
  expect(WITHOUT_FIELD).not.toBe(FULL);
}, 120_000);

afterAll(async () => {
  await Promise.all(sockets.map((s) => s.dispose()));
  for (const child of children) child.kill('SIGTERM');
  await stack?.close();
});

describe('supergraph hot reload', () => {
  it('serves a new supergraph file without dropping a request or a subscription in flight, and keeps it when the next one is broken', async () => {
    const file = path.join(dir, 'watched.graphql');
    writeFileSync(file, WITHOUT_FIELD);
    const gateway = await startGateway(file);
    expect(await servesFinishedAt(gateway)).toBe(false);

    const jobs = await stack.graphql.request<{ trainingJobs: { nodes: Array<{ id: string; status: string }> } }>(
      '{ trainingJobs(first: 50) { nodes { id status } } }',
      {},
      { token },
    );
    const job = jobs.data!.trainingJobs.nodes.find((j) => j.status === 'RUNNING' || j.status === 'QUEUED');
    if (!job) throw new Error('no cancellable job in the seed');

    // A subscription and an HTTP request, both in flight across the reload.
    const socket = wsClient(gateway.url.replace(/^http/, 'ws') + '/graphql', token);
    sockets.push(socket);
    const updates = watch(socket, 'subscription($id: ID!) { trainingJobUpdated(id: $id) { id status } }', { id: job.id });
    await sleep(1000); // the bridge opens its upstream subscription
    const inFlight = slowRequest(gateway.url, '{ trainingJobs(first: 2) { nodes { id status } } }');

    writeFileSync(file, FULL);
    await eventually(() => servesFinishedAt(gateway), 'the new field to be served');
    expect(logs(gateway, 'supergraph reloaded')).toEqual([expect.objectContaining({ trigger: 'file change' })]);

    const answered = await inFlight.finish();
    expect(answered.status).toBe(200);
    expect(JSON.parse(answered.body)).toMatchObject({ data: { trainingJobs: { nodes: expect.any(Array) } } });
    expect(JSON.parse(answered.body).errors).toBeUndefined();

    // The socket opened before the reload still delivers.
    const cancelled = await stack.graphql.request('mutation($id: ID!) { cancelTrainingJob(id: $id) { status } }', { id: job.id }, { token });
    expect(cancelled.errors).toBeUndefined();
    const event = await updates.next(15_000);
    expect(event.errors).toBeUndefined();
    expect(event.data).toEqual({ trainingJobUpdated: { id: job.id, status: 'CANCELLED' } });
    updates.stop();

    // Not GraphQL at all, then GraphQL that is no supergraph: each refused with a log line, the running one kept.
    writeFileSync(file, 'type Query {');
    await eventually(() => logs(gateway, 'supergraph reload failed; keeping the running supergraph').length >= 1, 'a parse failure log line');
    writeFileSync(file, 'type Query { hello: String }\n');
    await eventually(() => logs(gateway, 'supergraph reload failed; keeping the running supergraph').length >= 2, 'a build failure log line');
    const failures = logs(gateway, 'supergraph reload failed; keeping the running supergraph');
    expect(failures[0]).toMatchObject({ level: 50, trigger: 'file change', reason: expect.stringContaining('Syntax Error') });
    expect(failures.at(-1)?.reason).toEqual(expect.any(String));
    expect(await servesFinishedAt(gateway)).toBe(true);
    expect(logs(gateway, 'supergraph reloaded')).toHaveLength(1);
  }, 120_000);

  it('reloads on SIGHUP when file watching is off', async () => {
    const file = path.join(dir, 'signalled.graphql');
    writeFileSync(file, WITHOUT_FIELD);
    const gateway = await startGateway(file, { SUPERGRAPH_WATCH: 'false' });
    writeFileSync(file, FULL);
    await sleep(1000);
    expect(await servesFinishedAt(gateway)).toBe(false);

    gateway.child.kill('SIGHUP');
    await eventually(() => servesFinishedAt(gateway), 'the new field after SIGHUP');
    expect(logs(gateway, 'supergraph reloaded')).toEqual([expect.objectContaining({ trigger: 'SIGHUP' })]);
    expect(gateway.child.exitCode).toBeNull();
  }, 120_000);
});
