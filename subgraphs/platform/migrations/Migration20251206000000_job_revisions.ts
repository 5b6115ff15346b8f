/**
 * What a job looked like at each of its events: one row per NOTIFY on `training_job_updated`,
 * written in the same transaction, whose id the event carries. A reader resolving that event reads
 * the job's own fields from here (its status, progress, epoch… as of the event), not the row as it
 * is by then. Rows are kept for a while (lease sweeper), long enough for any event to be resolved.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20251206000000_job_revisions extends Migration {
  override up(): void {
    this.addSql(`
      create table training_job_revisions (
        id bigserial primary key,
        job_id text not null references training_jobs (id) on delete cascade,
        state jsonb not null,
        created_at timestamptz(3) not null default now()
      );`);
    this.addSql(`create index training_job_revisions_created_idx on training_job_revisions (created_at);`);
  }

  override down(): void {
    this.addSql('drop table if exists training_job_revisions;');
  }
}
