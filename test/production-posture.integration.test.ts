/**
 * With NODE_ENV=production the API tells a client nothing about its schema it did not ask for:
 * no introspection (except for admins, whose explorer needs it) and no "Did you mean …" in error
 * messages — at the gateway over HTTP and WebSocket, and at the subgraphs called directly.
 * The platform subgraph runs in test mode with the two settings turned off explicitly (its
 * production checks refuse the local S3 server's development keys).
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { startStack, type Stack } from './harness/stack';
import { codeOf, createGraphQLClient, type GraphQLResult } from './harness/graphql-client';
import { watch, wsClient } from './helpers';

const INTROSPECTION = '{ __schema { types { name } } }';
const INTROSPECTION_IN_FRAGMENT = 'query { ...T } fragment T on Query { __type(name: "User") { fields { name } } }';
const MISSPELLED = '{ me { emial } }';
const BAD_ENUM = 'query ($s: [TrainingJobStatus!]) { trainingJobs(filter: { status: $s }) { totalCount } }';

let stack: Stack;
let guestToken: string;
let adminToken: string;

beforeAll(async () => {
  const production = { NODE_ENV: 'production' };
  stack = await startStack({
    env: { gateway: production, users: production, datasets: production, platform: { GRAPHQL_INTROSPECTION: 'false', GRAPHQL_SUGGESTIONS: 'false' } },
  });
  guestToken = await stack.login('guest@example.com');
  adminToken = await stack.login('admin@example.com');
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

const messagesOf = (result: Pick<GraphQLResult<unknown>, 'errors'>) => (result.errors ?? []).map((e) => e.message).join('\n');

describe('the gateway in production over HTTP', () => {
  it('refuses introspection to anonymous callers and guests, also inside a fragment', async () => {
    for (const token of [null, guestToken]) {
      for (const query of [INTROSPECTION, INTROSPECTION_IN_FRAGMENT]) {
        const result = await stack.graphql.request(query, {}, { token });
        expect(result.status).toBe(400);
        expect(codeOf(result)).toBe('GRAPHQL_VALIDATION_FAILED');
        expect(result.data ?? null).toBeNull();
        expect(messagesOf(result)).toMatch(/introspection/i);
      }
    }
  });

  it('still answers __typename to anyone', async () => {
    const result = await stack.graphql.request<{ __typename: string }>('{ __typename }', {}, { token: null });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({ __typename: 'Query' });
  });

  it('lets an admin introspect, so the explorer works for admins', async () => {
    const result = await stack.graphql.request<{ __schema: { types: { name: string }[] } }>(INTROSPECTION, {}, { token: adminToken });
    expect(result.errors).toBeUndefined();
    expect(result.data!.__schema.types.map((t) => t.name)).toContain('TrainingJob');
  });

  it('names a misspelled field without suggesting the right one', async () => {
    const result = await stack.graphql.request(MISSPELLED, {}, { token: guestToken });
    expect(codeOf(result)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(messagesOf(result)).toContain('Cannot query field "emial" on type "User".');
    expect(messagesOf(result)).not.toMatch(/did you mean/i);
  });

  it('names a wrong enum value in the variables without suggesting the right one', async () => {
    const result = await stack.graphql.request(BAD_ENUM, { s: ['QUEUD'] }, { token: guestToken });
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(messagesOf(result)).toContain('QUEUD');
    expect(messagesOf(result)).not.toMatch(/did you mean/i);
  });
});

describe('the gateway in production over WebSocket', () => {
  it('refuses introspection to a guest and names a misspelled field without suggestions', async () => {
    const client = wsClient(stack.wsUrl, guestToken);
    try {
      const introspection = await watch(client, INTROSPECTION).failure;
      expect(JSON.stringify(introspection)).toMatch(/introspection/i);
      expect(JSON.stringify(introspection)).toContain('GRAPHQL_VALIDATION_FAILED');
      const misspelled = JSON.stringify(await watch(client, MISSPELLED).failure);
      expect(misspelled).toContain('Cannot query field');
      expect(misspelled).not.toMatch(/did you mean/i);
    } finally {
      await client.dispose();
    }
  });

  it('lets an admin introspect over the socket too', async () => {
    const client = wsClient(stack.wsUrl, adminToken);
    try {
      const result = await watch(client, '{ __type(name: "TrainingJob") { name } }').next();
      expect(result.errors).toBeUndefined();
      expect(result.data).toEqual({ __type: { name: 'TrainingJob' } });
    } finally {
      await client.dispose();
    }
  });
});

describe('the subgraphs called directly', () => {
  it('refuse introspection and suggestions like the gateway (users in production, platform by its settings)', async () => {
    const misspellings = [
      [stack.urls.users, '{ mee { id } }'],
      [stack.urls.platform, '{ trainingJobz { totalCount } }'],
      [stack.urls.datasets, '{ datasetz { totalCount } }'],
    ];
    for (const [base, misspelledQuery] of misspellings) {
      const subgraph = createGraphQLClient(`${base}/graphql`, { token: guestToken });
      const introspection = await subgraph.request(INTROSPECTION);
      expect(codeOf(introspection)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(introspection.data ?? null).toBeNull();
      const misspelled = await subgraph.request(misspelledQuery!);
      expect(codeOf(misspelled)).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(messagesOf(misspelled)).not.toMatch(/did you mean/i);
    }
  });

  it('refuse introspection on the platform subgraph’s WebSocket', async () => {
    const client = wsClient(`${stack.urls.platform.replace(/^http/, 'ws')}/graphql`, guestToken);
    try {
      const refused = JSON.stringify(await watch(client, INTROSPECTION).failure);
      expect(refused).toMatch(/introspection/i);
      const misspelled = JSON.stringify(await watch(client, '{ trainingJobz { totalCount } }').failure);
      expect(misspelled).not.toMatch(/did you mean/i);
    } finally {
      await client.dispose();
    }
  });
});
