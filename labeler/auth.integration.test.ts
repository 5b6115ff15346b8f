import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { RunningService } from '../lib/http';
import { createTestDatabase } from '../test/harness/infra';
import { createGraphQLClient, type GraphQLClient } from '../test/harness/graphql-client';
import { migrateUsersDb } from '../subgraphs/users/db';
import { parseUsersEnv } from '../subgraphs/users/env';
import { createUsersServer } from '../subgraphs/users/server';
import { LOGIN, type AuthPayload } from '../subgraphs/users/testing/auth-documents';
import { hashPassword } from '../subgraphs/users/user/password';
import { startTestLabeler, type TestLabeler } from './testing';

const JWT_SECRET = 'shared-user-db-test-secret-0123';

describe('Labeler login against the shared User DB', () => {
  let usersDb: string;
  let users: RunningService;
  let labeler: TestLabeler;
  let api: GraphQLClient;

  const labelerLogin = async (email: string, password: string) => {
    const res = await fetch(`${labeler.labeler.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> & { access_token?: string; user?: Record<string, unknown> } };
  };

  beforeAll(async () => {
    usersDb = await createTestDatabase('shared_user_db');
    await migrateUsersDb(usersDb);
    users = await createUsersServer(
      parseUsersEnv({ USER_DATABASE_URL: usersDb, USERS_PORT: '0', NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET, SIGNUP_MODE: 'open' }),
    );
    api = createGraphQLClient(`${users.url}/graphql`);
    labeler = await startTestLabeler('labeler_auth', { USER_DATABASE_URL: usersDb, JWT_SECRET });
  });

  afterAll(async () => {
    await labeler?.labeler.close();
    await users?.close();
  });

  it('logs in to the Labeler with an account created through GraphQL, and its token works on the platform', async () => {
    const created = await api.request<{ signUp: AuthPayload }>('mutation ($input: SignUpInput!) { signUp(input: $input) { user { id email } } }', {
      input: { email: 'from.platform@example.com', password: 'platform passphrase', fullName: 'From Platform' },
    });
    expect(created.errors).toBeUndefined();
    const res = await labelerLogin('From.Platform@example.com', 'platform passphrase');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      token_type: 'bearer',
      user: { id: Number(created.data!.signUp.user.id), email: 'from.platform@example.com', full_name: 'From Platform', role: 'guest', is_active: true },
    });
    const me = await api.request('{ me { email } }', {}, { token: res.body.access_token! });
    expect(me.data).toEqual({ me: { email: 'from.platform@example.com' } });
    const labelerMe = await fetch(`${labeler.labeler.url}/api/v1/auth/me`, { headers: { authorization: `Bearer ${res.body.access_token}` } });
    expect(await labelerMe.json()).toMatchObject({ user: { email: 'from.platform@example.com' } });
  });

  it('logs in through GraphQL with an account the Labeler inserted into the users table', async () => {
    const db = new pg.Client({ connectionString: usersDb });
    await db.connect();
    try {
      // What the Labeler does: the shared table, the lowercase enum, the same hash format.
      await db.query(`insert into users (email, hashed_password, full_name, role, is_active) values ($1, $2, $3, 'standard_engineer', true)`, [
        'from.labeler@example.com',
        await hashPassword('labeler passphrase'),
        'From Labeler',
      ]);
    } finally {
      await db.end();
    }
    const res = await api.request<{ login: AuthPayload }>(LOGIN, { email: 'from.labeler@example.com', password: 'labeler passphrase' });
    expect(res.errors).toBeUndefined();
    expect(res.data!.login.user).toMatchObject({ email: 'from.labeler@example.com', role: 'STANDARD_ENGINEER', fullName: 'From Labeler' });
    expect((await labelerLogin('from.labeler@example.com', 'labeler passphrase')).status).toBe(200);
  });

  it('gives a wrong password, an unknown e-mail and a deactivated account the same 401', async () => {
    const wrong = await labelerLogin('from.platform@example.com', 'not the passphrase');
    const unknown = await labelerLogin('nobody@example.com', 'platform passphrase');
    expect(wrong).toEqual({ status: 401, body: { error: 'invalid_credentials', message: 'Invalid e-mail or password' } });
    expect(unknown).toEqual(wrong);
    const db = new pg.Client({ connectionString: usersDb });
    await db.connect();
    await db.query(`update users set is_active = false where email = 'from.labeler@example.com'`);
    await db.end();
    expect(await labelerLogin('from.labeler@example.com', 'labeler passphrase')).toEqual(wrong);
    expect((await labelerLogin('', '')).status).toBe(401);
    const missing = await fetch(`${labeler.labeler.url}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(missing.status).toBe(400);
  });
});
