import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { SignJWT, UnsecuredJWT } from 'jose';
import pg from 'pg';
import type { Role } from '../../lib/auth';
import type { RunningService } from '../../lib/http';
import { createGraphQLClient, type GraphQLClient, type GraphQLResult } from '../../test/harness/graphql-client';
import { createTestDatabase } from '../../test/harness/infra';
import { migrateUsersDb } from './db';
import { parseUsersEnv } from './env';
import { seedUsers } from './seed';
import { createUsersServer } from './server';

const JWT_SECRET = 'users-subgraph-test-secret';

describe('users subgraph', () => {
  let service: RunningService;
  let databaseUrl: string;
  let userIds: Record<Role, string>;
  const queries: string[] = [];
  let api: GraphQLClient;

  const LOGIN = `mutation ($email: String!, $password: String!) {
    login(email: $email, password: $password) { accessToken expiresAt user { id email role createdAt } }
  }`;
  const ME = '{ me { id email role fullName } }';

  const login = async (email: string, password = 'devpass') => {
    const res = await api.request<{ login: { accessToken: string } }>(LOGIN, { email, password });
    if (!res.data?.login) throw new Error(`login failed: ${JSON.stringify(res.errors)}`);
    return res.data.login.accessToken;
  };

  beforeAll(async () => {
    databaseUrl = await createTestDatabase('users_subgraph');
    await migrateUsersDb(databaseUrl);
    ({ userIds } = await seedUsers(databaseUrl, { password: 'devpass' }));
    const env = parseUsersEnv({ USER_DATABASE_URL: databaseUrl, USERS_PORT: '0', NODE_ENV: 'test', LOG_LEVEL: 'silent', JWT_SECRET });
    service = await createUsersServer(env, { onQuery: (sql) => queries.push(sql) });
    api = createGraphQLClient(`${service.url}/graphql`);
  });

  afterAll(async () => {
    await service?.close();
  });

  it('reports healthy when its database answers', async () => {
    const res = await fetch(`${service.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', service: 'users' });
  });

  it('logs in a seeded user with devpass, whatever the e-mail case', async () => {
    const res = await api.request<{ login: { accessToken: string; expiresAt: string; user: Record<string, string> } }>(LOGIN, {
      email: '  Admin@Example.COM ',
      password: 'devpass',
    });
    expect(res.errors).toBeUndefined();
    const payload = res.data!.login;
    expect(payload.accessToken.split('.')).toHaveLength(3);
    expect(new Date(payload.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(payload.user).toMatchObject({ id: userIds.admin, email: 'admin@example.com', role: 'ADMIN' });
    expect(new Date(payload.user.createdAt!).toISOString()).toBe(payload.user.createdAt);
  });

  it('gives a wrong password and an unknown e-mail the same error', async () => {
    const wrongPassword = await api.request(LOGIN, { email: 'admin@example.com', password: 'not-devpass' });
    const unknownEmail = await api.request(LOGIN, { email: 'nobody@example.com', password: 'devpass' });
    const visible = (res: GraphQLResult<unknown>) => ({ status: res.status, data: res.data, errors: res.errors?.map((e) => [e.message, e.extensions?.code]) });
    expect(visible(wrongPassword)).toEqual({ status: 200, data: null, errors: [['Invalid e-mail or password.', 'UNAUTHENTICATED']] });
    expect(visible(unknownEmail)).toEqual(visible(wrongPassword));
  });

  it('answers me with the logged-in user, role in upper case', async () => {
    const token = await login('standard_engineer@example.com');
    const res = await api.request(ME, {}, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({
      me: { id: userIds.standard_engineer, email: 'standard_engineer@example.com', role: 'STANDARD_ENGINEER', fullName: 'Demo Standard Engineer' },
    });
  });

  it('answers me with null when the request carries no token', async () => {
    const res = await api.request(ME);
    expect(res.errors).toBeUndefined();
    expect(res.data).toEqual({ me: null });
  });

  it('refuses a token signed with another secret', async () => {
    const forged = await new SignJWT({ email: 'admin@example.com', role: 'admin', typ: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userIds.admin)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('an-attacker-chosen-secret'));
    const res = await api.request(ME, {}, { token: forged });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data ?? null).toBeNull();
  });

  it('refuses an unsigned token (alg: none)', async () => {
    const unsigned = new UnsecuredJWT({ email: 'admin@example.com', role: 'admin', typ: 'access' }).setSubject(userIds.admin).setExpirationTime('1h').encode();
    const res = await api.request(ME, {}, { token: unsigned });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses an expired token signed with the right secret', async () => {
    const expired = await new SignJWT({ email: 'admin@example.com', role: 'admin', typ: 'access' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(userIds.admin)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(JWT_SECRET));
    const res = await api.request(ME, {}, { token: expired });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]).toMatchObject({ message: 'Token has expired.', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it('refuses a token signed with the right secret but another algorithm (HS512 while HS256 is configured)', async () => {
    const other = await new SignJWT({ email: 'admin@example.com', role: 'admin', typ: 'access' })
      .setProtectedHeader({ alg: 'HS512' })
      .setSubject(userIds.admin)
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode(JWT_SECRET));
    const res = await api.request(ME, {}, { token: other });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('requires a logged-in user for user(id) and returns null for an unknown id', async () => {
    const QUERY = 'query ($id: ID!) { user(id: $id) { id email } }';
    const anonymous = await api.request(QUERY, { id: userIds.manager });
    expect(anonymous.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    const token = await login('guest@example.com');
    expect((await api.request(QUERY, { id: userIds.manager }, { token })).data).toEqual({ user: { id: userIds.manager, email: 'manager@example.com' } });
    expect((await api.request(QUERY, { id: '999999' }, { token })).data).toEqual({ user: null });
    expect((await api.request(QUERY, { id: 'not-a-number' }, { token })).data).toEqual({ user: null });
  });

  it('resolves many user references with one SQL query, for a logged-in caller only', async () => {
    const ids = [userIds.admin, userIds.manager, userIds.guest, userIds.admin, userIds.advanced_engineer, '999999', 'x'];
    const QUERY = 'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id email role } } }';
    const representations = ids.map((id) => ({ __typename: 'User', id }));
    const anonymous = await api.request<{ _entities: unknown }>(QUERY, { representations });
    expect(anonymous.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    expect(anonymous.data ?? null).toBeNull();
    const token = await login('guest@example.com');
    queries.length = 0;
    const res = await api.request<{ _entities: ({ id: string; email: string; role: string } | null)[] }>(QUERY, { representations }, { token });
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities.map((u) => u?.email ?? null)).toEqual([
      'admin@example.com',
      'manager@example.com',
      'guest@example.com',
      'admin@example.com',
      'advanced_engineer@example.com',
      null,
      null,
    ]);
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatch(/select .* from "?users"? where id = any/i);
  });

  it('reads the caller and the users a logged-in `_entities` request names in one SQL query', async () => {
    const token = await login('guest@example.com');
    queries.length = 0;
    const res = await api.request<{ _entities: ({ email: string } | null)[] }>(
      'query ($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { email } } }',
      { representations: [userIds.manager, userIds.admin, '999999'].map((id) => ({ __typename: 'User', id })) },
      { token },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!._entities.map((u) => u?.email ?? null)).toEqual(['manager@example.com', 'admin@example.com', null]);
    expect(queries).toHaveLength(1);
    expect(queries[0]).toMatch(/select .* from "?users"? where id = any/i);
  });

  it('stops accepting the token of a user who was deactivated', async () => {
    const token = await login('advanced_engineer@example.com');
    expect((await api.request(ME, {}, { token })).data).toMatchObject({ me: { email: 'advanced_engineer@example.com' } });
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      await client.query('update users set is_active = false where id = $1', [Number(userIds.advanced_engineer)]);
      const res = await api.request(ME, {}, { token });
      expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const again = await api.request(LOGIN, { email: 'advanced_engineer@example.com', password: 'devpass' });
      expect(again.errors?.[0]).toMatchObject({ message: 'Invalid e-mail or password.', extensions: { code: 'UNAUTHENTICATED' } });
    } finally {
      await client.query('update users set is_active = true where id = $1', [Number(userIds.advanced_engineer)]);
      await client.end();
    }
  });
});
