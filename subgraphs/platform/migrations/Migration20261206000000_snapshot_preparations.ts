/**
 * A snapshot's manifest is committed with its job; copying its content into the internal bucket
 * may finish later (decisions.md, "Snapshots record the manifest first"). `snapshot_preparations`
 * holds that mutable part beside the immutable snapshot: copy state and progress, why it failed,
 * and what the bucket looked like when the manifest was last checked against it (so an unchanged
 * dataset reuses the snapshot). A snapshot without a row (made before this migration) is ready.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261206000000_snapshot_preparations extends Migration {
  override up(): void {
    this.addSql(`
      create table snapshot_preparations (
        snapshot_id text primary key references dataset_snapshots (id) on delete cascade,
        state text not null check (state in ('copying', 'ready', 'failed')),
        objects_to_copy integer not null default 0,
        objects_copied integer not null default 0,
        error_code text,
        error_message text,
        storage_path text not null,
        listing_digest text not null,
        dataset_version text,
        verified_at timestamptz(3) not null default now(),
        lease_expires_at timestamptz(3),
        copy_attempts integer not null default 0,
        updated_at timestamptz(3) not null default now()
      );`);
    this.addSql(`create index snapshot_preparations_copying_idx on snapshot_preparations (lease_expires_at) where state = 'copying';`);
    // The newest snapshot of a dataset by one user (the reuse check).
    this.addSql(`create index dataset_snapshots_creator_idx on dataset_snapshots (dataset_id, created_by, created_at desc, id desc);`);
  }

  override down(): void {
    this.addSql('drop index if exists dataset_snapshots_creator_idx;');
    this.addSql('drop table if exists snapshot_preparations;');
  }
}
