/**
 * `npm run db:backup -- [--db users|platform|labeler|all] [--keep N]`: pg_dump (custom format) of
 * each database, streamed to the internal bucket under `backups/<db>/<timestamp>.dump` with a
 * manifest beside it (scripts/db/backup.ts). `--keep N` then deletes the oldest backups beyond N.
 * Databases and bucket come from the same settings as `npm start` and the services
 * (DATABASE_URL, USER_DATABASE_URL, LABELER_DATABASE_URL, INTERNAL_STORAGE_*).
 */
import { parseArgs } from 'node:util';
import { createStorage } from '../lib/s3';
import { applyRetention, backupDatabase, DATABASE_KINDS, type DatabaseKind } from './db/backup';
import { plannedInfra } from './stack/infra';
import { maskSecrets, quietKnownWarnings } from './stack/output';
import { readStackSettings } from './stack/settings';

quietKnownWarnings();
const say = (line: string) => process.stdout.write(`[BACKUP] ${maskSecrets(line)}\n`);

function databasesOf(value: string | undefined): DatabaseKind[] {
  if (value === undefined || value === 'all') return [...DATABASE_KINDS];
  if ((DATABASE_KINDS as readonly string[]).includes(value)) return [value as DatabaseKind];
  throw new Error(`--db ${value}: use users, platform, labeler or all.`);
}

try {
  const { values } = parseArgs({ options: { db: { type: 'string' }, keep: { type: 'string' } }, strict: true });
  const kinds = databasesOf(values.db);
  const keep = values.keep === undefined ? undefined : Number(values.keep);
  if (keep !== undefined && (!Number.isInteger(keep) || keep < 1)) throw new Error(`--keep ${values.keep}: a whole number ≥ 1.`);
  const { databases, internal } = plannedInfra(readStackSettings());
  const storage = createStorage(internal);
  await storage.ensureBucket();
  for (const db of kinds) {
    const manifest = await backupDatabase({ db, url: databases[db], storage, log: say });
    const rows = Object.values(manifest.rowCounts).reduce((a, b) => a + b, 0);
    say(`${db}: ${manifest.key} ${manifest.size} bytes sha256 ${manifest.sha256} · ${Object.keys(manifest.rowCounts).length} tables, ${rows} rows`);
    if (keep !== undefined) {
      const deleted = await applyRetention(storage, db, keep);
      say(`${db}: keeping the newest ${keep}; deleted ${deleted.length ? deleted.join(', ') : 'nothing'}`);
    }
  }
  say(`done: ${kinds.join(', ')} → bucket ${internal.bucket}`);
} catch (error) {
  process.stderr.write(`✗ db:backup failed: ${maskSecrets(error instanceof Error ? error.message : String(error))}\n`);
  process.exitCode = 1;
}
process.exit(process.exitCode ?? 0);
