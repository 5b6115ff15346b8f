import { describe, expect, it } from '@jest/globals';
import { FixedWindowCounter, userOf } from './rate-limit';

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
});
