/**
 * Subscription budgets and the WebSocket frame cap at the gateway: what one socket and one user
 * may hold open (subscriptions, distinct documents, upstreams), subscriptions to jobs that do not
 * exist or are not visible refused before any upstream is opened, and a huge frame closed with
 * 1009 before it is buffered or parsed.
 */
import { describe, it, expect, beforeAll, afterAll, afterEach } from '@jest/globals';
import net from 'node:net';
import { randomBytes } from 'node:crypto';
import type { Client } from 'graphql-ws';
import { startStack, type Stack } from './harness/stack';
import { waitFor, watch, wsClient, type Watch, type WsResult } from './helpers';

let stack: Stack;
let adminToken: string;
let jobIds: string[];
const clients: Client[] = [];
let watches: Watch[] = [];

const open = (token = adminToken) => {
  const client = wsClient(stack.wsUrl, token);
  clients.push(client);
  return client;
};

const STATUS = 'subscription Status($id: ID!) { trainingJobUpdated(id: $id) { status } }';
const PROGRESS = 'subscription Progress($id: ID!) { trainingJobUpdated(id: $id) { progress } }';
const NAME = 'subscription Name($id: ID!) { trainingJobUpdated(id: $id) { name } }';
const EPOCH = 'subscription Epoch($id: ID!) { trainingJobUpdated(id: $id) { epoch } }';

const sub = (client: Client, query: string, id: string) => {
  const w = watch(client, query, { id });
  watches.push(w);
  return w;
};

type Refusal = Array<{ message: string; extensions?: Record<string, unknown> }>;

/** Subscriptions accepted so far are served (the bridge counts them) before the next is sent. */
const served = (n: number) => waitFor(() => stack.gateway.bridgeStats.activeSubscribers === n, 10_000, `${n} subscribers`);

/** The refusal of a subscription over a budget: an `error` message, the socket left open. */
async function refused(w: Watch): Promise<Refusal[number]> {
  const failure = (await Promise.race([
    w.failure,
    w.next(10_000).then((event) => {
      throw new Error(`the subscription was accepted: ${JSON.stringify(event)}`);
    }),
  ])) as Refusal;
  expect(Array.isArray(failure)).toBe(true);
  return failure[0]!;
}

beforeAll(async () => {
  stack = await startStack({
    env: {
      gateway: {
        SUBSCRIPTION_MAX_PER_SOCKET: '4',
        SUBSCRIPTION_MAX_PER_USER: '6',
        SUBSCRIPTION_MAX_DOCUMENTS_PER_SOCKET: '2',
        SUBSCRIPTION_MAX_DOCUMENTS_PER_USER: '3',
        SUBSCRIPTION_MAX_UPSTREAMS_PER_SOCKET: '3',
        SUBSCRIPTION_MAX_UPSTREAMS_PER_USER: '4',
      },
    },
  });
  adminToken = await stack.login('admin@example.com');
  const body = await stack.graphql.data<{ trainingJobs: { nodes: Array<{ id: string }> } }>(
    '{ trainingJobs(first: 20) { nodes { id } } }',
    {},
    { token: adminToken },
  );
  jobIds = body.trainingJobs.nodes.map((n) => n.id);
  if (jobIds.length < 5) throw new Error('the seed has fewer than 5 jobs');
}, 120_000);

afterEach(async () => {
  for (const w of watches) w.stop();
  watches = [];
  await waitFor(() => stack.gateway.bridgeStats.activeSubscribers === 0, 10_000, 'every subscription to end');
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await stack?.close();
});

describe('subscription budgets per socket', () => {
  it('refuses the subscription after SUBSCRIPTION_MAX_PER_SOCKET with TOO_MANY_SUBSCRIPTIONS, and takes one again once one ends', async () => {
    const client = open();
    const job = jobIds[0]!;
    const accepted = Array.from({ length: 4 }, () => sub(client, STATUS, job));
    await served(4);
    const error = await refused(sub(client, STATUS, job));
    expect(error.extensions).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS', limit: 'subscriptions', scope: 'socket', max: 4 });
    expect(error.message).toMatch(/at most 4/);

    accepted[0]!.stop();
    await served(3);
    sub(client, STATUS, job);
    await served(4);
  });

  it('refuses a third distinct document on one socket (each costs a query per event)', async () => {
    const client = open();
    const job = jobIds[0]!;
    sub(client, STATUS, job);
    sub(client, PROGRESS, job);
    sub(client, STATUS, job); // a document already held costs nothing more
    await served(3);
    const error = await refused(sub(client, NAME, job));
    expect(error.extensions).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS', limit: 'documents', scope: 'socket', max: 2 });
  });

  it('refuses a fourth subscribed job on one socket (one upstream each)', async () => {
    const client = open();
    const opened = stack.gateway.bridgeStats.upstreamOpened;
    for (const id of jobIds.slice(0, 3)) sub(client, STATUS, id);
    await served(3);
    const error = await refused(sub(client, STATUS, jobIds[3]!));
    expect(error.extensions).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS', limit: 'upstreams', scope: 'socket', max: 3 });
    expect(stack.gateway.bridgeStats.upstreamOpened - opened).toBe(3);
  });
});

