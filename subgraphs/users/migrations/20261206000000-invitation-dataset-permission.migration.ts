/**
 * The dataset permission a dataset invitation grants when it is accepted: `viewer` (the Labeler's
 * `read_only`) or `editor` (`read_write`). Null on invitations without a dataset.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261206000000InvitationDatasetPermission extends Migration {
  override async up(): Promise<void> {
    this.addSql(`alter table "invitations" add column "dataset_permission" text null check ("dataset_permission" in ('viewer', 'editor'));`);
    this.addSql(`update "invitations" set "dataset_permission" = 'viewer' where "dataset_id" is not null and "dataset_permission" is null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "invitations" drop column if exists "dataset_permission";`);
  }
}
