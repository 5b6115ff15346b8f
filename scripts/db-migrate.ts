/**
 * `npm run db:migrate`: run the migrations of the User, Labeler and Platform databases named by
 * USER_DATABASE_URL, LABELER_DATABASE_URL and DATABASE_URL (defaults: the `npm start` cluster on
 * 127.0.0.1:5433). Creates missing databases and buckets first. Idempotent; used by the
 * docker-compose `init` service and by deploys.
 *
 * `db:migrate -- users` (or `labeler`, `platform`, several): only the databases named, and no
 * buckets: a service's pre-deploy command (`node dist/db-migrate.js users`) needs only its own
 * database's variable.
 */
import { EnvError } from '../lib/env';
import { maskUrl } from '../lib/log';
import { ensureStores, migrateAll } from './stack/data';
import { plannedInfra } from './stack/infra';
import { maskSecrets, quietKnownWarnings, stackLog } from './stack/output';
import { readStackSettings } from './stack/settings';
import type { DatabaseUrls } from './stack/topology';

quietKnownWarnings();
const log = stackLog('migrate');

const DATABASES = ['users', 'labeler', 'platform'] as const;
const named = process.argv.slice(2);
const unknown = named.filter((name) => !(DATABASES as readonly string[]).includes(name));
if (unknown.length > 0) {
  process.stderr.write(`✗ db:migrate: unknown database ${unknown.join(', ')}; name any of ${DATABASES.join(', ')} (none: all of them)\n`);
  process.exit(2);
}
const only = DATABASES.filter((name) => named.length === 0 || named.includes(name));

try {
  const { databases, external, internal } = plannedInfra(readStackSettings());
  const chosen = Object.fromEntries(only.map((name) => [name, databases[name]])) as Partial<DatabaseUrls>;
  log(only.map((name) => `${name} ${maskUrl(databases[name])}`).join(' · '));
  await ensureStores(chosen, named.length === 0 ? [external, internal] : [], log);
  await migrateAll(chosen, log);
  log(named.length === 0 ? 'all migrations applied' : `migrations of ${only.join(', ')} applied`);
} catch (error) {
  const message = error instanceof EnvError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`✗ db:migrate failed: ${maskSecrets(message)}\n`);
  process.exitCode = 1;
}
process.exit(process.exitCode ?? 0);
