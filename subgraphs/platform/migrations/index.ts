/**
 * Every Platform DB migration, in order. Listed explicitly (not discovered from a folder) so they
 * run the same under tsx, jest ESM and a bundle. Append new ones; never edit an applied one.
 */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20250601000000_init } from './Migration20250601000000_init';
import { Migration20251126000000_training } from './Migration20251126000000_training';
import { Migration20251126010000_legacy_datasets } from './Migration20251126010000_legacy_datasets';
import { Migration20251127000000_experiments } from './Migration20251127000000_experiments';
import { Migration20251205000000_workers } from './Migration20251205000000_workers';
import { Migration20251205010000_event_attempts } from './Migration20251205010000_event_attempts';
import { Migration20251206000000_job_revisions } from './Migration20251206000000_job_revisions';
import { Migration20251206000000_models } from './Migration20251206000000_models';
import { Migration20251206010000_deployments } from './Migration20251206010000_deployments';
import { Migration20261206000000_snapshot_preparations } from './Migration20261206000000_snapshot_preparations';
import { Migration20261207000000_hidden_characters } from './Migration20261207000000_hidden_characters';

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20250601000000_init', class: Migration20250601000000_init },
  { name: 'Migration20251126000000_training', class: Migration20251126000000_training },
  { name: 'Migration20251126010000_legacy_datasets', class: Migration20251126010000_legacy_datasets },
  { name: 'Migration20251127000000_experiments', class: Migration20251127000000_experiments },
  { name: 'Migration20251205000000_workers', class: Migration20251205000000_workers },
  { name: 'Migration20251205010000_event_attempts', class: Migration20251205010000_event_attempts },
  { name: 'Migration20251206000000_job_revisions', class: Migration20251206000000_job_revisions },
  { name: 'Migration20251206000000_models', class: Migration20251206000000_models },
  { name: 'Migration20251206010000_deployments', class: Migration20251206010000_deployments },
  { name: 'Migration20261206000000_snapshot_preparations', class: Migration20261206000000_snapshot_preparations },
  { name: 'Migration20261207000000_hidden_characters', class: Migration20261207000000_hidden_characters },
];
