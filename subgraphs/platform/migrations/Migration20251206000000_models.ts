/**
 * The model registry (T6): models of a project, their numbered versions (each a completed training
 * job with its metrics at registration and its snapshot), exports of a version to deployable
 * formats and batch inference jobs over a snapshot. Exports and inference jobs are worker-protocol
 * jobs like training: queued, leased to a worker, completed or failed. Workers also declare which
 * export formats they produce and whether they run inference jobs.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20251206000000_models extends Migration {
  override up(): void {
    this.addSql(`
      create table models (
        id text primary key,
        project_id text not null references projects (id) on update cascade on delete cascade,
        name text not null,
        description text,
        created_by text not null,
        created_at timestamptz(3) not null default now(),
        unique (project_id, name)
      );`);
    this.addSql(`create index models_created_idx on models (created_at desc, id desc);`);

    this.addSql(`
      create table model_versions (
        id text primary key,
        model_id text not null references models (id) on update cascade on delete cascade,
        version integer not null check (version >= 1),
        job_id text not null references training_jobs (id) on update cascade on delete restrict,
        dataset_id text,
        dataset_snapshot_id text,
        framework text not null,
        task text not null,
        architecture text not null,
        metrics jsonb not null default '{}',
        description text,
        registered_by text not null,
        created_at timestamptz(3) not null default now(),
        unique (model_id, version),
        unique (model_id, job_id)
      );`);
    this.addSql(`comment on column model_versions.metrics is 'The job''s final value of each metric series at registration: {"accuracy": 0.93, …}.';`);
    this.addSql(`create index model_versions_job_idx on model_versions (job_id);`);

    const workerJobColumns = `
        status text not null default 'queued' check (status in ('queued', 'running', 'completed', 'failed', 'cancelled')),
        worker_id text,
        lease_expires_at timestamptz(3),
        attempts integer not null default 0 check (attempts >= 0),
        progress numeric(5,2) not null default 0,
        error_message text,
        created_by text not null,
        created_at timestamptz(3) not null default now(),
        updated_at timestamptz(3) not null default now(),
        started_at timestamptz(3),
        finished_at timestamptz(3)`;

    this.addSql(`
      create table model_exports (
        id text primary key,
        model_version_id text not null references model_versions (id) on update cascade on delete cascade,
        format text not null check (format in ('onnx', 'torchscript', 'tensorrt', 'coreml', 'tflite')),
        framework text not null,
        options jsonb not null default '{}',
        key text,
        size_bytes bigint check (size_bytes >= 0),
        sha256 text,
        ${workerJobColumns}
      );`);
    this.addSql(`create index model_exports_version_idx on model_exports (model_version_id, created_at desc);`);
    this.addSql(`create index model_exports_queue_idx on model_exports (framework, format, created_at, id) where status = 'queued';`);
    this.addSql(`create index model_exports_lease_idx on model_exports (lease_expires_at) where status = 'running';`);

    this.addSql(`
      create table inference_jobs (
        id text primary key,
        model_version_id text not null references model_versions (id) on update cascade on delete cascade,
        framework text not null,
        dataset_snapshot_id text not null,
        result_key text,
        result_size_bytes bigint check (result_size_bytes >= 0),
        prediction_count integer check (prediction_count >= 0),
        ${workerJobColumns}
      );`);
    this.addSql(`create index inference_jobs_version_idx on inference_jobs (model_version_id, created_at desc);`);
    this.addSql(`create index inference_jobs_queue_idx on inference_jobs (framework, created_at, id) where status = 'queued';`);
    this.addSql(`create index inference_jobs_lease_idx on inference_jobs (lease_expires_at) where status = 'running';`);

    this.addSql(`alter table workers add column export_formats jsonb not null default '[]', add column inference boolean not null default false;`);
    this.addSql(`comment on column workers.export_formats is 'Export formats (onnx, torchscript, …) the worker produces for models of its frameworks.';`);
  }

  override down(): void {
    this.addSql('alter table workers drop column export_formats, drop column inference;');
    this.addSql('drop table if exists inference_jobs;');
    this.addSql('drop table if exists model_exports;');
    this.addSql('drop table if exists model_versions;');
    this.addSql('drop table if exists models;');
  }
}
