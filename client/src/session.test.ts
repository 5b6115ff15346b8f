import { describe, it, expect } from '@jest/globals';
import { isTokenExpired } from './session';

const base64url = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
const jwtWith = (payload: object) => `${base64url({ alg: 'HS256', typ: 'JWT' })}.${base64url(payload)}.signature`;

describe('isTokenExpired', () => {
  const now = Date.UTC(2026, 10, 26, 7, 0, 0);

  it('says a token whose exp has passed is expired', () => {
    expect(isTokenExpired(jwtWith({ exp: now / 1000 - 60 }), now)).toBe(true);
  });

  it('says a token valid for another hour is not expired', () => {
    expect(isTokenExpired(jwtWith({ exp: now / 1000 + 3600 }), now)).toBe(false);
  });

  it('treats a token about to expire within the clock-skew slack as expired', () => {
    expect(isTokenExpired(jwtWith({ exp: now / 1000 + 2 }), now)).toBe(true);
  });

  it('leaves tokens it cannot read to the server to judge', () => {
    expect(isTokenExpired('not-a-valid-token', now)).toBe(false);
    expect(isTokenExpired('a.%%%.c', now)).toBe(false);
    expect(isTokenExpired(jwtWith({ sub: '1' }), now)).toBe(false);
  });
});