describe('subscription budgets per user', () => {
  it('counts every socket of the user: subscriptions', async () => {
    const [a, b] = [open(), open()];
    const job = jobIds[0]!;
    for (let i = 0; i < 4; i += 1) sub(a, STATUS, job);
    sub(b, STATUS, job);
    sub(b, STATUS, job);
    await served(6);
    const error = await refused(sub(b, STATUS, job));
    expect(error.extensions).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS', limit: 'subscriptions', scope: 'user', max: 6 });
    // Another user is not affected.
    const other = sub(open(await stack.login('manager@example.com')), STATUS, job);
    await served(7);
    other.stop();
  });

  it('counts every socket of the user: distinct documents', async () => {
    const [a, b] = [open(), open()];
    const job = jobIds[0]!;
    sub(a, STATUS, job);
    sub(a, PROGRESS, job);
    sub(b, NAME, job);
    await served(3);
    const error = await refused(sub(b, EPOCH, job));
    expect(error.extensions).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS', limit: 'documents', scope: 'user', max: 3 });
  });

  it('counts every socket of the user: upstreams', async () => {
    const [a, b] = [open(), open()];
    const opened = stack.gateway.bridgeStats.upstreamOpened;
    for (const id of jobIds.slice(0, 3)) sub(a, STATUS, id);
    sub(b, STATUS, jobIds[3]!);
    await served(4);
    const error = await refused(sub(b, STATUS, jobIds[4]!));
    expect(error.extensions).toMatchObject({ code: 'TOO_MANY_SUBSCRIPTIONS', limit: 'upstreams', scope: 'user', max: 4 });
    expect(stack.gateway.bridgeStats.upstreamOpened - opened).toBe(4);
  });
});

