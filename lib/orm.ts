/**
 * One MikroORM setup for every service database (User DB, Platform DB): one instance per process
 * (requests use `em.fork()`), migrations from a hand-written list (never schema sync), applied
 * under a PostgreSQL advisory lock so that replicas starting together migrate one at a time.
 */
import type { MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { DefaultLogger, MikroORM, PostgreSqlDriver, type LogContext, type LoggerOptions, type Options } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Logger } from './log';
import { recordSqlSpan, tracingEnabled } from './telemetry';

/**
 * MikroORM reports every statement it ran (with its duration) to its logger, in the caller's async
 * context: with tracing on, each becomes a span there (lib/telemetry.ts `recordSqlSpan`, literals
 * removed), whether or not SQL is also logged.
 */
class TracingQueryLogger extends DefaultLogger {
  constructor(
    options: LoggerOptions,
    private readonly database: string,
  ) {
    super(options);
  }

  override logQuery(context: { query: string } & LogContext): void {
    recordSqlSpan(this.database, context.query, context.took ?? 0, context.level === 'error');
    super.logQuery(context);
  }
}

export interface OrmSettings {
  url: string;
  entities: NonNullable<Options['entities']>;
  migrations: MigrationObject[];
  /** Called with every SQL statement MikroORM runs (tests count queries with it). */
  onQuery?: (sql: string) => void;
  /** Receives SQL at debug level when the logger is at debug or trace. */
  log?: Logger;
}

const knexLog = (log: Logger) => ({
  warn: (message: unknown) => log.warn({ detail: String(message) }, 'database driver warning'),
  error: (message: unknown) => log.error({ detail: String(message) }, 'database driver error'),
  deprecate: (method: unknown, alternative: unknown) => log.debug({ method, alternative }, 'database driver deprecation'),
  debug: (message: unknown) => log.debug({ detail: message }, 'database driver debug'),
});

const databaseOf = (url: string) => {
  try {
    return new URL(url).pathname.slice(1) || 'postgres';
  } catch {
    return 'postgres';
  }
};

export function ormOptions(settings: OrmSettings): Options {
  const sqlToLog = settings.log && ['debug', 'trace'].includes(settings.log.level);
  return {
    driver: PostgreSqlDriver,
    clientUrl: settings.url,
    entities: settings.entities,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: false },
    // The database is created by whoever provisions it (`npm start`, the test setup, Railway).
    ensureDatabase: false,
    allowGlobalContext: false,
    // Changes are written by `flush()` and by a transaction's commit, never before a query. In the
    // default mode MikroORM defines an accessor per column on every loaded entity to notice changes
    // for that auto-flush: an eighth of the CPU of loading a page of jobs (decisions.md #73).
    flushMode: 'commit',
    migrations: {
      migrationsList: settings.migrations,
      tableName: 'mikro_orm_migrations',
      snapshot: false,
      transactional: true,
      allOrNothing: true,
      // Applied migrations are reported by the caller of `migrateDatabase`, not on the console.
      silent: true,
    },
    // knex's own warnings (a pooled connection dropped by the server, …) go to the service log, not the console.
    ...(settings.log ? { driverOptions: { log: knexLog(settings.log) } } : {}),
    debug: settings.onQuery || sqlToLog ? ['query'] : false,
    ...(tracingEnabled() ? { loggerFactory: (options: LoggerOptions) => new TracingQueryLogger(options, databaseOf(settings.url)) } : {}),
    logger: (message: string) => {
      settings.onQuery?.(message);
      if (sqlToLog) settings.log?.debug({ sql: message }, 'sql');
    },
  };
}

export function createOrm(settings: OrmSettings): Promise<MikroORM> {
  return MikroORM.init(ormOptions(settings));
}

/**
 * Bring a database to its latest schema and return the names of the migrations applied (none when
 * it is current). Safe to call on every start and from several processes at once: the advisory
 * lock `lockKey` (any constant, one per database) serialises runners, and applied migrations are
 * recorded.
 */
export async function migrateDatabase(settings: Pick<OrmSettings, 'url' | 'entities' | 'migrations'>, lockKey: number): Promise<string[]> {
  const lock = new pg.Client({ connectionString: settings.url });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [lockKey]);
    const orm = await createOrm(settings);
    try {
      return (await orm.getMigrator().up()).map((m) => m.name);
    } finally {
      await orm.close(true);
    }
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [lockKey]).catch(() => undefined);
    await lock.end();
  }
}
