/**
 * `npm run db:seed`: the idempotent demo seed (one organization, a user per role with the
 * password `devpass`, Labeler datasets with real images in the external bucket, projects, and
 * training runs the reference trainer really trains on those datasets while seeding). Development only: refused with NODE_ENV=production. Run `npm run db:migrate` first.
 */
import { EnvError } from '../lib/env';
import { maskUrl } from '../lib/log';
import { DEMO_PASSWORD, seedAll } from './stack/data';
import { plannedInfra } from './stack/infra';
import { maskSecrets, quietKnownWarnings, stackLog } from './stack/output';
import { readStackSettings, secretsFor } from './stack/settings';

quietKnownWarnings();
const log = stackLog('seed');

try {
  const settings = readStackSettings();
  if (settings.production) {
    process.stderr.write('✗ db:seed refuses NODE_ENV=production: the demo seed creates accounts with a known password.\n');
    process.exit(1);
  }
  const { databases, external, internal } = plannedInfra(settings);
  log(
    `users ${maskUrl(databases.users)} · labeler ${maskUrl(databases.labeler)} · platform ${maskUrl(databases.platform)} · bucket ${external.bucket} at ${maskSecrets(external.endpoint)}`,
  );
  const { userIds, datasetIds } = await seedAll(databases, external, { password: DEMO_PASSWORD, runs: { internal, secrets: secretsFor(settings) } }, log);
  log(
    `demo logins: ${Object.keys(userIds)
      .map((role) => `${role}@example.com`)
      .join(', ')} (password "${DEMO_PASSWORD}")`,
  );
  log(`datasets: ${datasetIds.join(', ')}`);
} catch (error) {
  const message = error instanceof EnvError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.stderr.write(`✗ db:seed failed: ${maskSecrets(message)}\n`);
  process.exitCode = 1;
}
process.exit(process.exitCode ?? 0);
