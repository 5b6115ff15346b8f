/**
 * A small read-only PostgreSQL pool for the lookups a service makes in a database it does not own
 * (account state and project membership in the User DB, legacy datasets in the Platform DB).
 *
 * `pg.Pool` counts the time a query waits for a busy connection against `connectionTimeoutMillis`,
 * so with two or three connections a burst (hundreds of subscribers arriving at once on a loaded
 * machine) waits past it and is told the database is unavailable while the database is up and
 * answering. Here the queries wait in line for a connection of their own (first come, first
 * served, at most `queueTimeoutMs`), and the pool is never asked for more connections than it has,
 * so its connect timeout covers only connecting. DataLoaders on the pool use `whenFree` as their
 * batch schedule: what is asked while every connection is busy goes as one query once one is free.
 */
import pg from 'pg';
import { POOL_QUEUE_TIMEOUT } from './db-errors';
import type { Logger } from './log';

export interface ReadPoolOptions {
  url: string;
  /** Connections at most. */
  max: number;
  /** The database, as errors and logs name it ("User DB"). */
  what: string;
  log: Logger;
  /** How long opening a connection may take (ms). */
  connectTimeoutMs?: number;
  /** How long one statement may run (ms). */
  statementTimeoutMs?: number;
  /** How long a query may wait for a free connection (ms) before it fails with POOL_QUEUE_TIMEOUT. */
  queueTimeoutMs?: number;
}

export interface ReadPool {
  query<R extends pg.QueryResultRow = pg.QueryResultRow>(sql: string, params?: unknown[]): Promise<pg.QueryResult<R>>;
  /** A DataLoader `batchScheduleFn`: dispatch as DataLoader would when a connection is free, else once one is. */
  whenFree(dispatch: () => void): void;
  /** Queries waiting for a connection now. */
  readonly waiting: number;
  close(): Promise<void>;
}

/** A query waited `queueTimeoutMs` for a connection and was not sent (an unavailable database to `databaseFailureOf`). */
export class PoolQueueTimeout extends Error {
  readonly code = POOL_QUEUE_TIMEOUT;
}

interface Waiter {
  take(): void;
  timer: NodeJS.Timeout;
}

export function createReadPool(opts: ReadPoolOptions): ReadPool {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max,
    connectionTimeoutMillis: opts.connectTimeoutMs ?? 3000,
    idleTimeoutMillis: 30_000,
    statement_timeout: opts.statementTimeoutMs ?? 5000,
  });
  pool.on('error', (error) => opts.log.warn({ err: error.message }, `idle ${opts.what} connection failed`));
  const queueTimeoutMs = opts.queueTimeoutMs ?? 10_000;
  let busy = 0;
  const line: Waiter[] = [];
  let dispatches: Array<() => void> = [];

  const free = () => busy < opts.max && line.length === 0;
  const acquire = (): Promise<void> | undefined => {
    if (free()) {
      busy += 1;
      return undefined;
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        take: () => {
          clearTimeout(waiter.timer);
          resolve();
        },
        timer: setTimeout(() => {
          line.splice(line.indexOf(waiter), 1);
          reject(new PoolQueueTimeout(`waited ${queueTimeoutMs} ms for a ${opts.what} connection (${opts.max} busy, ${line.length} more waiting)`));
        }, queueTimeoutMs),
      };
      line.push(waiter);
    });
  };
  const release = () => {
    busy -= 1;
    // Batches held back while every connection was busy go first: their queries join the line now.
    const held = dispatches;
    dispatches = [];
    for (const dispatch of held) dispatch();
    while (busy < opts.max && line.length > 0) {
      busy += 1;
      line.shift()!.take();
    }
  };

  return {
    async query<R extends pg.QueryResultRow>(sql: string, params?: unknown[]) {
      const waiting = acquire();
      if (waiting) await waiting;
      try {
        return await pool.query<R>(sql, params);
      } finally {
        release();
      }
    },
    whenFree(dispatch) {
      // DataLoader's own schedule: after the promise jobs of this turn.
      if (free()) void Promise.resolve().then(() => process.nextTick(dispatch));
      else dispatches.push(dispatch);
    },
    get waiting() {
      return line.length;
    },
    close: () => pool.end(),
  };
}
