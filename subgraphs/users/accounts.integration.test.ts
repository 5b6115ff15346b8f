import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { Role } from '../../lib/auth';
import type { RunningService } from '../../lib/http';
import { createTestDatabase } from '../../test/harness/infra';
import { createGraphQLClient, type GraphQLClient } from '../../test/harness/graphql-client';
import { migrateUsersDb } from './db';
import { parseUsersEnv } from './env';
import { seedUsers } from './seed';
import { createUsersServer } from './server';
import { AUTH_FIELDS, LOGIN, type AuthPayload } from './testing/auth-documents';
import { tokenHash } from './validation';

const JWT_SECRET = 'accounts-test-secret-0123456789';
const baseEnv = (databaseUrl: string, extra: Record<string, string> = {}) =>
  parseUsersEnv({ USER_DATABASE_URL: databaseUrl, USERS_PORT: '0', NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET, ...extra });

const SIGN_UP = `mutation ($input: SignUpInput!) { signUp(input: $input) { ${AUTH_FIELDS} } }`;
const REFRESH = `mutation ($t: String!) { refreshToken(refreshToken: $t) { ${AUTH_FIELDS} } }`;
const LOGOUT = 'mutation ($t: String!) { logout(refreshToken: $t) }';
const ME = '{ me { id email role fullName isActive } }';

