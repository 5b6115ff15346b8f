import { describe, expect, it } from '@jest/globals';
import { createRateLimiter, FixedWindowCounter, userOf } from './rate-limit';

describe('FixedWindowCounter', () => {
  it('allows `limit` hits per window and key, then refuses until the window ends', () => {
    let now = 1_000;
    const counter = new FixedWindowCounter(60_000, () => now);
    expect([1, 2, 3].map(() => counter.hit('a', 3).allowed)).toEqual([true, true, true]);
    expect(counter.hit('a', 3)).toEqual({ allowed: false, remaining: 0, resetInMs: 60_000 });
    expect(counter.hit('b', 3).allowed).toBe(true);
    now += 59_000;
    expect(counter.hit('a', 3)).toMatchObject({ allowed: false, resetInMs: 1_000 });
    now += 1_000;
    expect(counter.hit('a', 3)).toMatchObject({ allowed: true, remaining: 2 });
  });
});

describe('userOf', () => {
  const req = (path: string, query: Record<string, string | string[]> = {}, body?: unknown) => ({ path, query, body });

  it('reads user_id from the permissions path, the query or the JSON body', () => {
    expect(userOf(req('/datasets/ds_1/permissions/42'))).toBe('42');
    expect(userOf(req('/datasets', { user_id: '7' }))).toBe('7');
    expect(userOf(req('/datasets', { user_id: ['7', '8'] }))).toBe('8');
    expect(userOf(req('/datasets/ds_1/download-url', {}, { user_id: 9 }))).toBe('9');
    expect(userOf(req('/datasets/batch', {}, { dataset_ids: [] }))).toBeNull();
  });

  it('charges a list to the reader it is made for (`accessible_to`), not to the owner it filters by', () => {
    expect(userOf(req('/datasets', { accessible_to: '5' }))).toBe('5');
    expect(userOf(req('/datasets', { user_id: '2', accessible_to: '5' }))).toBe('5');
  });
});

describe('createRateLimiter', () => {
  const named = (user: number) => ({ path: '/datasets/ds_1/images', query: { user_id: String(user) }, body: undefined });
  const anonymous = { path: '/datasets', query: {}, body: undefined };

  it('checks the user named by a request before charging the service window', () => {
    const limit = createRateLimiter({ servicePerMinute: 5, userPerMinute: 2 });
    const scopes = Array.from({ length: 10 }, () => limit(named(7)).refusal?.body);
    expect(scopes.slice(0, 2)).toEqual([undefined, undefined]);
    expect(scopes.slice(2).every((body) => (body as { scope?: string } | undefined)?.scope === 'user')).toBe(true);
    // Two of the ten counted against the service key: three more calls pass, the fourth is refused for the service.
    const after = [limit(anonymous), limit(named(8)), limit(anonymous), limit(anonymous)];
    expect(after.map((d) => d.refusal?.status ?? 200)).toEqual([200, 200, 200, 429]);
    expect(after[1]!.headers['X-RateLimit-Remaining']).toBe('1');
    expect((after[3]!.refusal!.body as { scope: string }).scope).toBe('service');
  });
});
