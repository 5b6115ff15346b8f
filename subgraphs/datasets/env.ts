/** Settings of the datasets subgraph; `process.env` is read here and nowhere else. */
import { z } from 'zod';
import {
  accountStatusEnv,
  bool,
  commonEnv,
  defineServiceSettings,
  subgraphEnv,
  subgraphSettingsOf,
  DEV_SERVICE_KEY,
  jwtEnv,
  jwtSettingsOf,
  port,
} from '../../lib/env';

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

export const datasetsEnvShape = {
  ...commonEnv,
  ...subgraphEnv,
  ...jwtEnv,
  DATASETS_PORT: port(4003),
  /** The shared User DB, read only: the caller's current role and status (lib/account-status.ts). */
  USER_DATABASE_URL: z.string().url().default('postgresql://postgres:postgres@127.0.0.1:5433/users'),
  ...accountStatusEnv,
  /**
   * The Platform DB, read only: legacy datasets (its `datasets` table marked `is_legacy`) are served
   * from it when the Labeler does not know an id or is down (seed 2.5.8). Unset: no legacy datasets
   * (`npm start`, docker-compose and the Railway template set it).
   */
  PLATFORM_DATABASE_URL: z.union([z.literal(''), z.string().url()]).default(''),
  LABELER_API_URL: z.string().url().default('http://127.0.0.1:8020'),
  LABELER_SERVICE_KEY: z.string().min(8).default(DEV_SERVICE_KEY),
  /** Per attempt; a retried call may take up to (retries + 1) × this plus the backoff. */
  LABELER_TIMEOUT_MS: int(50, 60_000, 3000),
  /** Most ids per `POST /datasets/batch` call (the DataLoader splits larger batches). */
  LABELER_BATCH_MAX_SIZE: int(1, 1000, 100),
  /**
   * Send the caller's `user_id` with `POST /datasets/batch` (contract extension) and use the
   * permission each dataset comes back with instead of a permission call. A Labeler without the
   * extension simply omits it and the subgraph asks `…/permissions/{user_id}` as before; turn this
   * off only for a Labeler that rejects unknown request fields.
   */
  LABELER_BATCH_PERMISSIONS: bool(true),
  /**
   * Most Labeler calls one GraphQL request may make (after identical calls are shared). The
   * Labeler's per-minute window serves every user, so one request may not spend more than a user's
   * whole minute of it (100, D4). The console's pages make at most a few; the calls beyond the cap
   * are not made and their fields fail with OPERATION_TOO_COMPLEX (`limit: "labelerCalls"`).
   */
  LABELER_MAX_CALLS_PER_REQUEST: int(1, 10_000, 100),
  /**
   * How long a dataset's Labeler metadata and a user's permission on it are remembered across the
   * queries that resolve subscription events, per (dataset, user) (dataset.cache.ts): a watched
   * job's `dataset { name }` then costs one Labeler call per this period, not one per event; a
   * rename or a permission change shows in live events at most this late. Ordinary requests always
   * ask the Labeler. 0 turns the cache off.
   */
  LABELER_METADATA_TTL_MS: int(0, 300_000, 10_000),
  /** Retries of idempotent calls (GET and the read-only batch POST) after the first attempt. */
  LABELER_MAX_RETRIES: int(0, 5, 2),
  /** Consecutive failed attempts that open the circuit breaker. */
  LABELER_BREAKER_THRESHOLD: int(1, 100, 5),
  /** How long the breaker stays open before one trial call (half-open). */
  LABELER_BREAKER_HALF_OPEN_MS: int(50, 600_000, 10_000),
};

export const parseDatasetsEnv = defineServiceSettings(datasetsEnvShape, (vars) => ({
  ...subgraphSettingsOf(vars),
  port: vars.DATASETS_PORT,
  jwt: jwtSettingsOf(vars),
  userDatabaseUrl: vars.USER_DATABASE_URL,
  platformDatabaseUrl: vars.PLATFORM_DATABASE_URL || undefined,
  accountStatusTtlMs: vars.ACCOUNT_STATUS_TTL_MS,
  labeler: {
    baseUrl: vars.LABELER_API_URL,
    serviceKey: vars.LABELER_SERVICE_KEY,
    timeoutMs: vars.LABELER_TIMEOUT_MS,
    maxRetries: vars.LABELER_MAX_RETRIES,
    breakerThreshold: vars.LABELER_BREAKER_THRESHOLD,
    halfOpenAfterMs: vars.LABELER_BREAKER_HALF_OPEN_MS,
    batchMaxSize: vars.LABELER_BATCH_MAX_SIZE,
    batchPermissions: vars.LABELER_BATCH_PERMISSIONS,
    maxCallsPerRequest: vars.LABELER_MAX_CALLS_PER_REQUEST,
    metadataTtlMs: vars.LABELER_METADATA_TTL_MS,
  },
}));

export type DatasetsEnv = ReturnType<typeof parseDatasetsEnv>;
