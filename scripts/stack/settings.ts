/**
 * Settings of the local stack (`npm start`, `npm run db:*`). The services read their own env
 * (each `env.ts`); this file only decides where the stack keeps its data, which ports it uses
 * and whether it must start PostgreSQL and the S3 server itself or use the ones named in the env.
 */
import path from 'node:path';
import { z } from 'zod';
import { DEV_JWT_SECRET, DEV_SERVICE_KEY, DEV_WORKER_TOKEN, nodeEnv, parseEnv } from '../../lib/env';
import { PROJECT_ROOT } from '../../lib/schema-files';
import { BACKOFF, type RestartPolicy } from './restart-policy';
import type { ServiceName, StackSecrets, Topology } from './topology';

const optionalPort = z.coerce.number().int().min(1).max(65535).optional();
const optionalUrl = z.string().url().optional();

export const stackEnvShape = {
  NODE_ENV: nodeEnv,
  HOST: z.string().default('127.0.0.1'),
  /** Where `.data` lives (PostgreSQL cluster, S3 objects, the run file). */
  VPG_DATA_DIR: z.string().optional(),
  /** Added to every default port, so a second stack (e.g. a test) does not collide. */
  VPG_PORT_OFFSET: z.coerce.number().int().min(0).max(50000).default(0),
  VPG_POSTGRES_PORT: optionalPort,
  VPG_S3_PORT: optionalPort,
  /** `1` skips the console build (tests; the gateway then serves whatever `client/dist` holds). */
  VPG_SKIP_CLIENT_BUILD: z.enum(['0', '1', 'true', 'false']).default('0'),
  /** Restarts of one service allowed within the window; the crash after that stops the stack (0: stop on the first crash). */
  VPG_RESTART_LIMIT: z.coerce.number().int().min(0).max(1000).default(5),
  /** The sliding window of VPG_RESTART_LIMIT; a service that stays up this long starts counting afresh. */
  VPG_RESTART_WINDOW_MS: z.coerce.number().int().min(1000).default(60000),
  LABELER_PORT: optionalPort,
  USERS_PORT: optionalPort,
  PLATFORM_PORT: optionalPort,
  DATASETS_PORT: optionalPort,
  GATEWAY_PORT: optionalPort,
  TRAINER_PORT: optionalPort,
  DATABASE_URL: optionalUrl,
  USER_DATABASE_URL: optionalUrl,
  LABELER_DATABASE_URL: optionalUrl,
  EXTERNAL_STORAGE_ENDPOINT: optionalUrl,
  EXTERNAL_STORAGE_REGION: z.string().default('us-east-1'),
  EXTERNAL_STORAGE_ACCESS_KEY: z.string().optional(),
  EXTERNAL_STORAGE_SECRET_KEY: z.string().optional(),
  EXTERNAL_STORAGE_BUCKET: z.string().default('vision-datasets'),
  INTERNAL_STORAGE_ENDPOINT: optionalUrl,
  INTERNAL_STORAGE_REGION: z.string().default('us-east-1'),
  INTERNAL_STORAGE_ACCESS_KEY: z.string().optional(),
  INTERNAL_STORAGE_SECRET_KEY: z.string().optional(),
  INTERNAL_STORAGE_BUCKET: z.string().default('vision-internal'),
  // Login throttling: passed alike to the users subgraph and the Labeler (their own parsers judge the values).
  LOGIN_MAX_FAILURES_PER_ACCOUNT: z.string().optional(),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.string().optional(),
  LOGIN_WINDOW_SECONDS: z.string().optional(),
  // Secrets stay optional here: the services' own parsers judge them (all problems reported together).
  JWT_SECRET: z.string().optional(),
  LABELER_SERVICE_KEY: z.string().optional(),
  WORKER_TOKEN: z.string().optional(),
};

export type StackEnv = z.infer<z.ZodObject<typeof stackEnvShape>>;

export interface StackSettings {
  env: StackEnv;
  production: boolean;
  host: string;
  dataDir: string;
  skipClientBuild: boolean;
  /** When a service that stops unexpectedly is restarted (scripts/stack/restart-policy.ts). */
  restart: RestartPolicy;
  ports: Record<ServiceName | 'postgres' | 's3', number>;
}

const DEFAULT_PORTS: Record<ServiceName | 'postgres' | 's3', number> = {
  postgres: 5433,
  s3: 9000,
  labeler: 8020,
  users: 4001,
  platform: 4002,
  datasets: 4003,
  gateway: 4000,
  trainer: 4010,
};

export function readStackSettings(source: Record<string, string | undefined> = process.env): StackSettings {
  const env = parseEnv(stackEnvShape, source);
  const offset = env.VPG_PORT_OFFSET;
  const pick = (explicit: number | undefined, name: keyof typeof DEFAULT_PORTS) => explicit ?? DEFAULT_PORTS[name] + offset;
  return {
    env,
    production: env.NODE_ENV === 'production',
    host: env.HOST,
    dataDir: path.resolve(env.VPG_DATA_DIR ?? path.join(PROJECT_ROOT, '.data')),
    skipClientBuild: env.VPG_SKIP_CLIENT_BUILD === '1' || env.VPG_SKIP_CLIENT_BUILD === 'true',
    restart: { limit: env.VPG_RESTART_LIMIT, windowMs: env.VPG_RESTART_WINDOW_MS, ...BACKOFF },
    ports: {
      postgres: pick(env.VPG_POSTGRES_PORT, 'postgres'),
      s3: pick(env.VPG_S3_PORT, 's3'),
      labeler: pick(env.LABELER_PORT, 'labeler'),
      users: pick(env.USERS_PORT, 'users'),
      platform: pick(env.PLATFORM_PORT, 'platform'),
      datasets: pick(env.DATASETS_PORT, 'datasets'),
      gateway: pick(env.GATEWAY_PORT, 'gateway'),
      trainer: pick(env.TRAINER_PORT, 'trainer'),
    },
  };
}

/** The `LOGIN_*` settings both services that log users in get (unset: their common defaults). */
export function loginThrottleFor(settings: StackSettings): NonNullable<Topology['loginThrottle']> {
  const { LOGIN_MAX_FAILURES_PER_ACCOUNT, LOGIN_MAX_FAILURES_PER_ADDRESS, LOGIN_WINDOW_SECONDS } = settings.env;
  return Object.fromEntries(
    Object.entries({ LOGIN_MAX_FAILURES_PER_ACCOUNT, LOGIN_MAX_FAILURES_PER_ADDRESS, LOGIN_WINDOW_SECONDS }).filter(([, value]) => value !== undefined),
  );
}

/** Secrets the children get: what the env says, else (outside production) the dev defaults. */
export function secretsFor(settings: StackSettings): StackSecrets {
  const orDev = (given: string | undefined, dev: string) => given ?? (settings.production ? undefined : dev);
  return {
    jwtSecret: orDev(settings.env.JWT_SECRET, DEV_JWT_SECRET),
    serviceKey: orDev(settings.env.LABELER_SERVICE_KEY, DEV_SERVICE_KEY),
    workerToken: orDev(settings.env.WORKER_TOKEN, DEV_WORKER_TOKEN),
  };
}
