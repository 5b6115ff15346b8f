/**
 * Workers declare what they run: each claim records the worker's frameworks and tasks and when it
 * was last heard from, so a queued job can say which worker it waits for (`TrainingJob.queueReason`).
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20251205000000_workers extends Migration {
  override up(): void {
    this.addSql(`
      create table workers (
        id text primary key,
        frameworks jsonb not null,
        tasks jsonb,
        last_seen_at timestamptz(3) not null default now()
      );`);
    this.addSql(`comment on column workers.tasks is 'Tasks the worker trains; null when it did not say (any task of its frameworks).';`);
    this.addSql(`create index workers_last_seen_idx on workers (last_seen_at desc);`);
  }

  override down(): void {
    this.addSql('drop table if exists workers;');
  }
}
