/**
 * Login throttling in the User DB (lib/login-throttle.ts): one row per throttled key (`account:`
 * or `address:` and a SHA-256 digest) with the attempts counted in its current window, shared by
 * every replica of the users subgraph and the Labeler. Rows past `reset_at` are deleted now and then.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261205000000LoginFailures extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "login_failures" (
      "key" text primary key,
      "failures" integer not null check ("failures" >= 0),
      "reset_at" timestamptz not null
    );`);
    this.addSql(`create index "login_failures_reset_at_index" on "login_failures" ("reset_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "login_failures";`);
  }
}
