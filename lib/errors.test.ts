import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { ApolloServer } from '@apollo/server';
import pg from 'pg';
import { appError, createFormatError, ERROR_CODES, exposeInternals, requestError } from './errors';

describe('the error registry', () => {
  it('gives every code a description, an HTTP status and where it is raised', () => {
    for (const [key, definition] of Object.entries(ERROR_CODES)) {
      expect(definition.code).toBe(key);
      expect(definition.description.length).toBeGreaterThan(10);
      expect(definition.raisedBy.length).toBeGreaterThan(10);
      expect(definition.httpStatus).toBeGreaterThanOrEqual(200);
      expect(definition.httpStatus).toBeLessThan(600);
    }
  });

  it('builds request errors with the status of their code and field errors without one', () => {
    expect(requestError('UNAUTHENTICATED', 'no').extensions).toEqual({ code: 'UNAUTHENTICATED', http: { status: 401 } });
    expect(appError('NOT_FOUND', 'gone', { id: 'x' }).extensions).toEqual({ code: 'NOT_FOUND', id: 'x' });
  });

  it('shows internals in development only', () => {
    expect(['development', 'test', 'production'].filter(exposeInternals)).toEqual(['development']);
  });

  it('masks an unregistered code outside development and keeps stack traces off expected errors', () => {
    const format = createFormatError({ exposeInternals: false });
    expect(format({ message: 'db down', extensions: { code: 'ECONNRESET' } }, new GraphQLError('db down'))).toEqual({
      message: 'Internal server error',
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    const dev = createFormatError({ exposeInternals: true });
    expect(dev({ message: 'no', extensions: { code: 'FORBIDDEN', stacktrace: ['at x'] } }, null)).toEqual({ message: 'no', extensions: { code: 'FORBIDDEN' } });
  });

  it("answers Apollo Server's own refusals of a malformed request (a 4xx status, no code of ours) as BAD_REQUEST, unlogged", () => {
    const logged: unknown[] = [];
    const format = createFormatError({ exposeInternals: false, log: (err) => logged.push(err) });
    const apq = new GraphQLError('provided sha does not match query', { extensions: { http: { status: 400 } } });
    expect(format({ message: apq.message, extensions: { http: { status: 400 } } }, apq)).toEqual({
      message: 'provided sha does not match query',
      extensions: { code: 'BAD_REQUEST' },
    });
    expect(logged).toEqual([]);
    // A 5xx status is no caller's mistake: still masked and logged.
    const broken = new GraphQLError('boom', { extensions: { http: { status: 503 } } });
    expect(format({ message: 'boom' }, broken).extensions?.code).toBe('INTERNAL_SERVER_ERROR');
    expect(logged).toHaveLength(1);
  });
});

describe('errors a resolver throws without a registry code', () => {
  const typeDefs = 'type Query { leak: String, refused: String }';
  const resolvers = {
    Query: {
      leak: () => {
        throw new Error('connect ECONNREFUSED postgresql://platform:s3cret@10.0.0.5:5432/platform');
      },
      refused: () => {
        throw appError('FORBIDDEN', 'Only admins may do this.');
      },
    },
  };

  async function run(exposeInternals: boolean) {
    const logged: unknown[] = [];
    const server = new ApolloServer({ typeDefs, resolvers, formatError: createFormatError({ exposeInternals, log: (err) => logged.push(err) }) });
    await server.start();
    try {
      const response = await server.executeOperation({ query: '{ leak refused }' });
      if (response.body.kind !== 'single') throw new Error('expected a single result');
      return { errors: response.body.singleResult.errors ?? [], logged };
    } finally {
      await server.stop();
    }
  }

  it('are masked for clients and logged, while registry errors keep their message', async () => {
    const { errors, logged } = await run(false);
    const leak = errors.find((e) => e.path?.[0] === 'leak');
    expect(leak).toEqual({
      message: 'Internal server error',
      path: ['leak'],
      locations: [{ line: 1, column: 3 }],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
    expect(JSON.stringify(errors)).not.toContain('s3cret');
    expect(errors.find((e) => e.path?.[0] === 'refused')).toMatchObject({ message: 'Only admins may do this.', extensions: { code: 'FORBIDDEN' } });
    expect(logged).toHaveLength(1);
  });

  it('keep their message and stack trace in development', async () => {
    const { errors } = await run(true);
    const leak = errors.find((e) => e.path?.[0] === 'leak');
    expect(leak?.message).toContain('ECONNREFUSED');
    expect(leak?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
  });
});

describe('database failures a resolver meets', () => {
  const driverError = (code: string, message: string) => Object.assign(new pg.DatabaseError(message, 0, 'error'), { code });
  const typeDefs = 'type Query { down: String, refused: String, bug: String }';
  const resolvers = {
    Query: {
      down: () => {
        throw driverError('57P01', 'terminating connection due to administrator command');
      },
      refused: () => {
        throw driverError('22021', 'invalid byte sequence for encoding "UTF8": 0x00');
      },
      bug: () => {
        throw driverError('42P01', 'relation "platform_secret_table" does not exist');
      },
    },
  };

  it('answer UPSTREAM_UNAVAILABLE (unreachable) or BAD_USER_INPUT (a refused value) without the driver message, in development too, and are logged', async () => {
    for (const expose of [false, true]) {
      const logged: unknown[] = [];
      const server = new ApolloServer({ typeDefs, resolvers, formatError: createFormatError({ exposeInternals: expose, log: (err) => logged.push(err) }) });
      await server.start();
      try {
        const response = await server.executeOperation({ query: '{ down refused bug }' });
        if (response.body.kind !== 'single') throw new Error('expected a single result');
        const errors = response.body.singleResult.errors ?? [];
        const byField = (field: string) => errors.find((e) => e.path?.[0] === field);
        expect(byField('down')).toMatchObject({ extensions: { code: 'UPSTREAM_UNAVAILABLE', service: 'database' } });
        expect(byField('refused')).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
        expect(JSON.stringify([byField('down'), byField('refused')])).not.toMatch(/terminating|administrator|0x00|UTF8/);
        expect(byField('bug')?.extensions?.code).toBe('INTERNAL_SERVER_ERROR');
        expect(logged).toHaveLength(3);
      } finally {
        await server.stop();
      }
    }
  });
});
