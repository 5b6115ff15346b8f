/**
 * The User DB's first schema: written by hand (no schema sync), so what production runs is what
 * review read. The enum is created with raw SQL because its lowercase values are a contract with
 * the Labeler, which reads the same database.
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261126000000Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create type "user_role" as enum ('admin', 'manager', 'advanced_engineer', 'standard_engineer', 'guest');`);

    this.addSql(`create table "organizations" (
      "id" serial primary key,
      "name" text not null,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now()
    );`);

    this.addSql(`create table "users" (
      "id" serial primary key,
      "email" text not null,
      "hashed_password" text not null,
      "full_name" text null,
      "role" "user_role" not null default 'standard_engineer',
      "organization_id" integer null references "organizations" ("id") on update cascade on delete set null,
      "is_active" boolean not null default true,
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      constraint "users_email_lowercase_check" check ("email" = lower("email"))
    );`);
    this.addSql(`create unique index "users_email_unique" on "users" ("email");`);
    this.addSql(`create index "users_organization_id_index" on "users" ("organization_id");`);

    this.addSql(`create table "invitations" (
      "id" serial primary key,
      "email" text not null,
      "token_hash" text not null,
      "organization_id" integer null references "organizations" ("id") on update cascade on delete cascade,
      "project_id" text null,
      "dataset_id" text null,
      "role" "user_role" not null default 'standard_engineer',
      "expires_at" timestamptz not null,
      "accepted_at" timestamptz null,
      "created_by" integer null references "users" ("id") on update cascade on delete set null,
      "created_at" timestamptz not null default now()
    );`);
    this.addSql(`create unique index "invitations_token_hash_unique" on "invitations" ("token_hash");`);
    this.addSql(`create index "invitations_email_index" on "invitations" ("email");`);

    this.addSql(`create table "project_members" (
      "id" serial primary key,
      "project_id" text not null,
      "user_id" integer not null references "users" ("id") on update cascade on delete cascade,
      "role" text not null default 'member',
      "created_at" timestamptz not null default now(),
      constraint "project_members_role_check" check ("role" in ('owner', 'member', 'viewer'))
    );`);
    this.addSql(`create unique index "project_members_project_id_user_id_unique" on "project_members" ("project_id", "user_id");`);
    this.addSql(`create index "project_members_user_id_index" on "project_members" ("user_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "project_members";`);
    this.addSql(`drop table if exists "invitations";`);
    this.addSql(`drop table if exists "users";`);
    this.addSql(`drop table if exists "organizations";`);
    this.addSql(`drop type if exists "user_role";`);
  }
}