describe('accounts in the users subgraph', () => {
  let service: RunningService;
  let databaseUrl: string;
  let db: pg.Client;
  let userIds: Record<Role, string>;
  let api: GraphQLClient;
  const tokens = {} as Record<Role, string>;

  const login = async (email: string, password = 'devpass') => {
    const res = await api.request<{ login: AuthPayload }>(LOGIN, { email, password });
    if (!res.data?.login) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
    return res.data.login;
  };
  const signUp = (input: Record<string, unknown>) => api.request<{ signUp: AuthPayload }>(SIGN_UP, { input });

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('users_accounts');
    await migrateUsersDb(databaseUrl);
    ({ userIds } = await seedUsers(databaseUrl, { password: 'devpass' }));
    service = await createUsersServer(baseEnv(databaseUrl));
    api = createGraphQLClient(`${service.url}/graphql`);
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    for (const role of Object.keys(userIds) as Role[]) tokens[role] = (await login(`${role}@example.com`)).accessToken;
  });

  afterAll(async () => {
    await db?.end();
    await service?.close();
  });

  describe('sign-up', () => {
    it('creates a guest account and logs it in when sign-up is open', async () => {
      const res = await signUp({ email: 'New.Person@Example.com', password: 'a good passphrase', fullName: 'New Person' });
      expect(res.errors).toBeUndefined();
      expect(res.data!.signUp.user).toMatchObject({ email: 'new.person@example.com', role: 'GUEST', fullName: 'New Person', isActive: true });
      expect(res.data!.signUp.refreshToken.length).toBeGreaterThanOrEqual(40);
      expect((await api.request(ME, {}, { token: res.data!.signUp.accessToken })).data).toMatchObject({ me: { email: 'new.person@example.com' } });
    });

    it('names each invalid field: bad e-mail, too short, only digits, contains the e-mail', async () => {
      const bad = await signUp({ email: 'not-an-email', password: 'short' });
      expect(bad.errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: { email: 'This is not a valid e-mail address.', password: 'Use at least 8 characters.' },
      });
      const digits = await signUp({ email: 'digits@example.com', password: '1234567890' });
      expect(digits.errors?.[0]?.extensions?.fields).toEqual({ password: 'Use more than digits.' });
      const same = await signUp({ email: 'carolyn@example.com', password: 'carolyn-2026' });
      expect(same.errors?.[0]?.extensions?.fields).toEqual({ password: 'Do not use your e-mail address in the password.' });
    });

    it('refuses an e-mail that already has an account, on the e-mail field', async () => {
      const res = await signUp({ email: 'guest@example.com', password: 'another passphrase' });
      expect(res.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { email: expect.stringMatching(/already exists/) } });
    });

    it('refuses sign-up without an invitation when SIGNUP_MODE=invite', async () => {
      const inviteOnly = await createUsersServer(baseEnv(databaseUrl, { SIGNUP_MODE: 'invite' }));
      try {
        const res = await createGraphQLClient(`${inviteOnly.url}/graphql`).request(SIGN_UP, {
          input: { email: 'walk-in@example.com', password: 'a good passphrase' },
        });
        expect(res.errors?.[0]).toMatchObject({ extensions: { code: 'FORBIDDEN' }, message: expect.stringMatching(/invitation/) });
      } finally {
        await inviteOnly.close();
      }
    });
  });

  describe('sessions', () => {
    it('stores only a hash of the refresh token', async () => {
      const { refreshToken } = await login('manager@example.com');
      const { rows } = await db.query('select token_hash from refresh_tokens where token_hash = $1', [tokenHash(refreshToken)]);
      expect(rows).toHaveLength(1);
      const raw = await db.query('select count(*)::int as n from refresh_tokens where token_hash = $1', [refreshToken]);
      expect(raw.rows[0].n).toBe(0);
    });

    it('rotates the refresh token: the new one works, the used one does not', async () => {
      const first = await login('standard_engineer@example.com');
      const rotated = await api.request<{ refreshToken: AuthPayload }>(REFRESH, { t: first.refreshToken });
      expect(rotated.errors).toBeUndefined();
      const second = rotated.data!.refreshToken;
      expect(second.refreshToken).not.toBe(first.refreshToken);
      expect(second.user.email).toBe('standard_engineer@example.com');
      expect((await api.request(ME, {}, { token: second.accessToken })).data).toMatchObject({ me: { email: 'standard_engineer@example.com' } });
      const third = await api.request<{ refreshToken: AuthPayload }>(REFRESH, { t: second.refreshToken });
      expect(third.errors).toBeUndefined();
    });

    it('treats a rotated refresh token presented again later as stolen and ends every session of its user', async () => {
      const first = await login('advanced_engineer@example.com');
      const other = await login('advanced_engineer@example.com');
      const rotated = (await api.request<{ refreshToken: AuthPayload }>(REFRESH, { t: first.refreshToken })).data!.refreshToken;
      // Presented again at once (two tabs racing): refused, but the other sessions survive.
      expect((await api.request(REFRESH, { t: first.refreshToken })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const survivor = await api.request<{ refreshToken: AuthPayload }>(REFRESH, { t: other.refreshToken });
      expect(survivor.errors).toBeUndefined();
      // Presented again later: theft.
      await db.query(`update refresh_tokens set revoked_at = now() - interval '1 minute' where token_hash = $1`, [tokenHash(first.refreshToken)]);
      const reuse = await api.request(REFRESH, { t: first.refreshToken });
      expect(reuse.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await api.request(REFRESH, { t: rotated.refreshToken })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await api.request(REFRESH, { t: survivor.data!.refreshToken.refreshToken })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('logs out: the refresh token is revoked and a second logout answers false', async () => {
      const session = await login('guest@example.com');
      expect((await api.request(LOGOUT, { t: session.refreshToken })).data).toEqual({ logout: true });
      expect((await api.request(LOGOUT, { t: session.refreshToken })).data).toEqual({ logout: false });
      expect((await api.request(REFRESH, { t: session.refreshToken })).errors?.[0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
      expect((await api.request(REFRESH, { t: 'made-up' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('own account', () => {
    const CHANGE = 'mutation ($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }';

    it('changes the password after checking the current one, and ends the other sessions', async () => {
      await signUp({ email: 'changer@example.com', password: 'first passphrase' });
      const session = await login('changer@example.com', 'first passphrase');
      const wrong = await api.request(CHANGE, { c: 'not it at all', n: 'second passphrase' }, { token: session.accessToken });
      expect(wrong.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', fields: { currentPassword: 'This is not your current password.' } });
      const weak = await api.request(CHANGE, { c: 'first passphrase', n: '12345678' }, { token: session.accessToken });
      expect(weak.errors?.[0]?.extensions?.fields).toEqual({ newPassword: 'Use more than digits.' });
      const ok = await api.request(CHANGE, { c: 'first passphrase', n: 'second passphrase' }, { token: session.accessToken });
      expect(ok.data).toEqual({ changePassword: true });
      expect((await api.request(LOGIN, { email: 'changer@example.com', password: 'first passphrase' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      await login('changer@example.com', 'second passphrase');
      expect((await api.request(REFRESH, { t: session.refreshToken })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('updates the display name and refuses an empty one', async () => {
      const UPDATE = 'mutation ($n: String!) { updateProfile(fullName: $n) { fullName } }';
      expect((await api.request(UPDATE, { n: '  Gus Guest ' }, { token: tokens.guest })).data).toEqual({ updateProfile: { fullName: 'Gus Guest' } });
      expect((await api.request(UPDATE, { n: '   ' }, { token: tokens.guest })).errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: { fullName: 'Enter a name.' },
      });
      expect((await api.request(UPDATE, { n: 'x' })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('login throttling', () => {
    it('answers RATE_LIMITED per account after repeated failures, even with the right password, and tells when to retry', async () => {
      const strict = await createUsersServer(baseEnv(databaseUrl, { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_MAX_FAILURES_PER_ADDRESS: '100' }));
      try {
        const strictApi = createGraphQLClient(`${strict.url}/graphql`);
        for (let i = 0; i < 3; i += 1) {
          expect((await strictApi.request(LOGIN, { email: 'manager@example.com', password: 'wrong guess' })).errors?.[0]?.extensions?.code).toBe(
            'UNAUTHENTICATED',
          );
        }
        const limited = await strictApi.request(LOGIN, { email: 'manager@example.com', password: 'devpass' });
        expect(limited.errors?.[0]?.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
        expect(limited.errors![0]!.extensions!.retryAfterSeconds!).toBeGreaterThan(0);
        // Another account from the same address is not affected.
        expect((await strictApi.request(LOGIN, { email: 'guest@example.com', password: 'devpass' })).errors).toBeUndefined();
        // An unknown e-mail is throttled the same way, so throttling does not reveal accounts.
        for (let i = 0; i < 3; i += 1) await strictApi.request(LOGIN, { email: 'ghost@example.com', password: 'wrong guess' });
        expect((await strictApi.request(LOGIN, { email: 'ghost@example.com', password: 'x' })).errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
      } finally {
        await strict.close();
      }
    });

    it('answers RATE_LIMITED per address after failures spread over many e-mails', async () => {
      const strict = await createUsersServer(baseEnv(databaseUrl, { LOGIN_MAX_FAILURES_PER_ACCOUNT: '100', LOGIN_MAX_FAILURES_PER_ADDRESS: '4' }));
      try {
        const strictApi = createGraphQLClient(`${strict.url}/graphql`);
        const from = (address: string) => ({ headers: { 'x-forwarded-for': address } });
        for (let i = 0; i < 4; i += 1) await strictApi.request(LOGIN, { email: `spray${i}@example.com`, password: 'wrong guess' }, from('203.0.113.7'));
        const limited = await strictApi.request(LOGIN, { email: 'admin@example.com', password: 'devpass' }, from('203.0.113.7'));
        expect(limited.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
        expect((await strictApi.request(LOGIN, { email: 'admin@example.com', password: 'devpass' }, from('198.51.100.2'))).errors).toBeUndefined();
      } finally {
        await strict.close();
      }
    });
  });

  describe('admin operations', () => {
    const ROLE = 'mutation ($id: ID!, $r: UserRole!) { updateUserRole(userId: $id, role: $r) { id role } }';
    const DEACTIVATE = 'mutation ($id: ID!) { deactivateUser(userId: $id) { id isActive } }';

    it('changes a role (admins only), effective at once in this subgraph', async () => {
      const created = (await signUp({ email: 'promoted@example.com', password: 'a good passphrase' })).data!.signUp;
      expect((await api.request(ROLE, { id: created.user.id, r: 'MANAGER' }, { token: tokens.manager })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await api.request('{ users(first: 1) { totalCount } }', {}, { token: created.accessToken })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await api.request(ROLE, { id: created.user.id, r: 'MANAGER' }, { token: tokens.admin })).data).toEqual({
        updateUserRole: { id: created.user.id, role: 'MANAGER' },
      });
      // The old token still says guest; the subgraph reads the current role.
      expect((await api.request('{ users(first: 1) { totalCount } }', {}, { token: created.accessToken })).errors).toBeUndefined();
      // A refresh issues an access token with the new role for the other subgraphs.
      const refreshed = (await api.request<{ refreshToken: AuthPayload }>(REFRESH, { t: created.refreshToken })).data!.refreshToken;
      expect(JSON.parse(Buffer.from(refreshed.accessToken.split('.')[1]!, 'base64url').toString()).role).toBe('manager');
    });

    it('keeps the last active admin', async () => {
      const res = await api.request(ROLE, { id: userIds.admin, r: 'GUEST' }, { token: tokens.admin });
      expect(res.errors?.[0]?.extensions?.code).toBe('CONFLICT');
      expect((await api.request(ROLE, { id: '999999', r: 'GUEST' }, { token: tokens.admin })).errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    });

    it('deactivates an account: its access token, refresh token and password stop working', async () => {
      const created = (await signUp({ email: 'leaver@example.com', password: 'a good passphrase' })).data!.signUp;
      expect((await api.request(DEACTIVATE, { id: created.user.id }, { token: tokens.manager })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect((await api.request(DEACTIVATE, { id: created.user.id }, { token: tokens.admin })).data).toEqual({
        deactivateUser: { id: created.user.id, isActive: false },
      });
      const me = await api.request(ME, {}, { token: created.accessToken });
      expect(me.status).toBe(401);
      expect(me.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await api.request(REFRESH, { t: created.refreshToken })).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      expect((await api.request(LOGIN, { email: 'leaver@example.com', password: 'a good passphrase' })).errors?.[0]?.message).toBe(
        'Invalid e-mail or password.',
      );
      expect((await api.request(DEACTIVATE, { id: userIds.admin }, { token: tokens.admin })).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    });

    it('lists users page by page with a search, for managers and admins', async () => {
      const PAGE =
        'query ($after: String, $s: String) { users(first: 2, after: $after, search: $s) { nodes { email } pageInfo { hasNextPage endCursor } totalCount } }';
      type Page = { users: { nodes: { email: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null }; totalCount: number } };
      const first = (await api.request<Page>(PAGE, { s: '@example.com' }, { token: tokens.manager })).data!.users;
      expect(first.nodes).toHaveLength(2);
      expect(first.pageInfo.hasNextPage).toBe(true);
      const second = (await api.request<Page>(PAGE, { s: '@example.com', after: first.pageInfo.endCursor }, { token: tokens.manager })).data!.users;
      expect(second.nodes.map((n) => n.email)).not.toContain(first.nodes[0]!.email);
      expect(second.totalCount).toBe(first.totalCount);
      const searched = (await api.request<Page>(PAGE, { s: 'STANDARD_eng' }, { token: tokens.admin })).data!.users;
      expect(searched.nodes.map((n) => n.email)).toEqual(['standard_engineer@example.com']);
      expect((await api.request(PAGE, { after: 'garbage' }, { token: tokens.admin })).errors?.[0]?.extensions).toMatchObject({
        code: 'BAD_USER_INPUT',
        fields: { after: expect.any(String) },
      });
      expect((await api.request(PAGE, {}, { token: tokens.advanced_engineer })).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  });
});
