import { describe, expect, it } from '@jest/globals';
import { commonEnv, graphqlEnv, graphqlSettingsOf, parseEnv } from './env';
import { mayIntrospect, withoutSuggestions } from './schema-privacy';
import type { AuthUser } from './auth';

const settingsOf = (source: Record<string, string>) => graphqlSettingsOf(parseEnv({ ...commonEnv, ...graphqlEnv }, source));

describe('schema privacy settings', () => {
  it('turn introspection and suggestions off in production and on elsewhere, unless set', () => {
    expect(settingsOf({ NODE_ENV: 'production' })).toEqual({ introspection: false, suggestions: false });
    expect(settingsOf({ NODE_ENV: 'test' })).toEqual({ introspection: true, suggestions: true });
    expect(settingsOf({})).toEqual({ introspection: true, suggestions: true });
    expect(settingsOf({ NODE_ENV: 'production', GRAPHQL_INTROSPECTION: 'true', GRAPHQL_SUGGESTIONS: '1' })).toEqual({ introspection: true, suggestions: true });
    expect(settingsOf({ NODE_ENV: 'development', GRAPHQL_INTROSPECTION: 'false' })).toEqual({ introspection: false, suggestions: true });
  });

  it('let only admins introspect when introspection is off', () => {
    const as = (role: AuthUser['role']): AuthUser => ({ id: 'u', email: 'u@example.com', role });
    const off = { introspection: false, suggestions: false };
    expect(mayIntrospect(off, null)).toBe(false);
    expect(mayIntrospect(off, as('manager'))).toBe(false);
    expect(mayIntrospect(off, as('admin'))).toBe(true);
    expect(mayIntrospect({ ...off, introspection: true }, null)).toBe(true);
  });
});

describe('withoutSuggestions', () => {
  it('cuts graphql-js suggestions and keeps the rest of the message', () => {
    expect(withoutSuggestions('Cannot query field "emial" on type "User". Did you mean "email"?')).toBe('Cannot query field "emial" on type "User".');
    expect(withoutSuggestions('Unknown argument "frist". Did you mean "first", "after", or "filter"?')).toBe('Unknown argument "frist".');
    expect(withoutSuggestions('Value "QUEUD" does not exist in "TrainingJobStatus" enum. Did you mean the enum value "QUEUED"?')).toBe(
      'Value "QUEUD" does not exist in "TrainingJobStatus" enum.',
    );
    expect(withoutSuggestions('Training job job_1 does not exist.')).toBe('Training job job_1 does not exist.');
  });
});
