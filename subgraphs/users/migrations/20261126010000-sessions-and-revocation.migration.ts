/**
 * Sessions and invitation revocation: `refresh_tokens` keeps only a SHA-256 of each random
 * refresh token (a leaked table opens no session), and `invitations.revoked_at` lets a manager
 * withdraw an invitation while keeping its history.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261126010000SessionsAndRevocation extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "refresh_tokens" (
      "id" serial primary key,
      "user_id" integer not null references "users" ("id") on update cascade on delete cascade,
      "token_hash" text not null,
      "expires_at" timestamptz not null,
      "revoked_at" timestamptz null,
      "created_at" timestamptz not null default now()
    );`);
    this.addSql(`create unique index "refresh_tokens_token_hash_unique" on "refresh_tokens" ("token_hash");`);
    this.addSql(`create index "refresh_tokens_user_id_index" on "refresh_tokens" ("user_id");`);
    this.addSql(`alter table "invitations" add column "revoked_at" timestamptz null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "invitations" drop column if exists "revoked_at";`);
    this.addSql(`drop table if exists "refresh_tokens";`);
  }
}
