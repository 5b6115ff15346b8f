/**
 * Each training event carries the attempt it belongs to (the job's `attempts` when it was
 * written: 0 before the first claim), so that a requeued job's metric series do not run into the
 * previous attempt's. Events from before this migration cannot be told apart: they go to the
 * job's latest attempt, which is where readers looked for them until now.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20251205010000_event_attempts extends Migration {
  override up(): void {
    this.addSql(`alter table training_events add column attempt integer not null default 0;`);
    this.addSql(`update training_events e set attempt = j.attempts from training_jobs j where j.id = e.job_id and j.attempts <> 0;`);
    // One attempt's metric series, oldest first (the other kinds are read across attempts by training_events_kind_idx).
    this.addSql(`create index training_events_metric_attempt_idx on training_events (job_id, attempt, id) where kind = 'metric';`);
  }

  override down(): void {
    this.addSql('drop index if exists training_events_metric_attempt_idx;');
    this.addSql('alter table training_events drop column attempt;');
  }
}
