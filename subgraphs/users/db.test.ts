import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { ROLES } from '../../lib/auth';
import { createTestDatabase } from '../../test/harness/infra';
import { migrateUsersDb } from './db';
import { seedUsers } from './seed';

describe('User DB migrations and seed', () => {
  let url: string;
  let client: pg.Client;
  const rows = async <T extends object>(sql: string, params: unknown[] = []) => (await client.query(sql, params)).rows as T[];

  beforeAll(async () => {
    url = await createTestDatabase('users_db');
    await migrateUsersDb(url);
    client = new pg.Client({ connectionString: url });
    await client.connect();
  });

  afterAll(async () => {
    await client.end();
  });

  it('creates the four shared tables, the refresh token table and the login counts', async () => {
    const tables = await rows<{ table_name: string }>(
      `select table_name from information_schema.tables where table_schema = 'public' and table_name <> 'mikro_orm_migrations' order by table_name`,
    );
    expect(tables.map((t) => t.table_name)).toEqual(['invitations', 'login_failures', 'organizations', 'project_members', 'refresh_tokens', 'users']);
  });

  it('creates the user_role enum with exactly the lowercase roles, in order', async () => {
    const labels = await rows<{ enumlabel: string }>(
      `select e.enumlabel from pg_enum e join pg_type t on t.oid = e.enumtypid where t.typname = 'user_role' order by e.enumsortorder`,
    );
    expect(labels.map((l) => l.enumlabel)).toEqual(['admin', 'manager', 'advanced_engineer', 'standard_engineer', 'guest']);
    expect(labels.map((l) => l.enumlabel)).toEqual([...ROLES]);
  });

  it('gives users and invitations the columns other services rely on', async () => {
    const columns = async (table: string) =>
      (
        await rows<{ column_name: string; udt_name: string }>(
          `select column_name, udt_name from information_schema.columns where table_name = $1 order by ordinal_position`,
          [table],
        )
      ).map((c) => `${c.column_name}:${c.udt_name}`);
    expect(await columns('users')).toEqual([
      'id:int4',
      'email:text',
      'hashed_password:text',
      'full_name:text',
      'role:user_role',
      'organization_id:int4',
      'is_active:bool',
      'created_at:timestamptz',
      'updated_at:timestamptz',
    ]);
    expect(await columns('invitations')).toEqual([
      'id:int4',
      'email:text',
      'token_hash:text',
      'organization_id:int4',
      'project_id:text',
      'dataset_id:text',
      'role:user_role',
      'expires_at:timestamptz',
      'accepted_at:timestamptz',
      'created_by:int4',
      'created_at:timestamptz',
      'revoked_at:timestamptz',
      'dataset_permission:text',
    ]);
    expect(await columns('refresh_tokens')).toEqual([
      'id:int4',
      'user_id:int4',
      'token_hash:text',
      'expires_at:timestamptz',
      'revoked_at:timestamptz',
      'created_at:timestamptz',
    ]);
    expect(await columns('project_members')).toEqual(['id:int4', 'project_id:text', 'user_id:int4', 'role:text', 'created_at:timestamptz']);
  });

  it('applies nothing on a second run, even when two runners start at once', async () => {
    await Promise.all([migrateUsersDb(url), migrateUsersDb(url)]);
    const applied = await rows<{ name: string }>('select name from mikro_orm_migrations');
    expect(applied.map((m) => m.name)).toEqual([
      'Migration20261126000000Initial',
      'Migration20261126010000SessionsAndRevocation',
      'Migration20261205000000LoginFailures',
      'Migration20261206000000InvitationDatasetPermission',
      'Migration20261206100000AccessChangedNotify',
      'Migration20261207000000HiddenCharacters',
    ]);
  });

  it('seeds one organization and one active user per role, named <role>@example.com', async () => {
    const { userIds, organizationId } = await seedUsers(url, { password: 'devpass' });
    expect(Object.keys(userIds).sort()).toEqual([...ROLES].sort());
    const users = await rows<{ id: number; email: string; role: string; organization_id: number; is_active: boolean; hashed_password: string }>(
      'select * from users order by id',
    );
    expect(users).toHaveLength(5);
    for (const role of ROLES) {
      const user = users.find((u) => String(u.id) === userIds[role]);
      expect(user).toMatchObject({ email: `${role}@example.com`, role, is_active: true, organization_id: Number(organizationId) });
      expect(user?.hashed_password).toMatch(/^scrypt\$/);
      expect(user?.hashed_password).not.toContain('devpass');
    }
  });

  it('changes nothing when the seed runs again and returns the same ids', async () => {
    const before = await rows('select * from users order by id');
    const first = await seedUsers(url, { password: 'devpass' });
    const second = await seedUsers(url, { password: 'another-password' });
    expect(second).toEqual(first);
    expect(await rows('select * from users order by id')).toEqual(before);
    expect(await rows('select id from organizations')).toHaveLength(1);
  });

  it('refuses an e-mail that is not stored lowercased, so uniqueness is case-insensitive', async () => {
    await expect(client.query(`insert into users (email, hashed_password, role) values ('Admin@Example.com', 'x', 'guest')`)).rejects.toThrow(
      /users_email_lowercase_check/,
    );
  });
});
