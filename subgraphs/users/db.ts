/**
 * The User DB: one MikroORM instance per process for this database (requests use `em.fork()`),
 * and idempotent migrations from a hand-written list (never schema sync).
 */
import { Migrator } from '@mikro-orm/migrations';
import { MikroORM, type Options } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from '../../lib/log';
import { USER_DB_ENTITIES } from './entities';
import { USER_DB_MIGRATIONS } from './migrations';

export interface UsersOrmOptions {
  /** Called with every SQL statement MikroORM runs (tests count queries with it). */
  onQuery?: (sql: string) => void;
  /** Receives SQL at debug level when the logger is at debug or trace. */
  log?: Logger;
}

export function usersOrmConfig(url: string, opts: UsersOrmOptions = {}): Options {
  const sqlToLog = opts.log && ['debug', 'trace'].includes(opts.log.level);
  return {
    clientUrl: url,
    entities: USER_DB_ENTITIES,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: false },
    // The database is created by whoever provisions it (`npm start`, the test setup, Railway).
    ensureDatabase: false,
    migrations: {
      migrationsList: USER_DB_MIGRATIONS,
      tableName: 'mikro_orm_migrations',
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
    debug: opts.onQuery || sqlToLog ? ['query'] : false,
    logger: (message: string) => {
      opts.onQuery?.(message);
      if (sqlToLog) opts.log?.debug({ sql: message }, 'sql');
    },
  };
}

export function createUsersOrm(url: string, opts: UsersOrmOptions = {}): Promise<MikroORM> {
  return MikroORM.init(usersOrmConfig(url, opts));
}

/** Any constant; identifies "a User DB migration is running" among advisory locks. */
const MIGRATION_LOCK_KEY = 4_001_000_001;

/**
 * Bring the User DB to the latest schema. Safe to call on every start and from several processes
 * at once: an advisory lock serialises runners, and applied migrations are recorded.
 */
export async function migrateUsersDb(url: string, opts: { log?: Logger } = {}): Promise<void> {
  const lock = new pg.Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const orm = await createUsersOrm(url);
    try {
      const applied = await orm.getMigrator().up();
      if (applied.length > 0) opts.log?.info({ migrations: applied.map((m) => m.name) }, 'User DB migrated');
    } finally {
      await orm.close(true);
    }
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.end();
  }
}
