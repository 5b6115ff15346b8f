import { describe, it, expect } from '@jest/globals';
import type { IncomingMessage } from 'node:http';
import { createRateLimiter, createWindowCounter } from './rate-limit';

describe('createWindowCounter', () => {
  it('lets `limit` operations through per window of a key, then answers the seconds left in the window', () => {
    let now = 1_000_000;
    const counter = createWindowCounter(3, 60, 100, () => now);
    expect([counter.take('a'), counter.take('a'), counter.take('a')]).toEqual([0, 0, 0]);
    now += 15_500;
    expect(counter.take('a')).toBe(45);
    expect(counter.take('b')).toBe(0);
    now += 44_500; // the key's window has passed
    expect(counter.take('a')).toBe(0);
  });

  it('forgets keys unseen for two windows, and past `maxKeys` new keys share one counter', () => {
    let now = 0;
    const counter = createWindowCounter(2, 10, 3, () => now);
    for (const key of ['a', 'b', 'c']) counter.take(key);
    expect(counter.take('d')).toBe(0);
    expect(counter.take('e')).toBe(0);
    expect(counter.take('f')).toBeGreaterThan(0); // d, e and f share the overflow counter
    now += 20_000;
    counter.take('x');
    now += 10_000;
    counter.take('y');
    expect(counter.size).toBe(2);
  });

  it('counts nothing with limit 0', () => {
    const counter = createWindowCounter(0, 60);
    for (let i = 0; i < 100; i += 1) expect(counter.take('a')).toBe(0);
    expect(counter.size).toBe(0);
  });
});

describe('createRateLimiter', () => {
  const request = (peer: string, forwarded?: string) =>
    ({ socket: { remoteAddress: peer }, headers: forwarded ? { 'x-forwarded-for': forwarded } : {} }) as unknown as IncomingMessage;

  it('takes the socket peer as the address unless proxies are trusted, then the entry the nearest trusted proxy wrote', () => {
    const direct = createRateLimiter({ windowSeconds: 60, perUser: 0, perAddress: 0, anonymousPerAddress: 0, trustedProxyHops: 0 });
    expect(direct.addressOf(request('10.0.0.1', '1.2.3.4'))).toBe('10.0.0.1');
    const behindOne = createRateLimiter({ windowSeconds: 60, perUser: 0, perAddress: 0, anonymousPerAddress: 0, trustedProxyHops: 1 });
    expect(behindOne.addressOf(request('10.0.0.1', 'forged, 1.2.3.4'))).toBe('1.2.3.4');
    expect(behindOne.addressOf(request('10.0.0.1'))).toBe('10.0.0.1');
  });

  it('charges users per id and every caller per address, anonymous callers with their own limit', () => {
    const limiter = createRateLimiter({ windowSeconds: 60, perUser: 2, perAddress: 5, anonymousPerAddress: 1, trustedProxyHops: 0 });
    const user = { id: 'u1', email: 'u1@example.com', role: 'guest' as const };
    expect(limiter.charge(user, 'a')).toBeNull();
    expect(limiter.charge(user, 'b')).toBeNull();
    expect(limiter.charge(user, 'c')).toMatchObject({ scope: 'user' });
    expect(limiter.charge(null, 'd')).toBeNull();
    expect(limiter.charge(null, 'd')).toMatchObject({ scope: 'address' });
  });
});
