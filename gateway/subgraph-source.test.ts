import { describe, it, expect } from '@jest/globals';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { cacheHintOf, dedupeKey, isQueryDocument } from './subgraph-source';
import type { GatewayContext } from './http-guards';

type Over = { query?: string; variables?: Record<string, unknown>; headers?: Record<string, string>; user?: GatewayContext['user'] };

const options = (over: Over = {}) =>
  ({
    kind: 'incoming operation',
    request: {
      query: over.query ?? 'query Jobs__platform__0 { trainingJobs(first: 5) { nodes { id } } }',
      variables: over.variables ?? {},
    },
    context: { user: over.user === undefined ? { id: '1', email: 'a@example.com', role: 'admin' } : over.user, requestId: 'r1' },
  }) as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;

/** The key of a request as the data source builds it: the headers it is about to send. */
const keyOf = (url: string, over: Over = {}) =>
  dedupeKey(url, options(over), { 'content-type': 'application/json', authorization: 'Bearer a', 'x-request-id': 'r1', ...over.headers });

describe('subgraph de-duplication key', () => {
  it('shares only queries', () => {
    expect(isQueryDocument('query Q { a }')).toBe(true);
    expect(isQueryDocument('{ a }')).toBe(true);
    expect(isQueryDocument('mutation M { a }')).toBe(false);
    expect(isQueryDocument('subscription S { a }')).toBe(false);
    expect(keyOf('http://platform/graphql', { query: 'mutation M { starExperiment(id: "1") { id } }' })).toBeUndefined();
  });

  it('is the same for requests that differ only in request id, and differs in everything that can change the answer', () => {
    const base = keyOf('http://platform/graphql');
    expect(keyOf('http://platform/graphql', { headers: { 'x-request-id': 'r2' } })).toBe(base);
    const different = [
      keyOf('http://datasets/graphql'),
      keyOf('http://platform/graphql', { query: 'query Other { trainingJobs(first: 5) { nodes { id } } }' }),
      keyOf('http://platform/graphql', { variables: { first: 6 } }),
      keyOf('http://platform/graphql', { headers: { authorization: 'Bearer b' } }),
      keyOf('http://platform/graphql', { headers: { 'x-forwarded-for': '10.0.0.1' } }),
      keyOf('http://platform/graphql', { headers: { 'x-subscription-event': '1' } }),
      keyOf('http://platform/graphql', { user: { id: '2', email: 'b@example.com', role: 'admin' } }),
      keyOf('http://platform/graphql', { user: { id: '1', email: 'a@example.com', role: 'guest' } }),
      keyOf('http://platform/graphql', { user: null }),
    ];
    for (const key of different) expect(key).not.toBe(base);
    expect(new Set(different).size).toBe(different.length);
  });
});

describe('cacheHintOf', () => {
  it("reads the subgraph's Cache-Control as RemoteGraphQLDataSource does", () => {
    expect(cacheHintOf(undefined)).toEqual({ maxAge: 0 });
    expect(cacheHintOf('max-age=60, public')).toEqual({ maxAge: 60, scope: 'PUBLIC' });
    expect(cacheHintOf('private, max-age="30"')).toEqual({ maxAge: 30, scope: 'PRIVATE' });
    expect(cacheHintOf('no-store, max-age=-1')).toEqual({ maxAge: 0 });
  });
});
