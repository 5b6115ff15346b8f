import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
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
    expect(format({ message: 'db down', extensions: { code: 'ECONNRESET' } }, new GraphQLError('db down'))).toEqual({ message: 'Internal server error', extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    const dev = createFormatError({ exposeInternals: true });
    expect(dev({ message: 'no', extensions: { code: 'FORBIDDEN', stacktrace: ['at x'] } }, null)).toEqual({ message: 'no', extensions: { code: 'FORBIDDEN' } });
  });
});
