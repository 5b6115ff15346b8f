/**
 * Deployments (T6): a model version served by the platform's inference endpoint
 * (`/inference/v1/deployments/{id}/predict`), with its lifecycle PENDING → READY → STOPPED | FAILED
 * and the reason of the last change, the internal-bucket key of the ONNX file it serves, and its
 * API keys (only a SHA-256 of each key is stored; the key itself is shown once).
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20251206010000_deployments extends Migration {
  override up(): void {
    this.addSql(`
      create table deployments (
        id text primary key,
        project_id text not null references projects (id) on update cascade on delete cascade,
        model_version_id text not null references model_versions (id) on update cascade on delete cascade,
        export_id text references model_exports (id) on update cascade on delete set null,
        name text not null check (char_length(name) between 1 and 120),
        status text not null default 'pending' check (status in ('pending', 'ready', 'stopped', 'failed')),
        status_reason text,
        model_key text,
        model_sha256 text,
        created_by text not null,
        created_at timestamptz(3) not null default now(),
        updated_at timestamptz(3) not null default now(),
        ready_at timestamptz(3),
        stopped_at timestamptz(3)
      );`);
    this.addSql(`create index deployments_version_idx on deployments (model_version_id, created_at desc);`);
    this.addSql(`create index deployments_project_idx on deployments (project_id, created_at desc);`);
    this.addSql(`
      create table deployment_api_keys (
        id text primary key,
        deployment_id text not null references deployments (id) on update cascade on delete cascade,
        name text not null check (char_length(name) between 1 and 120),
        prefix text not null,
        key_hash text not null unique,
        created_by text not null,
        created_at timestamptz(3) not null default now(),
        last_used_at timestamptz(3),
        revoked_at timestamptz(3)
      );`);
    this.addSql(`create index deployment_api_keys_deployment_idx on deployment_api_keys (deployment_id, created_at desc);`);
    this.addSql(`comment on column deployment_api_keys.key_hash is 'SHA-256 (hex) of the key; the key itself is shown once at creation and never stored.';`);
  }

  override down(): void {
    this.addSql('drop table if exists deployment_api_keys;');
    this.addSql('drop table if exists deployments;');
  }
}
