/**
 * Experiments that people own and star (T6): a description, who created it, and one star per user
 * (replacing the single shared `starred` flag, which could not say whose star it was).
 * `experiments` already has `unique (project_id, name)` from the training migration.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20251127000000_experiments extends Migration {
  override up(): void {
    this.addSql(`alter table experiments add column description text, add column created_by text not null default '';`);
    this.addSql(
      `comment on column experiments.created_by is 'User id from the User DB (no foreign key: another database); empty for rows from before this migration.';`,
    );
    this.addSql(`
      create table experiment_stars (
        experiment_id text not null references experiments (id) on update cascade on delete cascade,
        user_id text not null,
        created_at timestamptz(3) not null default now(),
        primary key (experiment_id, user_id)
      );`);
    // A user's stars across experiments (starred-first ordering) without scanning every star.
    this.addSql(`create index experiment_stars_user_idx on experiment_stars (user_id, experiment_id);`);
    this.addSql(
      `insert into experiment_stars (experiment_id, user_id) select id, created_by from experiments where starred and created_by <> '' on conflict do nothing;`,
    );
    this.addSql(`alter table experiments drop column starred;`);
    this.addSql(`create index experiments_project_idx on experiments (project_id, created_at desc, id desc);`);
    this.addSql(`create index training_jobs_experiment_idx on training_jobs (experiment_id, created_at desc, id desc) where experiment_id is not null;`);
  }

  override down(): void {
    this.addSql('drop index if exists training_jobs_experiment_idx;');
    this.addSql('drop index if exists experiments_project_idx;');
    this.addSql('alter table experiments add column starred boolean not null default false;');
    this.addSql('update experiments set starred = exists (select 1 from experiment_stars s where s.experiment_id = experiments.id);');
    this.addSql('drop table if exists experiment_stars;');
    this.addSql('alter table experiments drop column description, drop column created_by;');
  }
}
