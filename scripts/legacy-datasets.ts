/**
 * `node --import tsx scripts/legacy-datasets.ts`: mark the legacy `datasets` table of the Platform
 * DB named by DATABASE_URL (subgraphs/platform/legacy-datasets.ts) and print a report. The same
 * statement runs as a migration; this command is for a database migrated by other means.
 */
import { maskUrl } from '../lib/log';
import { parsePlatformDatabaseUrl } from '../subgraphs/platform/env';
import { markLegacyDatasets } from '../subgraphs/platform/legacy-datasets';

const url = parsePlatformDatabaseUrl();
markLegacyDatasets(url)
  .then((report) => {
    const where = maskUrl(url);
    if (!report.hadDatasetsTable) process.stdout.write(`[legacy-datasets] ${where}: no datasets table, nothing to do\n`);
    else
      process.stdout.write(
        `[legacy-datasets] ${where}: ${report.legacyDatasets} dataset row(s) marked is_legacy, ${report.jobsReferencingLegacy} job(s) reference them, ` +
          `foreign keys dropped: ${report.foreignKeysDropped.join(', ') || 'none'}\n`,
      );
  })
  .catch((error: unknown) => {
    process.stderr.write(`[legacy-datasets] failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
