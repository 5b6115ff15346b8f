/**
 * `npm run db:init:users`: prepare the shared User DB named by USER_DATABASE_URL (migrations) and
 * create the first admin from ADMIN_EMAIL / ADMIN_PASSWORD. Without ADMIN_PASSWORD a password is
 * generated and printed once. Safe to re-run: with an active admin present nothing is created.
 */
import { loadEnvOrExit } from '../lib/env';
import { maskUrl } from '../lib/log';
import { parseUsersInitEnv } from '../subgraphs/users/env';
import { initUsersDb } from '../subgraphs/users/init';
import { maskSecrets } from './stack/output';

const { databaseUrl: url, adminEmail, adminPassword } = loadEnvOrExit('db:init:users', () => parseUsersInitEnv());
const say = (line: string) => process.stdout.write(`${line}\n`);

try {
  say(`[CONFIG] Using shared PostgreSQL User DB: ${maskUrl(url)}`);
  const result = await initUsersDb(url, { adminEmail, adminPassword });
  say('[INIT] Schema is up to date: users, organizations, invitations, project_members, refresh_tokens; enum user_role');
  if (result.createdAdmin) {
    say(`[INIT] Created the first admin: ${result.createdAdmin.email} (id ${result.createdAdmin.id})`);
    if (result.generatedPassword) {
      say(`[INIT] Generated password (shown once, not stored anywhere; change it after the first login): ${result.generatedPassword}`);
    } else {
      say('[INIT] Password: the one given in ADMIN_PASSWORD');
    }
  } else {
    say(`[INIT] ${result.existingAdmins} active admin(s) already exist; no account created`);
  }
  say(`[STARTUP] Found ${result.userCount} existing user(s) in Shared User DB`);
} catch (error) {
  process.stderr.write(`✗ db:init:users failed: ${maskSecrets(error instanceof Error ? error.message : String(error))}\n`);
  process.exitCode = 1;
}
process.exit(process.exitCode ?? 0);
