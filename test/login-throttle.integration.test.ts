/**
 * One login throttle for both logins (lib/login-throttle.ts): the gateway's `login` (users
 * subgraph) and the Labeler's `POST /api/v1/auth/login` count failures per account and per
 * address in the same User DB table, with the same settings, so an account or an address locked
 * at one is locked at the other. Every request here comes from 127.0.0.1, as both services see it.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { accountKey } from '../lib/login-throttle';
import { codeOf, LOGIN } from './harness/graphql-client';
import { STACK_PASSWORD, startStack, type Stack } from './harness/stack';
import { sleep } from './helpers';

const WRONG = 'not the password';

interface LabelerAnswer {
  status: number;
  retryAfter: string | null;
  body: Record<string, unknown>;
}

const labelerLogin = async (stack: Stack, email: string, password: string): Promise<LabelerAnswer> => {
  const res = await fetch(`${stack.urls.labeler}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return { status: res.status, retryAfter: res.headers.get('retry-after'), body: (await res.json()) as Record<string, unknown> };
};

const gatewayLogin = (stack: Stack, email: string, password: string) => stack.graphql.request(LOGIN, { email, password });

/** The attempts the User DB holds for an account in its current window (0 without a row). */
async function accountCount(stack: Stack, email: string): Promise<number> {
  const db = new pg.Client({ connectionString: stack.dbUrls.users });
  await db.connect();
  try {
    const { rows } = await db.query<{ failures: number }>('select failures from login_failures where key = $1 and reset_at > now()', [accountKey(email)]);
    return rows[0]?.failures ?? 0;
  } finally {
    await db.end();
  }
}

describe('per account, shared by the gateway and the Labeler', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({ loginThrottle: { LOGIN_MAX_FAILURES_PER_ACCOUNT: 3, LOGIN_MAX_FAILURES_PER_ADDRESS: 1000 } });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('locks the account at the gateway after failures at the Labeler, even for the right password', async () => {
    for (let i = 0; i < 3; i += 1) expect((await labelerLogin(stack, 'manager@example.com', WRONG)).status).toBe(401);
    const atGateway = await gatewayLogin(stack, 'manager@example.com', STACK_PASSWORD);
    expect(atGateway.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(atGateway.errors![0]!.extensions!.retryAfterSeconds).toBeGreaterThan(0);
    const atLabeler = await labelerLogin(stack, 'Manager@Example.com', STACK_PASSWORD);
    expect(atLabeler.status).toBe(429);
    expect(Number(atLabeler.retryAfter)).toBeGreaterThan(0);
    expect(atLabeler.body).toEqual({
      error: 'rate_limited',
      message: expect.stringMatching(/failed logins.*retry after \d+ s/),
      scope: 'account',
      limit: 3,
      retry_after: Number(atLabeler.retryAfter),
    });
    // Other accounts from the same address are not affected.
    expect((await gatewayLogin(stack, 'guest@example.com', STACK_PASSWORD)).errors).toBeUndefined();
    expect((await labelerLogin(stack, 'guest@example.com', STACK_PASSWORD)).status).toBe(200);
  });

  it('locks the account at the Labeler after failures at the gateway, even for the right password', async () => {
    for (let i = 0; i < 3; i += 1) expect(codeOf(await gatewayLogin(stack, 'standard_engineer@example.com', WRONG))).toBe('UNAUTHENTICATED');
    const atLabeler = await labelerLogin(stack, 'standard_engineer@example.com', STACK_PASSWORD);
    expect(atLabeler.status).toBe(429);
    expect(atLabeler.body).toMatchObject({ error: 'rate_limited', scope: 'account', limit: 3 });
    expect(codeOf(await gatewayLogin(stack, 'standard_engineer@example.com', STACK_PASSWORD))).toBe('RATE_LIMITED');
  });

  it('adds failures from both services, and a success at either clears the count for both', async () => {
    expect((await labelerLogin(stack, 'admin@example.com', WRONG)).status).toBe(401);
    expect(codeOf(await gatewayLogin(stack, 'admin@example.com', WRONG))).toBe('UNAUTHENTICATED');
    expect(await accountCount(stack, 'admin@example.com')).toBe(2);
    expect((await labelerLogin(stack, 'admin@example.com', STACK_PASSWORD)).status).toBe(200);
    expect(await accountCount(stack, 'admin@example.com')).toBe(0);
    // Three more failures are allowed again before the lock.
    for (let i = 0; i < 3; i += 1) expect(codeOf(await gatewayLogin(stack, 'admin@example.com', WRONG))).toBe('UNAUTHENTICATED');
    expect((await labelerLogin(stack, 'admin@example.com', STACK_PASSWORD)).status).toBe(429);
  });

  it('counts concurrent failures at both services exactly: no more passwords are checked than the limit allows', async () => {
    const email = 'advanced_engineer@example.com';
    const attempts = await Promise.all(
      Array.from({ length: 16 }, (_, i) =>
        i % 2 === 0
          ? labelerLogin(stack, email, `${WRONG} ${i}`).then((a) => (a.status === 401 ? 'checked' : a.status === 429 ? 'locked' : `status ${a.status}`))
          : gatewayLogin(stack, email, `${WRONG} ${i}`).then((r) => {
              const code = codeOf(r);
              return code === 'UNAUTHENTICATED' ? 'checked' : code === 'RATE_LIMITED' ? 'locked' : `code ${String(code)}`;
            }),
      ),
    );
    expect(attempts.filter((a) => a === 'checked')).toHaveLength(3);
    expect(attempts.filter((a) => a === 'locked')).toHaveLength(13);
    // Refused attempts do not count: the count is exactly the three failures.
    expect(await accountCount(stack, email)).toBe(3);
    expect((await labelerLogin(stack, email, STACK_PASSWORD)).status).toBe(429);
  });
});

describe('per address, with a short window', () => {
  const WINDOW_SECONDS = 3;
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      loginThrottle: { LOGIN_MAX_FAILURES_PER_ACCOUNT: 100, LOGIN_MAX_FAILURES_PER_ADDRESS: 4, LOGIN_WINDOW_SECONDS: WINDOW_SECONDS },
    });
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('locks the address at both services after failures spread over e-mails and services, until the window ends', async () => {
    expect((await labelerLogin(stack, 'spray0@example.com', WRONG)).status).toBe(401);
    expect((await labelerLogin(stack, 'spray1@example.com', WRONG)).status).toBe(401);
    expect(codeOf(await gatewayLogin(stack, 'spray2@example.com', WRONG))).toBe('UNAUTHENTICATED');
    expect(codeOf(await gatewayLogin(stack, 'spray3@example.com', WRONG))).toBe('UNAUTHENTICATED');

    const atLabeler = await labelerLogin(stack, 'admin@example.com', STACK_PASSWORD);
    expect(atLabeler.status).toBe(429);
    expect(atLabeler.body).toMatchObject({ error: 'rate_limited', scope: 'address', limit: 4 });
    const retryAfter = Number(atLabeler.retryAfter);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
    const atGateway = await gatewayLogin(stack, 'admin@example.com', STACK_PASSWORD);
    expect(atGateway.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });

    // Once the window has passed, the same address logs in at both.
    await sleep(retryAfter * 1000 + 300);
    expect((await gatewayLogin(stack, 'admin@example.com', STACK_PASSWORD)).errors).toBeUndefined();
    expect((await labelerLogin(stack, 'admin@example.com', STACK_PASSWORD)).status).toBe(200);
  });
});
