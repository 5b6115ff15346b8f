import { describe, expect, it } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { createLoginLimiter } from './rate-limit';

const limited = (fn: () => void) => {
  try {
    fn();
    return null;
  } catch (error) {
    return error instanceof GraphQLError ? error.extensions : error;
  }
};

describe('login limiter', () => {
  it('limits an account after its failures and lifts the limit when the window ends', () => {
    let now = 1_000_000;
    const limiter = createLoginLimiter({ maxPerAccount: 2, maxPerAddress: 100, windowSeconds: 60 }, () => now);
    limiter.fail('a@example.com', '10.0.0.1');
    expect(limited(() => limiter.check('a@example.com', '10.0.0.1'))).toBeNull();
    limiter.fail('a@example.com', '10.0.0.2');
    expect(limited(() => limiter.check('a@example.com', '10.0.0.3'))).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 60 });
    now += 45_000;
    expect(limited(() => limiter.check('a@example.com', '10.0.0.3'))).toEqual({ code: 'RATE_LIMITED', retryAfterSeconds: 15 });
    now += 15_000;
    expect(limited(() => limiter.check('a@example.com', '10.0.0.3'))).toBeNull();
  });

  it('limits an address across e-mails, and a success clears only the account count', () => {
    const limiter = createLoginLimiter({ maxPerAccount: 2, maxPerAddress: 3, windowSeconds: 60 });
    limiter.fail('a@example.com', '10.0.0.9');
    limiter.succeed('a@example.com');
    limiter.fail('a@example.com', '10.0.0.9');
    expect(limited(() => limiter.check('a@example.com', '10.0.0.1'))).toBeNull();
    limiter.fail('b@example.com', '10.0.0.9');
    expect(limited(() => limiter.check('c@example.com', '10.0.0.9'))).toMatchObject({ code: 'RATE_LIMITED' });
    expect(limited(() => limiter.check('c@example.com', '10.0.0.8'))).toBeNull();
  });
});
