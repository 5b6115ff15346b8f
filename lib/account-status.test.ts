import { describe, expect, it } from '@jest/globals';
import { createAccountStatus, type AccountLookup, type AccountState } from './account-status';
import type { AuthUser } from './auth';

const user: AuthUser = { id: '7', email: 'm@example.com', role: 'manager' };

/** A source whose answer the test sets, counting how often it is asked. */
function source(initial: AccountState | null | 'unknown') {
  const s = { answer: initial, asked: 0 };
  const lookup: AccountLookup = async () => {
    s.asked += 1;
    return s.answer;
  };
  return { s, lookup };
}

describe('createAccountStatus', () => {
  it('gives the caller its current role, not the token’s, and null once deactivated or gone', async () => {
    const { s, lookup } = source({ role: 'guest', isActive: true });
    const status = createAccountStatus({ lookup, ttlMs: 0 });
    await expect(status.current(user, '')).resolves.toEqual({ ...user, role: 'guest' });
    s.answer = { role: 'guest', isActive: false };
    await expect(status.current(user, '')).resolves.toBeNull();
    s.answer = null;
    await expect(status.current(user, '')).resolves.toBeNull();
  });

  it('remembers an answer per account for the TTL only, and never remembers "unknown"', async () => {
    const { s, lookup } = source('unknown');
    const status = createAccountStatus({ lookup, ttlMs: 60_000 });
    await expect(status.current(user, '')).resolves.toEqual(user);
    await status.current(user, '');
    expect(s.asked).toBe(2);
    s.answer = { role: 'admin', isActive: true };
    await status.current(user, '');
    await expect(status.current({ ...user, role: 'guest' }, '')).resolves.toEqual({ ...user, role: 'admin' });
    expect(s.asked).toBe(3);
    const uncached = createAccountStatus({ lookup, ttlMs: 0 });
    await uncached.current(user, '');
    await uncached.current(user, '');
    expect(s.asked).toBe(5);
  });

  it('asks once for the concurrent requests of one account (a page opening fires several at once)', async () => {
    const { s, lookup } = source({ role: 'guest', isActive: true });
    const status = createAccountStatus({ lookup, ttlMs: 60_000 });
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => status.current(user, '')));
    expect(answers).toEqual(Array(5).fill({ ...user, role: 'guest' }));
    expect(s.asked).toBe(1);
  });

  it('answers from memory past 60 % of the TTL while it asks again in the background, and never past the TTL', async () => {
    const { s, lookup } = source({ role: 'guest', isActive: true });
    let now = 0;
    const status = createAccountStatus({ lookup, ttlMs: 1000, now: () => now });
    await status.current(user, '');
    now = 500;
    await status.current(user, '');
    expect(s.asked).toBe(1);
    s.answer = { role: 'admin', isActive: true };
    now = 700;
    // The remembered answer at once; the lookup it started answers the next request.
    await expect(status.current(user, '')).resolves.toEqual({ ...user, role: 'guest' });
    expect(s.asked).toBe(2);
    await new Promise((resolve) => setImmediate(resolve));
    now = 800;
    await expect(status.current(user, '')).resolves.toEqual({ ...user, role: 'admin' });
    expect(s.asked).toBe(2);
    // Remembered from when it was asked (700): gone at 1700, whatever happened meanwhile.
    s.answer = { role: 'guest', isActive: false };
    now = 1700;
    await expect(status.current(user, '')).resolves.toBeNull();
    expect(s.asked).toBe(3);
  });

  it('keeps the remembered answer when a background lookup fails or cannot answer', async () => {
    const { s, lookup } = source({ role: 'guest', isActive: true });
    let now = 0;
    const status = createAccountStatus({ lookup, ttlMs: 1000, now: () => now });
    await status.current(user, '');
    s.answer = 'unknown';
    now = 700;
    await status.current(user, '');
    await new Promise((resolve) => setImmediate(resolve));
    now = 900;
    await expect(status.current(user, '')).resolves.toEqual({ ...user, role: 'guest' });
    expect(s.asked).toBe(3);
  });

  it('forgets an account the moment it changes, and does not remember a lookup asked before that', async () => {
    const { s, lookup } = source({ role: 'guest', isActive: true });
    let now = 0;
    const status = createAccountStatus({ lookup, ttlMs: 60_000, now: () => now });
    await status.current(user, '');
    s.answer = { role: 'guest', isActive: false };
    now = 10;
    await expect(status.current(user, '')).resolves.toEqual({ ...user, role: 'guest' });
    status.forget(user.id);
    await expect(status.current(user, '')).resolves.toBeNull();
    expect(s.asked).toBe(2);

    // A lookup under way when the account changes: its (old) answer serves its own callers only.
    const answers: Array<(state: AccountState) => void> = [];
    const slow = createAccountStatus({ lookup: () => new Promise<AccountState>((resolve) => answers.push(resolve)), ttlMs: 60_000, now: () => now });
    const before = slow.current(user, '');
    now = 20;
    slow.forget();
    now = 21;
    const after = slow.current(user, '');
    expect(answers).toHaveLength(2);
    answers[0]!({ role: 'admin', isActive: true });
    answers[1]!({ role: 'guest', isActive: true });
    await expect(before).resolves.toEqual({ ...user, role: 'admin' });
    await expect(after).resolves.toEqual({ ...user, role: 'guest' });
    // Only the answer asked for after the change is remembered.
    now = 30;
    await expect(slow.current(user, '')).resolves.toEqual({ ...user, role: 'guest' });
    expect(answers).toHaveLength(2);
  });

  it('applies a TTL that shortens to the answers already remembered', async () => {
    const { s, lookup } = source({ role: 'guest', isActive: true });
    let now = 0;
    let ttlMs = 60_000;
    const status = createAccountStatus({ lookup, ttlMs: () => ttlMs, now: () => now });
    await status.current(user, '');
    now = 5000;
    await status.current(user, '');
    expect(s.asked).toBe(1);
    ttlMs = 1000;
    s.answer = { role: 'admin', isActive: true };
    await expect(status.current(user, '')).resolves.toEqual({ ...user, role: 'admin' });
    expect(s.asked).toBe(2);
  });
});
