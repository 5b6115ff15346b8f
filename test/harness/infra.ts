/** Per-test-file access to the run's shared PostgreSQL and S3 (started by global-setup.ts). */
import { randomBytes } from 'node:crypto';
import { ensureDatabase, withDatabase } from '../../lib/infra/postgres';
import { createStorage, type Storage, type StorageSettings } from '../../lib/s3';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests through \`npm test\` (jest global setup starts PostgreSQL and S3).`);
  return value;
}

const suffix = () => randomBytes(4).toString('hex');

/** A fresh, empty database for this test file; returns its connection string. */
export async function createTestDatabase(prefix: string): Promise<string> {
  const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${suffix()}`;
  const admin = required('TEST_PG_ADMIN_URL');
  await ensureDatabase(admin, name);
  return withDatabase(admin, name);
}

/** Settings for a fresh bucket on the run's S3 server (the bucket is created). */
export async function createTestBucket(prefix: string): Promise<{ settings: StorageSettings; storage: Storage }> {
  const settings: StorageSettings = {
    endpoint: required('TEST_S3_ENDPOINT'),
    region: 'us-east-1',
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
    bucket: `${prefix.toLowerCase().replace(/[^a-z0-9-]/g, '-')}-${suffix()}`,
  };
  const storage = createStorage(settings);
  await storage.ensureBucket();
  return { settings, storage };
}
