/**
 * `npm run db:migrate`: run the migrations of the User, Labeler and Platform databases named by
 * USER_DATABASE_URL, LABELER_DATABASE_URL and DATABASE_URL (defaults: the `npm start` cluster on
 * 127.0.0.1:5433). Creates missing databases and buckets first. Idempotent; used by the
 * docker-compose `init` service and by deploys.
 */
import { EnvError } from '../lib/env';
import { maskUrl } from '../lib/log';
import { ensureStores, migrateAll } from './stack/data';
import { plannedInfra } from './stack/infra';
import { maskSecrets, quietKnownWarnings, stackLog } from './stack/output';
import { readStackSettings } from './stack/settings';

quietKnownWarnings();
const log = stackLog('migrate');

try {
  const { databases, external, internal } = plannedInfra(readStackSettings());
  log(`users ${maskUrl(databases.users)} · labeler ${maskUrl(databases.labeler)} · platform ${maskUrl(databases.platform)}`);
  await ensureStores(databases, [external, internal], log);
  await migrateAll(databases, log);
  log('all migrations applied');
} catch (error) {
  const message = error instanceof EnvError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`✗ db:migrate failed: ${maskSecrets(message)}\n`);
  process.exitCode = 1;
}
process.exit(process.exitCode ?? 0);
