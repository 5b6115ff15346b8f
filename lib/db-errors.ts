/**
 * What a database failure means to a client. Two kinds are not bugs and get their own answer:
 * - **unavailable**: the database cannot be reached or dropped the connection (refused, reset,
 *   timed out, terminated by an administrator or a shutdown, pool exhausted) → UPSTREAM_UNAVAILABLE
 *   (503 on REST), with a neutral message; the driver's words (hosts, database names) stay in the log.
 * - **data**: PostgreSQL refused a value (SQLSTATE class 22: a NUL byte in text, a number or date
 *   out of range) → BAD_USER_INPUT. Inputs are validated before they reach SQL; this is the net
 *   under that validation, logged so that the missing check gets added.
 * Recognised on the pg driver's errors and on MikroORM's and knex's wrappers of them.
 */

/** Node socket errors of a server that is down, unreachable or gone mid-query. */
const UNAVAILABLE_ERRNO = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'EPIPE']);
/**
 * SQLSTATEs: class 08 (connection exception), 57P01 admin shutdown, 57P02 crash shutdown,
 * 57P03 cannot connect now (starting up), 53300 too many connections, 3D000 no such database.
 */
const UNAVAILABLE_SQLSTATE = new Set(['57P01', '57P02', '57P03', '53300', '3D000']);
/**
 * Errors the pg driver, its pool and knex raise without a code. knex's "Transaction query already
 * complete" is what the next query of a transaction meets once its connection was terminated
 * under it (the transaction is marked done; the 57P01 went to the statement that hit it).
 */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|terminating connection|not currently accepting connections|timeout exceeded when trying to connect|Timeout acquiring a connection|Client was closed and is not queryable|Client has encountered a connection error|Cannot use a pool after calling end|Transaction query already complete/i;

/** The code of lib/read-pool.ts's `PoolQueueTimeout`. */
export const POOL_QUEUE_TIMEOUT = 'POOL_QUEUE_TIMEOUT';

export type DatabaseFailure = 'unavailable' | 'data';

/** The error and what it wraps (`cause`, MikroORM's `previous`, an AggregateError's `errors`), a few levels deep. */
function* chain(error: unknown, depth = 0): Generator<Record<string, unknown>> {
  if (depth > 5 || error === null || typeof error !== 'object') return;
  const e = error as Record<string, unknown>;
  yield e;
  yield* chain(e.cause, depth + 1);
  yield* chain(e.previous, depth + 1);
  yield* chain(e.originalError, depth + 1);
  if (Array.isArray(e.errors)) for (const inner of e.errors.slice(0, 5)) yield* chain(inner, depth + 1);
}

/** `unavailable`, `data`, or null for any other error (a bug: masked as INTERNAL_SERVER_ERROR). */
export function databaseFailureOf(error: unknown): DatabaseFailure | null {
  for (const e of chain(error)) {
    const code = typeof e.code === 'string' ? e.code : '';
    if (UNAVAILABLE_ERRNO.has(code) || UNAVAILABLE_SQLSTATE.has(code) || code.startsWith('08')) return 'unavailable';
    // A read pool's query that waited too long for a connection (lib/read-pool.ts), like knex's acquire timeout.
    if (e.name === 'KnexTimeoutError' || code === POOL_QUEUE_TIMEOUT) return 'unavailable';
    if (typeof e.message === 'string' && UNAVAILABLE_MESSAGE.test(e.message)) return 'unavailable';
    if (/^22[0-9A-Z]{3}$/.test(code)) return 'data';
  }
  return null;
}

/** The message a client gets for each kind: nothing of the driver's. */
export const DATABASE_FAILURE_MESSAGE: Record<DatabaseFailure, string> = {
  unavailable: 'A database this service needs is unavailable; try again shortly.',
  data: 'A value is out of range or is not valid text.',
};
