/**
 * The gateway's rate limit per user and per client address, over HTTP and WebSocket. Tight limits
 * are set for this stack; the gateway trusts one proxy hop, so each test speaks from its own
 * address through `X-Forwarded-For` (as a load balancer in front of the gateway would write it).
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startStack, type Stack } from './harness/stack';
import type { GraphQLResult } from './harness/graphql-client';
import type { WsResult } from './helpers';

const PER_USER = 12;
const PER_ADDRESS = 20;
const ANONYMOUS_PER_ADDRESS = 8;
const WINDOW_SECONDS = 600;

let stack: Stack;
const tokens = { admin: '', manager: '', standard_engineer: '', guest: '' };
const clients: Client[] = [];

const QUERY = '{ __typename }';

const http = (address: string, token?: string): Promise<GraphQLResult<Record<string, unknown>>> =>
  stack.graphql.request(QUERY, {}, { token: token ?? null, headers: { 'x-forwarded-for': address } });

/** A graphql-ws client whose socket comes from `address` (through the trusted proxy). */
function wsFrom(address: string, token: string): { client: Client; closed: Promise<{ code: number; reason: string }> } {
  let onClosed: (event: { code: number; reason: string }) => void = () => undefined;
  const closed = new Promise<{ code: number; reason: string }>((resolve) => (onClosed = resolve));
  class ForwardedWebSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { 'x-forwarded-for': address } });
    }
  }
  const client = createClient({
    url: stack.wsUrl,
    webSocketImpl: ForwardedWebSocket,
    connectionParams: { Authorization: `Bearer ${token}` },
    lazy: true,
    retryAttempts: 0,
    on: { closed: (event) => onClosed(event as { code: number; reason: string }) },
  });
  clients.push(client);
  return { client, closed };
}

type Outcome = { result: WsResult } | { errors: Array<{ message: string; extensions?: Record<string, unknown> }> } | { closed: unknown };

/** One query over the socket: its result, its `error` message, or the socket's failure. */
const wsQuery = (client: Client): Promise<Outcome> =>
  new Promise((resolve) => {
    client.subscribe(
      { query: QUERY },
      {
        next: (result) => resolve({ result: result as WsResult }),
        error: (error) => resolve(Array.isArray(error) ? { errors: error } : { closed: error }),
        complete: () => undefined,
      },
    );
  });

function expectRateLimited(result: GraphQLResult<unknown>) {
  expect(result.status).toBe(429);
  const retryAfter = Number(result.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
  expect(result.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: retryAfter });
  expect(result.data ?? null).toBeNull();
}

beforeAll(async () => {
  stack = await startStack({
    env: {
      gateway: {
        RATE_LIMIT_PER_USER: String(PER_USER),
        RATE_LIMIT_PER_ADDRESS: String(PER_ADDRESS),
        RATE_LIMIT_ANONYMOUS_PER_ADDRESS: String(ANONYMOUS_PER_ADDRESS),
        RATE_LIMIT_WINDOW_SECONDS: String(WINDOW_SECONDS),
        GATEWAY_TRUSTED_PROXY_HOPS: '1',
      },
    },
  });
  // Each login is an anonymous operation of its own address.
  for (const [i, email] of ['admin@example.com', 'manager@example.com', 'standard_engineer@example.com', 'guest@example.com'].entries()) {
    const result = await stack.graphql.request<{ login: { accessToken: string } }>(
      'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }',
      { email, password: 'devpass' },
      { headers: { 'x-forwarded-for': `192.0.2.${i + 1}` } },
    );
    tokens[email.split('@')[0] as keyof typeof tokens] = result.data!.login.accessToken;
  }
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await stack?.close();
});

describe('rate limit over HTTP', () => {
  it('refuses a user over RATE_LIMIT_PER_USER with 429, Retry-After and RATE_LIMITED, from any address; others go on', async () => {
    for (let i = 0; i < PER_USER; i += 1) expect((await http(`198.51.100.${i % 2}`, tokens.admin)).status).toBe(200);
    expectRateLimited(await http('198.51.100.0', tokens.admin));
    expectRateLimited(await http('198.51.100.99', tokens.admin));
    // The address is not the one over its limit: another user there is answered.
    const other = await http('198.51.100.0', tokens.manager);
    expect(other.status).toBe(200);
    expect(other.data).toEqual({ __typename: 'Query' });
  });

  it('refuses an address over RATE_LIMIT_PER_ADDRESS whoever calls from it', async () => {
    const address = '203.0.113.10';
    // Spread over two users, each under the per-user limit.
    for (let i = 0; i < PER_ADDRESS; i += 1) expect((await http(address, i % 2 ? tokens.standard_engineer : tokens.guest)).status).toBe(200);
    const refused = await http(address, tokens.manager);
    expectRateLimited(refused);
    expect(refused.errors?.[0]?.message).toMatch(/address/);
    // The same user from another address is answered.
    expect((await http('203.0.113.11', tokens.manager)).status).toBe(200);
  });

  it('gives anonymous callers their own, lower limit per address', async () => {
    const address = '203.0.113.20';
    for (let i = 0; i < ANONYMOUS_PER_ADDRESS; i += 1) expect((await http(address)).status).toBe(200);
    expectRateLimited(await http(address));
    // Anonymous calls from another address are not affected.
    expect((await http('203.0.113.21')).status).toBe(200);
  });
});

describe('rate limit over WebSocket', () => {
  it('answers an operation over the user limit with a RATE_LIMITED error and keeps the socket open', async () => {
    const { client } = wsFrom('203.0.113.30', tokens.guest);
    // The guest has used its budget in the HTTP test above only partly: use up what is left.
    let outcome: Outcome = await wsQuery(client);
    let answered = 0;
    while ('result' in outcome) {
      answered += 1;
      expect(answered).toBeLessThanOrEqual(PER_USER);
      outcome = await wsQuery(client);
    }
    expect('errors' in outcome).toBe(true);
    const [error] = (outcome as { errors: Array<{ extensions?: Record<string, unknown> }> }).errors;
    expect(error?.extensions?.code).toBe('RATE_LIMITED');
    expect(error?.extensions?.retryAfterSeconds).toEqual(expect.any(Number));
    expect(error?.extensions?.retryAfterSeconds as number).toBeGreaterThan(0);
    // Same socket, next operation: refused again, not closed.
    const again = await wsQuery(client);
    expect('errors' in again && again.errors[0]?.extensions?.code).toBe('RATE_LIMITED');
  });

  it('counts connections as anonymous operations of their address and closes the one over the limit with 1013 (try again later)', async () => {
    const address = '203.0.113.40';
    for (let i = 0; i < ANONYMOUS_PER_ADDRESS; i += 1) {
      const { client } = wsFrom(address, tokens.manager);
      expect(await wsQuery(client)).toHaveProperty('result.data', { __typename: 'Query' });
    }
    const { client, closed } = wsFrom(address, tokens.manager);
    const outcome = wsQuery(client);
    const event = await Promise.race([
      closed,
      outcome.then((o) => {
        throw new Error(`the connection was accepted: ${JSON.stringify(o)}`);
      }),
    ]);
    expect(event.code).toBe(1013);
    expect(event.reason).toMatch(/retry after \d+ s/);
  });
});
