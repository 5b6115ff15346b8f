/** Settings of the platform subgraph; `process.env` is read here and nowhere else in the service. */
import { z } from 'zod';
import {
  accountStatusEnv,
  commonEnv,
  defineServiceSettings,
  subgraphEnv,
  subgraphSettingsOf,
  parseEnv,
  DEV_SERVICE_KEY,
  DEV_WORKER_TOKEN,
  jwtEnv,
  jwtSettingsOf,
  port,
  storageEnv,
  storageSettingsOf,
} from '../../lib/env';

const int = (min: number, max: number, fallback: number) => z.coerce.number().int().min(min).max(max).default(fallback);

export const platformEnvShape = {
  ...commonEnv,
  ...subgraphEnv,
  ...jwtEnv,
  PLATFORM_PORT: port(4002),
  /** The Platform DB (the seed's name for it). */
  DATABASE_URL: z.string().url().default('postgresql://postgres:postgres@127.0.0.1:5433/platform'),
  /** The shared User DB, read only: project membership (`project_members`) decides who sees and starts jobs. */
  USER_DATABASE_URL: z.string().url().default('postgresql://postgres:postgres@127.0.0.1:5433/users'),
  ...accountStatusEnv,
  /**
   * While the platform listens to the User DB's access changes (decisions.md #64): how long a delta
   * stream's check of its viewer stands without a heard change of that account (a safety net; a
   * heard change applies at the next frame). `0`: no listener, every frame is checked.
   */
  ACCESS_CHANGES_TTL_MS: int(0, 3_600_000, 300_000),
  /** The Labeler: dataset existence and permission checks before a job is created (T2). */
  LABELER_API_URL: z.string().url().default('http://127.0.0.1:8020'),
  LABELER_SERVICE_KEY: z.string().min(8).default(DEV_SERVICE_KEY),
  LABELER_TIMEOUT_MS: int(50, 60_000, 3000),
  /** Most Labeler calls one GraphQL request may make (two per `createTrainingJob`); beyond it OPERATION_TOO_COMPLEX. */
  LABELER_MAX_CALLS_PER_REQUEST: int(1, 10_000, 100),
  /** Dataset objects (read directly by the Snapshot Service, seed 2.5.9). */
  ...storageEnv('EXTERNAL_STORAGE', 'vision-datasets'),
  /** Snapshots, checkpoints and weights. */
  ...storageEnv('INTERNAL_STORAGE', 'vision-internal'),
  /** Shared secret of training workers (`Authorization: Bearer …` on `/worker/v1`); not a user JWT. */
  WORKER_TOKEN: z.string().min(8).default(DEV_WORKER_TOKEN),
  /** Default lease a claim gets; a worker may ask for less or more (bounded) and renews it by heartbeat. */
  WORKER_LEASE_SECONDS: int(1, 3600, 60),
  /** How often this process looks for expired leases. */
  LEASE_SWEEP_INTERVAL_MS: int(50, 600_000, 5000),
  /** Claims per job before an expired lease fails the job instead of requeueing it. */
  JOB_MAX_ATTEMPTS: int(1, 100, 3),
  /** A worker heard from (claim, heartbeat, report) within this many seconds counts as connected for `TrainingJob.queueReason`. */
  WORKER_PRESENCE_SECONDS: int(1, 86_400, 60),
  /** Least time between two frames of one delta-stream subscriber (`trainingJobMetrics`, …); 100 = at most 10 frames/s. */
  STREAM_FRAME_INTERVAL_MS: int(0, 10_000, 100),
  /** Most items in one delta-stream frame; a longer backlog is sent in several frames. */
  STREAM_BATCH_MAX: int(1, 10_000, 1000),
  /** Objects copied at once when a snapshot is created. */
  SNAPSHOT_COPY_CONCURRENCY: int(1, 128, 32),
  /** A new snapshot missing at most this many contents copies them before answering; more are copied after the job is created (it waits, QUEUED, until they are). */
  SNAPSHOT_INLINE_COPY_MAX: int(0, 100_000, 100),
  /** A snapshot checked against the bucket this many seconds ago (same Labeler version) is reused without listing again; 0 lists every time. */
  SNAPSHOT_REUSE_SECONDS: int(0, 86_400, 60),
  /** Lifetime of presigned GET/PUT URLs handed to workers and browsers. */
  PRESIGN_EXPIRES_SECONDS: int(60, 7 * 24 * 3600, 3600),
  /** Largest image (bytes) one prediction request may send, per image; beyond it IMAGE_TOO_LARGE (413). */
  INFERENCE_MAX_IMAGE_BYTES: int(1024, 100 * 1024 * 1024, 5 * 1024 * 1024),
  /** Longest image side (pixels) the inference endpoint decodes; beyond it IMAGE_WRONG_SIZE (422). */
  INFERENCE_MAX_IMAGE_SIDE: int(16, 16_384, 4096),
  /** Most images (uploaded files or URLs) in one prediction request. */
  INFERENCE_MAX_IMAGES: int(1, 256, 16),
};

export const parsePlatformEnv = defineServiceSettings(platformEnvShape, (vars) => ({
  ...subgraphSettingsOf(vars),
  port: vars.PLATFORM_PORT,
  jwt: jwtSettingsOf(vars),
  databaseUrl: vars.DATABASE_URL,
  userDatabaseUrl: vars.USER_DATABASE_URL,
  accountStatusTtlMs: vars.ACCOUNT_STATUS_TTL_MS,
  accessChangesTtlMs: vars.ACCESS_CHANGES_TTL_MS,
  labeler: {
    baseUrl: vars.LABELER_API_URL,
    serviceKey: vars.LABELER_SERVICE_KEY,
    timeoutMs: vars.LABELER_TIMEOUT_MS,
    maxCallsPerRequest: vars.LABELER_MAX_CALLS_PER_REQUEST,
  },
  storage: {
    external: storageSettingsOf(vars, 'EXTERNAL_STORAGE'),
    internal: storageSettingsOf(vars, 'INTERNAL_STORAGE'),
    copyConcurrency: vars.SNAPSHOT_COPY_CONCURRENCY,
    inlineCopyMax: vars.SNAPSHOT_INLINE_COPY_MAX,
    reuseSeconds: vars.SNAPSHOT_REUSE_SECONDS,
    presignExpiresSeconds: vars.PRESIGN_EXPIRES_SECONDS,
  },
  inference: {
    maxImageBytes: vars.INFERENCE_MAX_IMAGE_BYTES,
    maxImageSide: vars.INFERENCE_MAX_IMAGE_SIDE,
    maxImages: vars.INFERENCE_MAX_IMAGES,
  },
  live: {
    streams: { frameIntervalMs: vars.STREAM_FRAME_INTERVAL_MS, batchMax: vars.STREAM_BATCH_MAX },
    workerPresenceSeconds: vars.WORKER_PRESENCE_SECONDS,
  },
  worker: {
    token: vars.WORKER_TOKEN,
    leaseSeconds: vars.WORKER_LEASE_SECONDS,
    sweepIntervalMs: vars.LEASE_SWEEP_INTERVAL_MS,
    maxAttempts: vars.JOB_MAX_ATTEMPTS,
  },
}));

export type PlatformEnv = ReturnType<typeof parsePlatformEnv>;

/** The Platform DB alone, for one-off commands (`scripts/legacy-datasets.ts`) that need no other setting. */
export const parsePlatformDatabaseUrl = (source: Record<string, string | undefined> = process.env): string =>
  parseEnv({ DATABASE_URL: platformEnvShape.DATABASE_URL }, source).DATABASE_URL;
