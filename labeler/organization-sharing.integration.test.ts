/**
 * Organization sharing in the Labeler reference (seed 1.5): a dataset with `visibility =
 * organization` is read by the members of its owner's organization (read_only), by no one else,
 * and never written through that share. Membership is read from the shared User DB on every
 * check, so leaving the organization takes effect on the next request. Real PostgreSQL (Labeler
 * DB and User DB) and a real S3 server.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import type { Role } from '../lib/auth';
import { createTestBucket, createTestDatabase } from '../test/harness/infra';
import { migrateUsersDb } from '../subgraphs/users/db';
import { seedUsers } from '../subgraphs/users/seed';
import { migrateLabelerDb } from './db';
import { parseLabelerEnv } from './env';
import { seedLabeler, SEED_DATASETS } from './seed';
import { createLabelerServer, type LabelerService } from './server';
import { testLabelerVariables, TEST_SERVICE_KEY } from './testing';

const VOC = SEED_DATASETS.find((d) => d.visibility === 'organization')!.id;
const YOLO = SEED_DATASETS.find((d) => d.visibility === 'private')!.id;

let labeler: LabelerService;
let unshared: LabelerService;
let users: pg.Pool;
let userIds: Record<Role, string>;
/** A user of another organization, and one of none. */
let outsider: number;
let loner: number;
let otherOrganization: number;

async function api(base: LabelerService, path: string, init: { method?: string; json?: unknown } = {}) {
  const res = await fetch(`${base.url}/api/v1${path}`, {
    method: init.method ?? 'GET',
    headers: { Authorization: `Bearer ${TEST_SERVICE_KEY}`, ...(init.json !== undefined ? { 'Content-Type': 'application/json' } : {}) },
    body: init.json !== undefined ? JSON.stringify(init.json) : undefined,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
const uid = (role: Role) => Number(userIds[role]);
const permission = async (user: number, base = labeler) => (await api(base, `/datasets/${VOC}/permissions/${user}`)).body;
const listed = async (user: number, base = labeler) =>
  ((await api(base, `/datasets?accessible_to=${user}&limit=100`)).body.datasets as Array<{ id: string }>).map((d) => d.id);

beforeAll(async () => {
  const [usersDb, labelerDb, bucket] = await Promise.all([
    createTestDatabase('orgshare_users'),
    createTestDatabase('orgshare_labeler'),
    createTestBucket('orgshare'),
  ]);
  await Promise.all([migrateUsersDb(usersDb), migrateLabelerDb(labelerDb)]);
  ({ userIds } = await seedUsers(usersDb, { password: 'devpass' }));
  await seedLabeler({ databaseUrl: labelerDb, storage: bucket.storage, ownerIds: userIds });
  users = new pg.Pool({ connectionString: usersDb, max: 2 });
  otherOrganization = (await users.query<{ id: number }>(`insert into organizations (name, created_at) values ('Other Co', now()) returning id`)).rows[0]!.id;
  const addUser = async (email: string, organization: number | null) =>
    (
      await users.query<{ id: number }>(
        `insert into users (email, hashed_password, role, organization_id, is_active, created_at) values ($1, 'x', 'advanced_engineer', $2, true, now()) returning id`,
        [email, organization],
      )
    ).rows[0]!.id;
  outsider = await addUser('outsider@other.example', otherOrganization);
  loner = await addUser('loner@example.com', null);
  const vars = testLabelerVariables(labelerDb, bucket.settings);
  labeler = await createLabelerServer(parseLabelerEnv({ ...vars, USER_DATABASE_URL: usersDb }));
  unshared = await createLabelerServer(parseLabelerEnv(vars));
}, 60_000);

afterAll(async () => {
  await labeler?.close();
  await unshared?.close();
  await users?.end();
});

describe('an organization dataset in the Labeler', () => {
  it.each(['manager', 'advanced_engineer', 'standard_engineer', 'guest'] as const)('is read_only for %s, a member of the owner organization', async (role) => {
    expect(await permission(uid(role))).toEqual({ has_access: true, permission_level: 'read_only', granted_at: null });
    expect(await listed(uid(role))).toContain(VOC);
  });

  it('stays admin for its owner', async () => {
    expect(await permission(uid('admin'))).toMatchObject({ has_access: true, permission_level: 'admin' });
  });

  it('is refused to a user of another organization and to a user of none', async () => {
    for (const user of [outsider, loner]) {
      expect(await permission(user)).toEqual({ has_access: false, permission_level: null, granted_at: null });
      expect(await listed(user)).not.toContain(VOC);
      expect((await api(labeler, `/datasets/${VOC}/download-url`, { method: 'POST', json: { user_id: user } })).status).toBe(403);
      expect((await api(labeler, `/datasets/${VOC}/images?user_id=${user}`)).status).toBe(403);
    }
  });

  it('gives members the bytes (download URL, images) and the batch permission', async () => {
    const member = uid('guest');
    expect((await api(labeler, `/datasets/${VOC}/download-url`, { method: 'POST', json: { user_id: member } })).status).toBe(200);
    expect((await api(labeler, `/datasets/${VOC}/images?user_id=${member}&limit=2`)).status).toBe(200);
    const batch = await api(labeler, '/datasets/batch', { method: 'POST', json: { dataset_ids: [VOC], user_id: member } });
    expect((batch.body.datasets as Array<{ permission: unknown }>)[0]!.permission).toEqual({
      has_access: true,
      permission_level: 'read_only',
      granted_at: null,
    });
  });

  it('never lets a member write or administer through the share', async () => {
    const member = uid('manager');
    expect((await api(labeler, `/datasets/${VOC}/upload-urls`, { method: 'POST', json: { files: [{ path: 'x.png' }], acting_user_id: member } })).status).toBe(
      403,
    );
    expect((await api(labeler, `/datasets/${VOC}`, { method: 'PATCH', json: { name: 'renamed', acting_user_id: member } })).status).toBe(403);
  });

  it('does not share private datasets with the organization', async () => {
    expect((await api(labeler, `/datasets/${YOLO}/permissions/${uid('guest')}`)).body).toMatchObject({ has_access: false });
    expect(await listed(uid('guest'))).not.toContain(YOLO);
  });

  it('stops on the next request once the member leaves the organization, and starts again when they return', async () => {
    const member = uid('standard_engineer');
    const home = (await users.query<{ organization_id: number }>('select organization_id from users where id = $1', [member])).rows[0]!.organization_id;
    await users.query('update users set organization_id = $2 where id = $1', [member, otherOrganization]);
    try {
      expect(await permission(member)).toMatchObject({ has_access: false });
      expect(await listed(member)).not.toContain(VOC);
    } finally {
      await users.query('update users set organization_id = $2 where id = $1', [member, home]);
    }
    expect(await permission(member)).toMatchObject({ has_access: true, permission_level: 'read_only' });
  });

  it('without the User DB (USER_DATABASE_URL unset) is shared with nobody: closed, not open', async () => {
    expect(await permission(uid('guest'), unshared)).toMatchObject({ has_access: false });
    expect(await listed(uid('guest'), unshared)).not.toContain(VOC);
    expect(await permission(uid('admin'), unshared)).toMatchObject({ has_access: true, permission_level: 'admin' });
  });
});
