/**
 * The migrations that clean names and descriptions stored before they were checked for control and
 * text-direction characters (decisions.md #74, #76): on a User DB and a Platform DB one migration
 * short of current, rows written as the old API accepted them, then the last migration. Each such
 * character becomes U+FFFD, descriptions keep their line breaks and tabs, clean rows and e-mail
 * addresses are left alone.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { migrateDatabase } from '../lib/orm';
import { migratePlatformDb, platformEntities } from '../subgraphs/platform/db';
import { migrationsList } from '../subgraphs/platform/migrations';
import { migrateUsersDb } from '../subgraphs/users/db';
import { USER_DB_ENTITIES } from '../subgraphs/users/entities';
import { USER_DB_MIGRATIONS } from '../subgraphs/users/migrations';
import { createTestDatabase } from './harness/infra';

const R = '\uFFFD';
const clients: pg.Client[] = [];

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  clients.push(client);
  return client;
}

afterAll(async () => {
  await Promise.all(clients.map((c) => c.end()));
});

describe('the Platform DB migration', () => {
  let db: pg.Client;

  beforeAll(async () => {
    const url = await createTestDatabase('hidden_chars_platform');
    const before = migrationsList.slice(0, -1);
    expect(migrationsList.at(-1)!.name).toBe('Migration20261207000000_hidden_characters');
    await migrateDatabase({ url, entities: platformEntities, migrations: before }, 4_001_000_002);
    db = await connect(url);
    // As the API stored them before the check: a text-direction override, a bell, an isolate, a C1 control.
    await db.query(`insert into projects (id, name, description, owner_id) values
      ('p1', 'report\u202Egnp.exe', 'first line\r\n\tsecond\u0007', '1'), ('p2', 'Clean project', 'line one\nline two', '1')`);
    await db.query(`insert into experiments (id, project_id, name, description) values ('e1', 'p1', '\u2066run\u2069', 'notes\u0085')`);
    await db.query(`insert into training_jobs (id, project_id, owner_id, name) values ('j1', 'p1', '1', 'job\u001b[31m'), ('j2', 'p2', '1', 'Zoë 김민수 🚀')`);
    await db.query(`insert into models (id, project_id, name, description, created_by) values ('m1', 'p1', 'detector', 'model\u202A', '1')`);
    await db.query(`insert into model_versions (id, model_id, version, job_id, framework, task, architecture, description, registered_by)
      values ('v1', 'm1', 1, 'j1', 'reference', 'classification', 'softmax', 'v\u202Bone', '1')`);
    await db.query(`insert into deployments (id, project_id, model_version_id, name, created_by) values ('d1', 'p1', 'v1', 'prod\u202E', '1')`);
    await db.query(
      `insert into deployment_api_keys (id, deployment_id, name, prefix, key_hash, created_by) values ('k1', 'd1', 'key\u007f', 'vpg_', 'h1', '1')`,
    );
    await migratePlatformDb(url);
  });

  const value = async (sql: string) => (await db.query<{ v: string }>(sql)).rows.map((r) => r.v);

  it('shows each hidden character of a name as U+FFFD', async () => {
    expect(await value(`select name as v from projects order by id`)).toEqual([`report${R}gnp.exe`, 'Clean project']);
    expect(await value(`select name as v from experiments`)).toEqual([`${R}run${R}`]);
    expect(await value(`select name as v from training_jobs order by id`)).toEqual([`job${R}[31m`, 'Zoë 김민수 🚀']);
    expect(await value(`select name as v from deployments`)).toEqual([`prod${R}`]);
    expect(await value(`select name as v from deployment_api_keys`)).toEqual([`key${R}`]);
  });

  it('keeps the line breaks and tabs of a description, and a clean one as it was', async () => {
    expect(await value(`select description as v from projects order by id`)).toEqual([`first line\r\n\tsecond${R}`, 'line one\nline two']);
    expect(await value(`select description as v from experiments`)).toEqual([`notes${R}`]);
    expect(await value(`select description as v from models`)).toEqual([`model${R}`]);
    expect(await value(`select description as v from model_versions`)).toEqual([`v${R}one`]);
  });
});

describe('the User DB migration', () => {
  let db: pg.Client;

  beforeAll(async () => {
    const url = await createTestDatabase('hidden_chars_users');
    const before = USER_DB_MIGRATIONS.slice(0, -1);
    expect(USER_DB_MIGRATIONS.at(-1)!.name).toBe('Migration20261207000000HiddenCharacters');
    await migrateDatabase({ url, entities: USER_DB_ENTITIES, migrations: before }, 4_001_000_001);
    db = await connect(url);
    await db.query(`insert into organizations (name) values ('Acme\u202E'), ('Plain org')`);
    await db.query(`insert into users (email, hashed_password, full_name) values
      ('spoof@example.com', 'x', '\u202Enimda'), ('zoe@example.com', 'x', 'Zoë Ångström'), ('bell\u0007@example.com', 'x', null)`);
    await migrateUsersDb(url);
  });

  it("shows each hidden character of a user's or an organization's name as U+FFFD, and leaves e-mail addresses and clean names", async () => {
    const users = await db.query<{ email: string; full_name: string | null }>(`select email, full_name from users order by id`);
    expect(users.rows).toEqual([
      { email: 'spoof@example.com', full_name: `${R}nimda` },
      { email: 'zoe@example.com', full_name: 'Zoë Ångström' },
      { email: 'bell\u0007@example.com', full_name: null },
    ]);
    const orgs = await db.query<{ name: string }>(`select name from organizations order by id`);
    expect(orgs.rows.map((r) => r.name)).toEqual([`Acme${R}`, 'Plain org']);
  });
});
