import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { PROJECT_ROOT } from '../../lib/schema-files';
import { createTestDatabase } from '../../test/harness/infra';
import { copyUsersDb, copyVerified } from './copy';
import { initUsersDb } from './init';
import { migrateUsersDb } from './db';
import { seedUsers } from './seed';
import { verifyPassword } from './user/password';

const run = promisify(execFile);
const npmScript = (script: string, args: string[], env: Record<string, string>) =>
  run('npm', ['run', '--silent', script, '--', ...args], { cwd: PROJECT_ROOT, env: { ...process.env, ...env }, timeout: 120_000 });

async function query<T extends object>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql, params)).rows as T[];
  } finally {
    await client.end();
  }
}

describe('db:init:users', () => {
  it('migrates an empty database and creates the first admin with a generated password, printed once', async () => {
    const url = await createTestDatabase('users_init');
    const { stdout } = await npmScript('db:init:users', [], { USER_DATABASE_URL: url, ADMIN_EMAIL: 'Root@Example.org', ADMIN_PASSWORD: '' });
    expect(stdout).toMatch(/\[CONFIG\] Using shared PostgreSQL User DB: postgresql:\*\*\*@/);
    expect(stdout).not.toContain('postgres:postgres@');
    expect(stdout).toContain('[INIT] Created the first admin: root@example.org');
    expect(stdout).toContain('[STARTUP] Found 1 existing user(s) in Shared User DB');
    const password = /Generated password .*: (\S+)$/m.exec(stdout)?.[1];
    expect(password).toBeDefined();
    const [admin] = await query<{ role: string; hashed_password: string; is_active: boolean }>(url, 'select role, hashed_password, is_active from users');
    expect(admin).toMatchObject({ role: 'admin', is_active: true });
    await expect(verifyPassword(password!, admin!.hashed_password)).resolves.toBe(true);

    const again = await npmScript('db:init:users', [], { USER_DATABASE_URL: url, ADMIN_EMAIL: 'root@example.org' });
    expect(again.stdout).toContain('1 active admin(s) already exist; no account created');
    expect(again.stdout).not.toContain('Generated password');
    expect(await query(url, 'select id from users')).toHaveLength(1);
  }, 60_000);

  it('uses ADMIN_PASSWORD when given and refuses a weak one', async () => {
    const url = await createTestDatabase('users_init_pw');
    await expect(initUsersDb(url, { adminEmail: 'boss@example.org', adminPassword: '12345678' })).rejects.toThrow(/ADMIN_PASSWORD: Use more than digits/);
    const result = await initUsersDb(url, { adminEmail: 'boss@example.org', adminPassword: 'a strong passphrase' });
    expect(result).toMatchObject({ createdAdmin: { email: 'boss@example.org' }, generatedPassword: null, userCount: 1, existingAdmins: 0 });
    const [admin] = await query<{ hashed_password: string }>(url, 'select hashed_password from users');
    await expect(verifyPassword('a strong passphrase', admin!.hashed_password)).resolves.toBe(true);
  });
});

describe('db:copy:users', () => {
  let source: string;
  let target: string;

  beforeAll(async () => {
    source = await createTestDatabase('users_copy_src');
    target = await createTestDatabase('users_copy_dst');
    await migrateUsersDb(source);
    const { userIds, organizationId } = await seedUsers(source, { password: 'devpass' });
    await query(source, `insert into organizations (name) values ('Second Org')`);
    await query(
      source,
      `insert into invitations (email, token_hash, organization_id, role, expires_at, created_by) values ('new@example.com', 'hash-1', $1, 'guest', now() + interval '7 days', $2)`,
      [Number(organizationId), Number(userIds.manager)],
    );
    await query(source, `insert into project_members (project_id, user_id, role) values ('proj-1', $1, 'owner'), ('proj-1', $2, 'member')`, [
      Number(userIds.admin),
      Number(userIds.guest),
    ]);
    await query(source, `insert into refresh_tokens (user_id, token_hash, expires_at) values ($1, 'session', now() + interval '1 day')`, [
      Number(userIds.admin),
    ]);
    // Gaps in the ids, as a real database has after deletes.
    await query(source, `delete from organizations where name = 'Second Org'`);
    await query(source, `insert into organizations (name) values ('Third Org')`);
  });

  it('copies every table into an empty database, prints the counts and verifies each row', async () => {
    const { stdout } = await npmScript('db:copy:users', ['--source', source, '--target', target], {});
    expect(stdout).toMatch(/organizations\s+source\s+2\s+written\s+2\s+target\s+2\s+verified 2\/2 ✓/);
    expect(stdout).toMatch(/users\s+source\s+5\s+written\s+5\s+target\s+5\s+verified 5\/5 ✓/);
    expect(stdout).toMatch(/invitations\s+source\s+1\s+written\s+1\s+target\s+1\s+verified 1\/1 ✓/);
    expect(stdout).toMatch(/project_members\s+source\s+2\s+written\s+2\s+target\s+2\s+verified 2\/2 ✓/);
    expect(stdout).not.toContain('postgres:postgres@');
    const orderedRows = 'select * from users order by id';
    expect(await query(target, orderedRows)).toEqual(await query(source, orderedRows));
    expect(await query(target, 'select * from refresh_tokens')).toEqual([]);
  }, 60_000);

  it('is idempotent: a second run writes nothing and still verifies', async () => {
    const reports = await copyUsersDb(source, target);
    expect(reports.map((r) => [r.table, r.source, r.written, r.target])).toEqual([
      ['organizations', 2, 0, 2],
      ['users', 5, 0, 5],
      ['invitations', 1, 0, 1],
      ['project_members', 2, 0, 2],
    ]);
    expect(copyVerified(reports)).toBe(true);
  });

  it('carries later changes over and leaves the target able to create new rows without id clashes', async () => {
    await query(source, `update users set full_name = 'Renamed Admin' where email = 'admin@example.com'`);
    const reports = await copyUsersDb(source, target);
    expect(reports.find((r) => r.table === 'users')).toMatchObject({ written: 1, verified: 5 });
    expect(await query(target, `select full_name from users where email = 'admin@example.com'`)).toEqual([{ full_name: 'Renamed Admin' }]);
    const [org] = await query<{ id: number }>(target, `insert into organizations (name) values ('Made In Target') returning id`);
    const maxSource = await query<{ max: number }>(source, 'select max(id) as max from organizations');
    expect(org!.id).toBeGreaterThan(maxSource[0]!.max);
  });

  it('refuses to copy a database onto itself', async () => {
    await expect(copyUsersDb(source, source)).rejects.toThrow(/same database/);
  });
});
