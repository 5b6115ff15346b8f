/**
 * Jest global setup: one real PostgreSQL cluster and one local S3 server for the whole run.
 * Test files create their own databases and buckets on them (see `test/harness/infra.ts`).
 */
import { chmodSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPostgres } from '../../lib/infra/postgres';
import { startS3Server } from '../../lib/infra/s3-server';

export default async function globalSetup(): Promise<void> {
  const root = mkdtempSync(path.join(os.tmpdir(), 'vpg-test-'));
  // mkdtemp makes the folder private; as root, PostgreSQL runs as `postgres` and must reach it.
  chmodSync(root, 0o755);
  const pg = await startPostgres({ dataDir: path.join(root, 'pg'), port: 0 });
  const s3 = await startS3Server({ directory: path.join(root, 's3'), port: 0, buckets: [] });
  process.env.TEST_PG_ADMIN_URL = pg.url('postgres');
  process.env.TEST_S3_ENDPOINT = s3.endpoint;
  process.env.TEST_TMP_ROOT = root;
  (globalThis as Record<string, unknown>).__VPG_INFRA__ = { pg, s3, root };
}
