import { describe, it, expect } from '@jest/globals';
import type { GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { dedupeKey, isQueryDocument } from './subgraph-dedupe';
import type { GatewayContext } from './http-guards';

const options = (over: { query?: string; variables?: Record<string, unknown>; headers?: Record<string, string>; user?: GatewayContext['user'] } = {}) =>
  ({
    kind: 'incoming operation',
    request: {
      query: over.query ?? 'query Jobs__platform__0 { trainingJobs(first: 5) { nodes { id } } }',
      variables: over.variables ?? {},
      http: { method: 'POST', url: 'http://platform/graphql', headers: new Headers({ authorization: 'Bearer a', 'x-request-id': 'r1', ...over.headers }) },
    },
    context: { user: over.user === undefined ? { id: '1', email: 'a@example.com', role: 'admin' } : over.user, requestId: 'r1' },
  }) as unknown as GraphQLDataSourceProcessOptions<GatewayContext>;

describe('subgraph de-duplication key', () => {
  it('shares only queries', () => {
    expect(isQueryDocument('query Q { a }')).toBe(true);
    expect(isQueryDocument('{ a }')).toBe(true);
    expect(isQueryDocument('mutation M { a }')).toBe(false);
    expect(isQueryDocument('subscription S { a }')).toBe(false);
    expect(dedupeKey('http://platform/graphql', options({ query: 'mutation M { starExperiment(id: "1") { id } }' }))).toBeUndefined();
  });

  it('is the same for requests that differ only in request id, and differs in everything that can change the answer', () => {
    const base = dedupeKey('http://platform/graphql', options());
    expect(dedupeKey('http://platform/graphql', options({ headers: { 'x-request-id': 'r2' } }))).toBe(base);
    const different = [
      dedupeKey('http://datasets/graphql', options()),
      dedupeKey('http://platform/graphql', options({ query: 'query Other { trainingJobs(first: 5) { nodes { id } } }' })),
      dedupeKey('http://platform/graphql', options({ variables: { first: 6 } })),
      dedupeKey('http://platform/graphql', options({ headers: { authorization: 'Bearer b' } })),
      dedupeKey('http://platform/graphql', options({ headers: { 'x-forwarded-for': '10.0.0.1' } })),
      dedupeKey('http://platform/graphql', options({ headers: { 'x-subscription-event': '1' } })),
      dedupeKey('http://platform/graphql', options({ user: { id: '2', email: 'b@example.com', role: 'admin' } })),
      dedupeKey('http://platform/graphql', options({ user: { id: '1', email: 'a@example.com', role: 'guest' } })),
      dedupeKey('http://platform/graphql', options({ user: null })),
    ];
    for (const key of different) expect(key).not.toBe(base);
    expect(new Set(different).size).toBe(different.length);
  });
});
