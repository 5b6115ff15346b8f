/** The User DB on the shared ORM setup (lib/orm.ts): its entities and its migration list. */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../../lib/log';
import { createOrm, migrateDatabase } from '../../lib/orm';
import { USER_DB_ENTITIES } from './entities';
import { USER_DB_MIGRATIONS } from './migrations';

export interface UsersOrmOptions {
  /** Called with every SQL statement MikroORM runs (tests count queries with it). */
  onQuery?: (sql: string) => void;
  /** Receives SQL at debug level when the logger is at debug or trace. */
  log?: Logger;
}

const userDb = (url: string) => ({ url, entities: USER_DB_ENTITIES, migrations: USER_DB_MIGRATIONS });

export function createUsersOrm(url: string, opts: UsersOrmOptions = {}): Promise<MikroORM> {
  return createOrm({ ...userDb(url), ...opts });
}

/** Any constant; identifies "a User DB migration is running" among advisory locks. */
const MIGRATION_LOCK_KEY = 4_001_000_001;

/** Bring the User DB to the latest schema; safe on every start and from several processes at once. */
export async function migrateUsersDb(url: string, opts: { log?: Logger } = {}): Promise<void> {
  const applied = await migrateDatabase(userDb(url), MIGRATION_LOCK_KEY);
  if (applied.length > 0) opts.log?.info({ migrations: applied }, 'User DB migrated');
}
