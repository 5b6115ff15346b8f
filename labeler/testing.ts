/**
 * Test helper: a real Labeler on port 0 with its own database and bucket on the run's shared
 * PostgreSQL and S3 (jest global setup), migrated and seeded. Used by the Labeler contract tests
 * and by the datasets subgraph tests.
 */
import type { Role } from '../lib/auth';
import type { Storage, StorageSettings } from '../lib/s3';
import { createTestBucket, createTestDatabase } from '../test/harness/infra';
import { migrateLabelerDb } from './db';
import { parseLabelerEnv, type LabelerEnv } from './env';
import { seedLabeler } from './seed';
import { createLabelerServer, type LabelerService } from './server';

export const TEST_SERVICE_KEY = 'test-service-key-0123456789';
/** Integer user ids as the User DB would hand them out; the Labeler only stores the numbers. */
export const TEST_USER_IDS: Record<Role, string> = { admin: '1', manager: '2', advanced_engineer: '3', standard_engineer: '4', guest: '5' };

export interface TestLabeler {
  labeler: LabelerService;
  env: LabelerEnv;
  databaseUrl: string;
  storage: Storage;
  storageSettings: StorageSettings;
  datasetIds: string[];
  /** Start another Labeler on the same database, bucket and (unless given) port. */
  startAgain(port?: number): Promise<LabelerService>;
}

/** The settings of a Labeler on a test database and bucket (port 0 unless overridden, no logs). */
export const testLabelerVariables = (databaseUrl: string, settings: StorageSettings): Record<string, string> => ({
  NODE_ENV: 'test',
  LOG_LEVEL: 'silent',
  LABELER_PORT: '0',
  LABELER_DATABASE_URL: databaseUrl,
  LABELER_SERVICE_KEY: TEST_SERVICE_KEY,
  EXTERNAL_STORAGE_ENDPOINT: settings.endpoint,
  EXTERNAL_STORAGE_ACCESS_KEY: settings.accessKeyId,
  EXTERNAL_STORAGE_SECRET_KEY: settings.secretAccessKey,
  EXTERNAL_STORAGE_BUCKET: settings.bucket,
});

/** `overrides`: extra Labeler settings, e.g. `LABELER_RATE_LIMIT_USER_PER_MIN` lowered for a test. */
export async function startTestLabeler(prefix = 'labeler', overrides: Record<string, string> = {}): Promise<TestLabeler> {
  const databaseUrl = await createTestDatabase(prefix);
  const { settings, storage } = await createTestBucket(prefix);
  await migrateLabelerDb(databaseUrl);
  const { datasetIds } = await seedLabeler({ databaseUrl, storage, ownerIds: TEST_USER_IDS });
  const env = parseLabelerEnv({ ...testLabelerVariables(databaseUrl, settings), ...overrides });
  const labeler = await createLabelerServer(env);
  return {
    labeler,
    env,
    databaseUrl,
    storage,
    storageSettings: settings,
    datasetIds,
    startAgain: (port = labeler.port) => createLabelerServer({ ...env, port }),
  };
}
