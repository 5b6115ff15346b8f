/**
 * Reproducible training (issue 5): immutable dataset snapshots with their manifest, experiments,
 * checkpoints, and the job columns the worker protocol needs (idempotency key, lease, attempts,
 * framework/task/model). Appended after the applied init migration, never merged into it.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20251126000000_training extends Migration {
  override up(): void {
    this.addSql(`
      create table dataset_snapshots (
        id text primary key,
        dataset_id text not null,
        created_by text not null,
        object_count integer not null check (object_count >= 0),
        total_bytes bigint not null check (total_bytes >= 0),
        created_at timestamptz(3) not null default now()
      );`);
    this.addSql(`comment on column dataset_snapshots.dataset_id is 'Labeler dataset id; plain id, no foreign key (T1).';`);
    this.addSql(`create index dataset_snapshots_dataset_idx on dataset_snapshots (dataset_id, created_at desc, id desc);`);
    // The manifest: one row per object of the dataset at snapshot time, pointing at content-addressed copies.
    this.addSql(`
      create table snapshot_objects (
        snapshot_id text not null references dataset_snapshots (id) on delete cascade,
        key text not null,
        content_key text not null,
        size_bytes bigint not null check (size_bytes >= 0),
        etag text not null,
        primary key (snapshot_id, key)
      );`);
    this.addSql(`create index snapshot_objects_content_key_idx on snapshot_objects (content_key);`);
    // A snapshot never changes after creation (T3): the database refuses updates, not just the code.
    this.addSql(`
      create function refuse_snapshot_update() returns trigger language plpgsql as $$
      begin
        raise exception 'dataset snapshots are immutable (% %)', tg_table_name, tg_op using errcode = 'check_violation';
      end $$;`);
    this.addSql(`create trigger dataset_snapshots_immutable before update on dataset_snapshots for each row execute function refuse_snapshot_update();`);
    this.addSql(`create trigger snapshot_objects_immutable before update on snapshot_objects for each row execute function refuse_snapshot_update();`);

    this.addSql(`
      create table experiments (
        id text primary key,
        project_id text not null references projects (id) on update cascade on delete cascade,
        name text not null,
        starred boolean not null default false,
        created_at timestamptz(3) not null default now(),
        unique (project_id, name)
      );`);

    this.addSql(`
      alter table training_jobs
        add column framework text not null default 'reference',
        add column task text not null default 'classification',
        add column model text not null default 'softmax',
        add column experiment_id text references experiments (id) on delete set null,
        add column idempotency_key text,
        add column retry_of text,
        add column worker_id text,
        add column lease_expires_at timestamptz(3),
        add column attempts integer not null default 0 check (attempts >= 0),
        add column eta_seconds integer;`);
    // Jobs created before this migration keep what their config said they were.
    this.addSql(
      `update training_jobs set framework = coalesce(config->>'framework', 'unknown'), model = coalesce(config->>'model', 'unknown'), task = 'detection';`,
    );
    this.addSql(`create unique index training_jobs_idempotency_idx on training_jobs (owner_id, idempotency_key) where idempotency_key is not null;`);
    // Claiming scans queued jobs oldest first; the sweeper scans running jobs by lease expiry.
    this.addSql(`create index training_jobs_queue_idx on training_jobs (framework, created_at, id) where status = 'queued';`);
    this.addSql(`create index training_jobs_lease_idx on training_jobs (lease_expires_at) where status = 'running';`);
    this.addSql(`create index training_jobs_dataset_idx on training_jobs (dataset_id, created_at desc);`);
    this.addSql(`create index training_events_kind_idx on training_events (job_id, kind, id);`);

    this.addSql(`
      create table checkpoints (
        job_id text not null references training_jobs (id) on update cascade on delete cascade,
        name text not null,
        key text not null,
        size_bytes bigint not null check (size_bytes >= 0),
        created_at timestamptz(3) not null default now(),
        primary key (job_id, name)
      );`);
  }

  override down(): void {
    this.addSql('drop table if exists checkpoints;');
    this.addSql('drop index if exists training_events_kind_idx;');
    this.addSql('drop index if exists training_jobs_dataset_idx;');
    this.addSql(`alter table training_jobs
      drop column framework, drop column task, drop column model, drop column experiment_id, drop column idempotency_key,
      drop column retry_of, drop column worker_id, drop column lease_expires_at, drop column attempts, drop column eta_seconds;`);
    this.addSql('drop table if exists experiments;');
    this.addSql('drop table if exists snapshot_objects;');
    this.addSql('drop table if exists dataset_snapshots;');
    this.addSql('drop function if exists refuse_snapshot_update();');
  }
}
