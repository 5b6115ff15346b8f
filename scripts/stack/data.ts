/**
 * Migrations and the demo seed, shared by `npm start`, `npm run db:migrate` and `npm run db:seed`.
 * Every step is idempotent: a second run changes nothing.
 */
import { migrateLabelerDb } from '../../labeler/db';
import { seedLabeler } from '../../labeler/seed';
import { migratePlatformDb } from '../../subgraphs/platform/db';
import { demoProjectMembers, seedPlatform } from '../../subgraphs/platform/seed';
import { migrateUsersDb } from '../../subgraphs/users/db';
import { seedProjectMembers, seedUsers } from '../../subgraphs/users/seed';
import type { Role } from '../../lib/auth';
import { ensureDatabase, withDatabase } from '../../lib/infra/postgres';
import { createStorage, type StorageSettings } from '../../lib/s3';
import { seedDemoRuns } from './demo-runs';
import type { DatabaseUrls, StackSecrets } from './topology';

/** The demo password; only ever used outside production. */
export const DEMO_PASSWORD = 'devpass';

/**
 * Create the three databases and the two buckets when missing (a fresh PostgreSQL or MinIO
 * container). Best effort: a managed database or bucket may exist without us being allowed to
 * create it, and the migrations will say so clearly if it really is missing.
 */
export async function ensureStores(databases: Partial<DatabaseUrls>, buckets: StorageSettings[], log: (line: string) => void): Promise<void> {
  for (const url of Object.values(databases)) {
    const name = new URL(url).pathname.slice(1);
    await ensureDatabase(withDatabase(url, 'postgres'), name).catch((error: Error) => log(`could not check or create database "${name}": ${error.message}`));
  }
  for (const bucket of buckets) {
    await createStorage(bucket)
      .ensureBucket()
      .catch((error: Error) => log(`could not check or create bucket "${bucket.bucket}": ${error.message}`));
  }
}

/** Migrates the databases given (all three for `npm start`; one for a service's pre-deploy command). */
export async function migrateAll(databases: Partial<DatabaseUrls>, log: (line: string) => void): Promise<void> {
  const step = async (name: string, run: () => Promise<void>) => {
    const started = Date.now();
    await run();
    log(`migrated ${name} database (${Date.now() - started} ms)`);
  };
  // Sequential on purpose: a 2-core machine gains nothing and the log stays readable.
  const { users, labeler, platform } = databases;
  if (users) await step('users', () => migrateUsersDb(users));
  if (labeler) await step('labeler', () => migrateLabelerDb(labeler));
  if (platform) await step('platform', () => migratePlatformDb(platform));
}

export interface SeedResult {
  userIds: Record<Role, string>;
  datasetIds: string[];
}

export interface SeedOptions {
  password: string;
  /**
   * Train the demo's history for real (scripts/stack/demo-runs.ts): needs the internal bucket
   * (snapshots, checkpoints) and the stack's secrets. Unset: users, datasets and projects only.
   */
  runs?: { internal: StorageSettings; secrets: StackSecrets };
}

/** Users → Labeler datasets (owned by those users) → platform projects → runs trained on those datasets. */
export async function seedAll(databases: DatabaseUrls, external: StorageSettings, opts: SeedOptions, log: (line: string) => void): Promise<SeedResult> {
  const started = Date.now();
  const { userIds } = await seedUsers(databases.users, { password: opts.password });
  const storage = createStorage(external);
  await storage.ensureBucket();
  const { datasetIds } = await seedLabeler({ databaseUrl: databases.labeler, storage, ownerIds: userIds });
  await seedPlatform(databases.platform, { userIds, datasetIds });
  await seedProjectMembers(databases.users, demoProjectMembers(userIds));
  log(`seeded ${Object.keys(userIds).length} users, ${datasetIds.length} datasets and projects (${Date.now() - started} ms)`);
  if (opts.runs) {
    await createStorage(opts.runs.internal).ensureBucket();
    await seedDemoRuns({ databases, external, internal: opts.runs.internal, secrets: opts.runs.secrets, userIds, datasetIds }, log);
  }
  return { userIds, datasetIds };
}
