/** Settings of the Labeler reference service; `process.env` is read here and nowhere else. */
import { z } from 'zod';
import type { JwtSettings } from '../lib/auth';
import { loginLimitsOf, loginThrottleEnv } from '../lib/login-throttle';
import { commonEnv, defineServiceSettings, DEV_SERVICE_KEY, port, storageEnv, storageSettingsOf } from '../lib/env';

export const labelerEnvShape = {
  ...commonEnv,
  LABELER_PORT: port(8020),
  LABELER_DATABASE_URL: z.string().url().default('postgresql://postgres:postgres@127.0.0.1:5433/labeler'),
  /** The one key platform services present as `Authorization: Bearer …` (refused as a default in production). */
  LABELER_SERVICE_KEY: z.string().min(8).default(DEV_SERVICE_KEY),
  ...storageEnv('EXTERNAL_STORAGE', 'vision-datasets'),
  /** The shared User DB for `POST /api/v1/auth/login` (seed 1.5); without it, login answers 503. */
  USER_DATABASE_URL: z.string().url().optional(),
  /** The platform's JWT settings; when set, the Labeler's login issues the platform's access token. */
  JWT_SECRET: z.string().min(16).optional(),
  JWT_ALGORITHM: z.enum(['HS256', 'HS384', 'HS512']).optional(),
  JWT_EXPIRES_IN_SECONDS: z.coerce.number().int().positive().optional(),
  /** Login throttling: the users subgraph's settings, same names, same defaults, same counts (lib/login-throttle.ts). */
  ...loginThrottleEnv,
  /** Proxies in front of the Labeler that append to X-Forwarded-For (0: users call it directly; the peer is the client). */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** D4: requests per minute for the whole service key (all platform replicas together). */
  LABELER_RATE_LIMIT_SERVICE_PER_MIN: z.coerce.number().int().min(1).max(1_000_000).default(1000),
  /** D4: requests per minute naming one user (`user_id` in the query, body or path). */
  LABELER_RATE_LIMIT_USER_PER_MIN: z.coerce.number().int().min(1).max(1_000_000).default(100),
  /** Largest file one dataset upload may carry (bytes; 5 GiB, S3's single-object multipart limit is 5 TiB). */
  LABELER_UPLOAD_MAX_BYTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(5 * 1024 ** 4)
    .default(5 * 1024 ** 3),
  /** Bytes per presigned part of an upload and per part of the archive finalize writes (S3 needs at least 5 MiB). */
  LABELER_UPLOAD_PART_BYTES: z.coerce
    .number()
    .int()
    .min(5 * 1024 ** 2)
    .max(5 * 1024 ** 3)
    .default(16 * 1024 ** 2),
  /** Largest annotation file (COCO JSON, YOLO txt, VOC XML) finalize reads; larger ones are reported, not read. */
  LABELER_MAX_ANNOTATION_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(1024 ** 3)
    .default(64 * 1024 ** 2),
};

export const parseLabelerEnv = defineServiceSettings(labelerEnvShape, (vars) => {
  const jwt: JwtSettings | null = vars.JWT_SECRET
    ? { secret: vars.JWT_SECRET, algorithm: vars.JWT_ALGORITHM ?? 'HS256', expiresInSeconds: vars.JWT_EXPIRES_IN_SECONDS ?? 3600 }
    : null;
  return {
    port: vars.LABELER_PORT,
    databaseUrl: vars.LABELER_DATABASE_URL,
    serviceKey: vars.LABELER_SERVICE_KEY,
    storage: storageSettingsOf(vars, 'EXTERNAL_STORAGE'),
    /**
     * Login against the shared User DB; without its URL the auth routes answer 503, without a JWT
     * secret no token is issued. Throttled with the users subgraph's counts in the same DB.
     */
    auth: { userDatabaseUrl: vars.USER_DATABASE_URL, jwt, login: loginLimitsOf(vars), trustedProxyHops: vars.TRUSTED_PROXY_HOPS },
    upload: { maxBytes: vars.LABELER_UPLOAD_MAX_BYTES, partBytes: vars.LABELER_UPLOAD_PART_BYTES },
    finalize: { maxAnnotationBytes: vars.LABELER_MAX_ANNOTATION_BYTES, partBytes: vars.LABELER_UPLOAD_PART_BYTES, maxFileBytes: vars.LABELER_UPLOAD_MAX_BYTES },
    rateLimit: { servicePerMinute: vars.LABELER_RATE_LIMIT_SERVICE_PER_MIN, userPerMinute: vars.LABELER_RATE_LIMIT_USER_PER_MIN },
  };
});

export type LabelerEnv = ReturnType<typeof parseLabelerEnv>;