describe('jobs that do not exist or are not visible', () => {
  it('answers NOT_FOUND for 20 unknown job ids without opening a single upstream', async () => {
    const client = open();
    const opened = stack.gateway.bridgeStats.upstreamOpened;
    const unknown = Array.from({ length: 20 }, (_, i) => sub(client, STATUS, `999999${i}`));
    const results: WsResult[] = await Promise.all(unknown.map((w) => w.next()));
    for (const result of results) {
      expect(result.data ?? null).toBeNull();
      expect(result.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }
    await Promise.all(unknown.map((w) => w.completed));
    expect(stack.gateway.bridgeStats.upstreamOpened - opened).toBe(0);
  });

  it('answers NOT_FOUND, like a missing job, for a job the caller may not see, without opening an upstream', async () => {
    const standard = await stack.login('standard_engineer@example.com');
    const owners = await stack.graphql.data<{ trainingJobs: { nodes: Array<{ id: string; owner: { email: string } }> } }>(
      '{ trainingJobs(first: 50) { nodes { id owner { email } } } }',
      {},
      { token: adminToken },
    );
    const notTheirs = owners.trainingJobs.nodes.find((j) => j.owner.email !== 'standard_engineer@example.com');
    if (!notTheirs) throw new Error('the seed has no job of another owner');
    const opened = stack.gateway.bridgeStats.upstreamOpened;
    const client = open(standard);
    const hidden = await sub(client, STATUS, notTheirs.id).next();
    const missing = await sub(client, STATUS, '9999999').next();
    expect(hidden.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    expect(hidden.errors?.[0]?.message).toBe(missing.errors?.[0]?.message.replace('9999999', notTheirs.id));
    expect(stack.gateway.bridgeStats.upstreamOpened - opened).toBe(0);
  });

  it('answers NOT_FOUND for the delta streams of unknown and hidden jobs without opening an upstream', async () => {
    const standard = await stack.login('standard_engineer@example.com');
    const owners = await stack.graphql.data<{ trainingJobs: { nodes: Array<{ id: string; owner: { email: string } }> } }>(
      '{ trainingJobs(first: 50) { nodes { id owner { email } } } }',
      {},
      { token: adminToken },
    );
    const notTheirs = owners.trainingJobs.nodes.find((j) => j.owner.email !== 'standard_engineer@example.com');
    if (!notTheirs) throw new Error('the seed has no job of another owner');
    const streams = [
      'subscription M($id: ID!) { trainingJobMetrics(jobId: $id) { cursor } }',
      'subscription L($id: ID!) { trainingJobLogs(jobId: $id) { cursor } }',
      'subscription S($id: ID!) { trainingJobSystem(jobId: $id) { cursor } }',
    ];
    const opened = stack.gateway.bridgeStats.upstreamOpened;
    const client = open(standard);
    for (const query of streams) {
      for (const id of ['9999999', notTheirs.id]) {
        const result = await sub(client, query, id).next();
        expect(result.data ?? null).toBeNull();
        expect(result.errors?.[0]).toMatchObject({ message: `Training job ${id} does not exist.`, extensions: { code: 'NOT_FOUND' } });
      }
    }
    expect(stack.gateway.bridgeStats.upstreamOpened - opened).toBe(0);
  });
});

/**
 * A raw WebSocket that announces a `bytes`-long text frame and streams zeros until the server
 * closes. Nothing else is sent (no connection_init): the frame is refused before authentication.
 */
async function sendHugeFrame(url: string, bytes: number): Promise<{ closeCode: number | null; sent: number; peakGrowth: number }> {
  const { hostname, port } = new URL(url);
  const socket = net.connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  socket.write(
    [
      'GET /graphql HTTP/1.1',
      `Host: ${hostname}:${port}`,
      'Upgrade: websocket',
      'Connection: Upgrade',
      `Sec-WebSocket-Key: ${randomBytes(16).toString('base64')}`,
      'Sec-WebSocket-Version: 13',
      'Sec-WebSocket-Protocol: graphql-transport-ws',
      '',
      '',
    ].join('\r\n'),
  );
  let buffered = Buffer.alloc(0);
  let upgraded = false;
  let closeCode: number | null = null;
  let ended = false;
  const done = new Promise<void>((resolve) => {
    socket.on('data', (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      if (!upgraded) {
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        expect(buffered.subarray(0, 12).toString()).toBe('HTTP/1.1 101');
        upgraded = true;
        buffered = buffered.subarray(end + 4);
      }
      // A close frame from the server: opcode 8, unmasked, short payload starting with the code.
      if (buffered.length >= 4 && (buffered[0]! & 0x0f) === 0x8) {
        closeCode = buffered.readUInt16BE(2);
        resolve();
      }
    });
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
  });
  const waitUpgraded = async () => {
    while (!upgraded && !socket.destroyed) await new Promise((r) => setTimeout(r, 5));
  };
  await waitUpgraded();

  const memory = () => {
    const m = process.memoryUsage();
    return m.heapUsed + m.arrayBuffers;
  };
  const before = memory();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, memory())), 5);

  // Header: FIN + text, masked, 64-bit length, then a zero masking key (the payload goes as is).
  const header = Buffer.alloc(14);
  header[0] = 0x81;
  header[1] = 0x80 | 127;
  header.writeBigUInt64BE(BigInt(bytes), 2);
  socket.write(header);
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  let sent = 0;
  void done.then(() => (ended = true));
  while (sent < bytes && !ended && !socket.destroyed) {
    const ok = socket.write(chunk);
    sent += chunk.length;
    if (!ok) await Promise.race([new Promise((r) => socket.once('drain', r)), done]);
  }
  await Promise.race([done, new Promise((r) => setTimeout(r, 30_000))]);
  clearInterval(sampler);
  peak = Math.max(peak, memory());
  socket.destroy();
  return { closeCode, sent, peakGrowth: peak - before };
}

describe('WebSocket frames', () => {
  it('closes a 50 MB frame with 1009 before it is buffered, parsed or authenticated, and the gateway keeps serving', async () => {
    const { closeCode, peakGrowth } = await sendHugeFrame(stack.wsUrl, 50 * 1024 * 1024);
    console.log(`[measure] 50 MB frame: close ${closeCode}, memory growth at peak ${(peakGrowth / 1024 / 1024).toFixed(1)} MB`);
    expect(closeCode).toBe(1009);
    // Buffering the frame would hold its 50 MB (and parsing it as much again).
    expect(peakGrowth).toBeLessThan(20 * 1024 * 1024);

    const client = open();
    const result = await new Promise<WsResult>((resolve, reject) => {
      client.subscribe({ query: '{ me { email } }' }, { next: (r) => resolve(r as WsResult), error: reject, complete: () => undefined });
    });
    expect(result.data).toEqual({ me: { email: 'admin@example.com' } });
  }, 60_000);
});
