/**
 * `npm run db:restore -- --db users|platform|labeler --into NEW_NAME [--from TIMESTAMP|latest]
 * [--target-url postgresql://…] [--force]`: restore a backup made by `db:backup` into a new
 * database (on the database's own server, or the server of --target-url), after checking the
 * dump's size and SHA-256 against its manifest; then compare every table's row count with the
 * manifest. Exit code 1 on any mismatch. An existing target database is refused unless --force.
 */
import { parseArgs } from 'node:util';
import { createStorage } from '../lib/s3';
import { DATABASE_KINDS, restoreDatabase, type DatabaseKind } from './db/backup';
import { plannedInfra } from './stack/infra';
import { maskSecrets, quietKnownWarnings } from './stack/output';
import { readStackSettings } from './stack/settings';

quietKnownWarnings();
const say = (line: string) => process.stdout.write(`[RESTORE] ${maskSecrets(line)}\n`);
const usage = 'usage: npm run db:restore -- --db users|platform|labeler --into NEW_DATABASE [--from TIMESTAMP|latest] [--target-url URL] [--force]';

try {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, from: { type: 'string' }, into: { type: 'string' }, 'target-url': { type: 'string' }, force: { type: 'boolean' } },
    strict: true,
  });
  if (!values.db || !(DATABASE_KINDS as readonly string[]).includes(values.db) || !values.into) throw new Error(usage);
  const db = values.db as DatabaseKind;
  const { databases, internal } = plannedInfra(readStackSettings());
  const result = await restoreDatabase({
    db,
    serverUrl: values['target-url'] ?? databases[db],
    storage: createStorage(internal),
    from: values.from ?? 'latest',
    into: values.into,
    force: values.force ?? false,
    log: say,
  });
  for (const check of result.checks) {
    const mark = check.actual === check.expected ? '✓' : '✗';
    say(`${check.table.padEnd(40)} backup ${String(check.expected).padStart(8)}  restored ${String(check.actual ?? 'missing').padStart(8)} ${mark}`);
  }
  if (!result.ok) {
    const bad = result.checks.filter((check) => check.actual !== check.expected).map((check) => check.table);
    throw new Error(`row counts differ from the manifest of ${result.manifest.timestamp} in ${bad.join(', ')}; do not use ${values.into}.`);
  }
  say(`done: ${result.manifest.key} restored into ${values.into}; every table's row count matches the manifest`);
} catch (error) {
  process.stderr.write(`✗ db:restore failed: ${maskSecrets(error instanceof Error ? error.message : String(error))}\n`);
  process.exitCode = 1;
}
process.exit(process.exitCode ?? 0);
