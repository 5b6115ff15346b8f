import { describe, expect, it } from '@jest/globals';
import type { Request } from 'express';
import { GraphQLError } from 'graphql';
import { clientAddress } from '../../lib/login-throttle';
import { assertFields, emailProblem, passwordProblem, tokenHash } from './validation';

describe('input rules', () => {
  it('accepts ordinary e-mail addresses and refuses malformed ones', () => {
    expect(emailProblem(' Someone@Example.co.uk ')).toBeNull();
    for (const bad of ['', 'no-at-sign', 'a@b', 'a b@example.com', '@example.com', 'a@.com', `${'x'.repeat(320)}@example.com`]) {
      expect(emailProblem(bad)).not.toBeNull();
    }
  });

  it('refuses short, digit-only, near-constant and e-mail-based passwords', () => {
    expect(passwordProblem('a good passphrase', 'me@example.com')).toBeNull();
    expect(passwordProblem('short')).toBe('Use at least 8 characters.');
    expect(passwordProblem('0123456789')).toBe('Use more than digits.');
    expect(passwordProblem('aaaaaaaaab')).toBe('Use more than one or two different characters.');
    expect(passwordProblem('Jonathan!2026', 'jonathan@example.com')).toBe('Do not use your e-mail address in the password.');
    expect(passwordProblem('x'.repeat(1025))).toBe('Use at most 1024 characters.');
  });

  it('reports every invalid field at once under extensions.fields', () => {
    expect(() => assertFields({ email: null, password: undefined })).not.toThrow();
    try {
      assertFields({ email: 'bad', password: 'weak', fullName: null });
      throw new Error('expected an error');
    } catch (error) {
      expect((error as GraphQLError).extensions).toEqual({ code: 'BAD_USER_INPUT', fields: { email: 'bad', password: 'weak' } });
    }
  });

  it('hashes tokens with SHA-256 (hex)', () => {
    expect(tokenHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('client address for throttling', () => {
  const req = (xff: string | undefined, remote = '10.1.1.1') =>
    ({ headers: xff === undefined ? {} : { 'x-forwarded-for': xff }, socket: { remoteAddress: remote } }) as unknown as Request;

  it('takes the entry the trusted proxy appended, so a client cannot choose its own address', () => {
    expect(clientAddress(req(undefined), 1)).toBe('10.1.1.1');
    expect(clientAddress(req('203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(req('6.6.6.6, 203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(req('6.6.6.6, 203.0.113.7, 10.0.0.2'), 2)).toBe('203.0.113.7');
    expect(clientAddress(req('203.0.113.7'), 3)).toBe('203.0.113.7');
  });

  it('takes the peer when no proxy is trusted (the Labeler), and writes an IPv4-mapped address as IPv4', () => {
    expect(clientAddress(req('6.6.6.6'), 0)).toBe('10.1.1.1');
    expect(clientAddress(req(undefined, '::ffff:127.0.0.1'), 0)).toBe('127.0.0.1');
    expect(clientAddress(req('::ffff:203.0.113.7'), 1)).toBe('203.0.113.7');
    expect(clientAddress(req(undefined, '2001:db8::1'), 0)).toBe('2001:db8::1');
  });
});
