import { describe, expect, it } from '@jest/globals';
import { parse } from 'graphql';
import { accessRules, checkAccess, enforceAccess } from './access';
import { subgraphTypeDefs, SUBGRAPHS } from './schema-files';

const sdl = parse(`
  type Query { open: String @access(role: "public") mine: String @access(role: "guest") }
  type Mutation { purge: Boolean @access(role: "admin") }
`);
const admin = { id: '1', email: 'admin@example.com', role: 'admin' as const };
const guest = { id: '5', email: 'guest@example.com', role: 'guest' as const };

describe('@access', () => {
  it('reads the declared role of every root field', () => {
    expect(Object.fromEntries(accessRules(sdl))).toEqual({ 'Query.open': 'public', 'Query.mine': 'guest', 'Mutation.purge': 'admin' });
  });

  it('refuses a schema with a root field that declares no access', () => {
    expect(() => accessRules(parse('type Query { leak: String }'))).toThrow('Query.leak declares no @access');
  });

  it('declares access on every root field of every subgraph contract', () => {
    for (const name of SUBGRAPHS) expect(() => accessRules(subgraphTypeDefs(name))).not.toThrow();
  });

  it('lets anonymous callers run public fields only', () => {
    expect(() => checkAccess('public', null)).not.toThrow();
    expect(() => checkAccess('guest', null)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }) }));
  });

  it('refuses roles below the declared minimum with FORBIDDEN', () => {
    expect(() => checkAccess('admin', guest)).toThrow(expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) }));
    expect(() => checkAccess('admin', admin)).not.toThrow();
  });

  it('wraps resolvers so the check runs before the resolver', () => {
    let ran = false;
    const wrapped = enforceAccess(sdl, {
      Query: { open: () => 'x', mine: () => 'y' },
      Mutation: {
        purge: () => {
          ran = true;
          return true;
        },
      },
    }) as { Mutation: { purge: (p: unknown, a: unknown, c: unknown, i: unknown) => unknown } };
    expect(() => wrapped.Mutation.purge(null, {}, { user: guest }, null)).toThrow();
    expect(ran).toBe(false);
    expect(wrapped.Mutation.purge(null, {}, { user: admin }, null)).toBe(true);
  });

  it('refuses to start when an SDL root field has no resolver', () => {
    expect(() => enforceAccess(sdl, { Query: { open: () => 'x' } })).toThrow('Query.mine is in the SDL but has no resolver');
  });
});
