/**
 * The ordered list of User DB migrations. Listed by hand instead of discovered on disk, so the
 * same code runs under tsx, jest (native ESM) and a bundled build. Append new migrations; never
 * edit or reorder applied ones.
 */
import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126000000Initial } from './20261126000000-initial.migration';
import { Migration20261126010000SessionsAndRevocation } from './20261126010000-sessions-and-revocation.migration';
import { Migration20261205000000LoginFailures } from './20261205000000-login-failures.migration';
import { Migration20261206000000InvitationDatasetPermission } from './20261206000000-invitation-dataset-permission.migration';
import { Migration20261206100000AccessChangedNotify } from './20261206100000-access-changed-notify.migration';
import { Migration20261207000000HiddenCharacters } from './20261207000000-hidden-characters.migration';

export const USER_DB_MIGRATIONS: MigrationObject[] = [
  { name: 'Migration20261126000000Initial', class: Migration20261126000000Initial },
  { name: 'Migration20261126010000SessionsAndRevocation', class: Migration20261126010000SessionsAndRevocation },
  { name: 'Migration20261205000000LoginFailures', class: Migration20261205000000LoginFailures },
  { name: 'Migration20261206000000InvitationDatasetPermission', class: Migration20261206000000InvitationDatasetPermission },
  { name: 'Migration20261206100000AccessChangedNotify', class: Migration20261206100000AccessChangedNotify },
  { name: 'Migration20261207000000HiddenCharacters', class: Migration20261207000000HiddenCharacters },
];
