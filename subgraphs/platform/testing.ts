/**
 * Test helpers for the platform subgraph: a migrated and seeded database, servers on port 0,
 * tokens per role (signed with the dev secret, so the users subgraph is not needed), the harness
 * GraphQL client on a started server. Used by this subgraph's integration tests; not imported by production code.
 */
import { DEV_JWT_SECRET } from '../../lib/env';
import { ROLES, signAccessToken, type Role } from '../../lib/auth';
import type { RunningService } from '../../lib/http';
import { createGraphQLClient, type GraphQLClient } from '../../test/harness/graphql-client';
import { createTestDatabase } from '../../test/harness/infra';
import { migrateUsersDb } from '../users/db';
import { seedUsers } from '../users/seed';
import { migratePlatformDb } from './db';
import { parsePlatformEnv } from './env';
import { seedFixtureJobs } from './fixture-jobs';
import { seedPlatform } from './seed';
import { createPlatformServer, type PlatformHooks } from './server';

export const TEST_USER_IDS: Record<Role, string> = { admin: '1', manager: '2', advanced_engineer: '3', standard_engineer: '4', guest: '5' };
export const TEST_DATASET_IDS = ['ds_00000000000000a1', 'ds_00000000000000b2', 'ds_00000000000000c3'];
const JWT = { secret: DEV_JWT_SECRET, algorithm: 'HS256' as const };

export async function createSeededPlatformDb(prefix: string): Promise<string> {
  const url = await createTestDatabase(prefix);
  await migratePlatformDb(url);
  await seedPlatform(url, { userIds: TEST_USER_IDS, datasetIds: TEST_DATASET_IDS });
  await seedFixtureJobs(url, { userIds: TEST_USER_IDS, datasetIds: TEST_DATASET_IDS });
  return url;
}

/**
 * A User DB with the demo users (ids 1–5 as in TEST_USER_IDS) and no project memberships: tests add
 * the memberships they need, so the platform's visibility rules are exercised against real rows.
 */
export async function createSeededUsersDb(prefix: string): Promise<string> {
  const url = await createTestDatabase(`${prefix}_users`);
  await migrateUsersDb(url);
  const { userIds } = await seedUsers(url, { password: 'devpass' });
  if (JSON.stringify(userIds) !== JSON.stringify(TEST_USER_IDS)) throw new Error(`unexpected seeded user ids ${JSON.stringify(userIds)}`);
  return url;
}

export function startPlatform(
  databaseUrl: string,
  userDatabaseUrl: string,
  opts: { env?: Record<string, string>; hooks?: PlatformHooks } = {},
): Promise<RunningService> {
  return createPlatformServer(
    parsePlatformEnv({ DATABASE_URL: databaseUrl, USER_DATABASE_URL: userDatabaseUrl, PLATFORM_PORT: '0', LOG_LEVEL: 'silent', NODE_ENV: 'test', ...opts.env }),
    opts.hooks,
  );
}

/** `Bearer …` for each role (user ids from TEST_USER_IDS), plus one for a user outside the seed. */
export async function roleTokens(): Promise<Record<Role | 'stranger', string>> {
  const entries = await Promise.all(
    ROLES.map(async (role) => [role, `Bearer ${(await signAccessToken({ id: TEST_USER_IDS[role], email: `${role}@example.com`, role }, JWT)).token}`] as const),
  );
  const stranger = (await signAccessToken({ id: '99', email: 'stranger@example.com', role: 'standard_engineer' }, JWT)).token;
  return { ...Object.fromEntries(entries), stranger: `Bearer ${stranger}` } as Record<Role | 'stranger', string>;
}

/** A GraphQL client on a platform server started here (pass `{ authorization }` from `roleTokens()`). */
export const clientFor = (service: RunningService): GraphQLClient => createGraphQLClient(`${service.url}/graphql`);
