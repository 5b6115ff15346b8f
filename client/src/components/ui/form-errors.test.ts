import { describe, it, expect } from '@jest/globals';
import { CombinedError } from 'urql';
import { GraphQLError } from 'graphql';
import { fieldError, readFormErrors, refusalMessage } from './form-errors';

const errorWith = (message: string, extensions: Record<string, unknown>) => new CombinedError({ graphQLErrors: [new GraphQLError(message, { extensions })] });

describe('readFormErrors', () => {
  it('puts BAD_USER_INPUT field messages beside their fields and nothing above the form', () => {
    const errors = readFormErrors(errorWith('Some fields are invalid.', { code: 'BAD_USER_INPUT', fields: { password: 'Use at least 8 characters.' } }));
    expect(errors).toEqual({ fields: { password: 'Use at least 8 characters.' }, form: null });
    expect(fieldError(errors, 'newPassword', 'password')).toBe('Use at least 8 characters.');
    expect(fieldError(errors, 'email')).toBeNull();
  });

  it('finds a field named by its input path', () => {
    const errors = readFormErrors(errorWith('Invalid.', { code: 'BAD_USER_INPUT', fields: { 'input.email': 'This is not a valid e-mail address.' } }));
    expect(fieldError(errors, 'email')).toBe('This is not a valid e-mail address.');
  });

  it('says when to retry after RATE_LIMITED', () => {
    const errors = readFormErrors(errorWith('Too many failed logins.', { code: 'RATE_LIMITED', retryAfterSeconds: 42.2 }));
    expect(errors.form).toBe('Too many attempts. Try again in 43 seconds.');
  });

  it('shows any other error as one message for the form', () => {
    expect(readFormErrors(errorWith('Invalid e-mail or password.', { code: 'UNAUTHENTICATED' })).form).toBe('Invalid e-mail or password.');
    expect(readFormErrors(new CombinedError({ networkError: new Error('fetch failed') })).form).toMatch(/could not be reached/);
    expect(readFormErrors(undefined)).toEqual({ fields: {}, form: null });
  });
});

describe('refusalMessage', () => {
  it('gives a dialog the whole refusal: the form message, else the field messages, else nothing', () => {
    expect(refusalMessage(errorWith('You cannot demote the last admin.', { code: 'CONFLICT' }))).toBe('You cannot demote the last admin.');
    expect(refusalMessage(errorWith('Invalid.', { code: 'BAD_USER_INPUT', fields: { role: 'one of owner, member, viewer' } }))).toBe(
      'one of owner, member, viewer',
    );
    expect(refusalMessage(undefined)).toBeNull();
  });
});
