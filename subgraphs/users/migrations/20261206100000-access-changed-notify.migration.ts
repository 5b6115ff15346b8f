/**
 * `access_changed`: every change that can take away (or give) what an account may see is NOTIFYed
 * on commit, whoever makes it — a role or active-state or organization change on `users`, and any
 * row of `project_members` added, changed or removed. Payload `{"userId": "<id>"}`. The users
 * service relays it to the gateway (`GET /internal/access-changes`), which re-checks that account's
 * subscriptions and forgets its remembered account state at once (decisions.md #56).
 */
import { Migration } from '@mikro-orm/migrations';

export class Migration20261206100000AccessChangedNotify extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create or replace function "notify_access_changed"() returns trigger language plpgsql as $$
      begin
        if tg_table_name = 'users' then
          perform pg_notify('access_changed', json_build_object('userId', new.id::text)::text);
        elsif tg_op = 'DELETE' then
          perform pg_notify('access_changed', json_build_object('userId', old.user_id::text)::text);
        else
          perform pg_notify('access_changed', json_build_object('userId', new.user_id::text)::text);
          if tg_op = 'UPDATE' and old.user_id is distinct from new.user_id then
            perform pg_notify('access_changed', json_build_object('userId', old.user_id::text)::text);
          end if;
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger "users_access_changed" after update on "users" for each row
      when (old.role is distinct from new.role or old.is_active is distinct from new.is_active or old.organization_id is distinct from new.organization_id)
      execute function "notify_access_changed"();`);
    this.addSql(`create trigger "project_members_access_changed" after insert or update or delete on "project_members" for each row
      execute function "notify_access_changed"();`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger if exists "project_members_access_changed" on "project_members";`);
    this.addSql(`drop trigger if exists "users_access_changed" on "users";`);
    this.addSql(`drop function if exists "notify_access_changed"();`);
  }
}
