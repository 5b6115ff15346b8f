/** Projects, training jobs and their event log. */
import { Migration } from '@mikro-orm/migrations';

export class Migration20250601000000_init extends Migration {
  override up(): void {
    this.addSql(`
      create table projects (
        id text primary key,
        name text not null,
        description text,
        owner_id text not null,
        created_at timestamptz(3) not null default now()
      );`);
    this.addSql(`comment on column projects.owner_id is 'User id from the User DB (no foreign key: another database).';`);
    this.addSql(`create index projects_owner_id_idx on projects (owner_id);`);
    this.addSql(`create index projects_listing_idx on projects (created_at desc, id desc);`);

    this.addSql(`
      create table training_jobs (
        id text primary key,
        project_id text not null references projects (id) on update cascade on delete restrict,
        owner_id text not null,
        name text not null,
        status text not null default 'queued'
          constraint training_jobs_status_check check (status in ('queued', 'running', 'completed', 'failed', 'cancelled')),
        progress numeric(5, 2) not null default 0
          constraint training_jobs_progress_check check (progress between 0 and 100),
        epoch integer not null default 0 check (epoch >= 0),
        total_epochs integer not null default 0 check (total_epochs >= 0),
        dataset_id text,
        dataset_snapshot_id text,
        config jsonb not null default '{}'::jsonb,
        error_message text,
        created_at timestamptz(3) not null default now(),
        updated_at timestamptz(3) not null default now(),
        started_at timestamptz(3),
        finished_at timestamptz(3)
      );`);
    this.addSql(`comment on column training_jobs.dataset_id is 'Labeler dataset id; plain id, no foreign key (T1).';`);
    this.addSql(`comment on column training_jobs.dataset_snapshot_id is 'Platform snapshot id; plain id (T1).';`);
    // Listing is newest first, for everyone (managers) or per owner (engineers): keyset indexes for both.
    this.addSql(`create index training_jobs_listing_idx on training_jobs (created_at desc, id desc);`);
    this.addSql(`create index training_jobs_owner_listing_idx on training_jobs (owner_id, created_at desc, id desc);`);
    this.addSql(`create index training_jobs_project_id_idx on training_jobs (project_id);`);

    this.addSql(`
      create table training_events (
        id bigserial primary key,
        job_id text not null references training_jobs (id) on update cascade on delete cascade,
        kind text not null,
        payload jsonb not null default '{}'::jsonb,
        created_at timestamptz(3) not null default now()
      );`);
    this.addSql(`create index training_events_job_id_idx on training_events (job_id, id);`);
  }

  override down(): void {
    this.addSql('drop table if exists training_events;');
    this.addSql('drop table if exists training_jobs;');
    this.addSql('drop table if exists projects;');
  }
}
