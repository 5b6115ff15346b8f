/**
 * Environment parsing shared by every service. Each service declares one zod schema in its own
 * `env.ts`; this module turns `process.env` into a typed object, collects every problem at once
 * and refuses development defaults for secrets when NODE_ENV=production.
 */
import { z } from 'zod';
import type { JwtSettings } from './auth';
import type { MetricsSettings } from './metrics';
import type { StorageSettings } from './s3';
import { parseOtlpHeaders, tracesUrlOf, type TelemetrySettings } from './telemetry';
import type { SchemaPrivacySettings } from './schema-privacy';
// Configuration errors in the same wording as API validation errors.
import './validation-wording';

export const DEV_JWT_SECRET = 'dev-jwt-secret-do-not-use-in-production';
export const DEV_SERVICE_KEY = 'dev-service-key';
export const DEV_WORKER_TOKEN = 'dev-worker-token';
export const DEV_S3_ACCESS_KEY = 'S3RVER';

export class EnvError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'EnvError';
  }
}

export const nodeEnv = z.enum(['development', 'test', 'production']).default('development');
export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);
export const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1');

/** Settings every service reads. */
export const commonEnv = {
  NODE_ENV: nodeEnv,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HOST: z.string().default('127.0.0.1'),
  /** When set, `GET /metrics` requires `Authorization: Bearer <METRICS_TOKEN>` (lib/metrics.ts). */
  METRICS_TOKEN: z.string().min(16).optional(),
  /** Serve `/metrics` without a token in production too (only behind a private network). */
  METRICS_PUBLIC: bool(false),
  /** OTLP/HTTP collector base URL: traces go to `<it>/v1/traces` (lib/telemetry.ts). Unset: no tracing at all. */
  OTEL_EXPORTER_OTLP_ENDPOINT: z.string().url().optional(),
  /** The full traces URL, when it is not `<OTEL_EXPORTER_OTLP_ENDPOINT>/v1/traces`. */
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: z.string().url().optional(),
  /** Headers on every export, `key=value,key2=value2` (e.g. a collector's API key; never logged). */
  OTEL_EXPORTER_OTLP_HEADERS: z.string().optional(),
  /** `service.name` of this service's spans (default: the service's own name). */
  OTEL_SERVICE_NAME: z.string().min(1).max(100).optional(),
};

export const jwtEnv = {
  JWT_SECRET: z.string().min(16).default(DEV_JWT_SECRET),
  JWT_ALGORITHM: z.enum(['HS256', 'HS384', 'HS512']).default('HS256'),
  JWT_EXPIRES_IN_SECONDS: z.coerce.number().int().positive().default(3600),
};

/**
 * What a GraphQL endpoint reveals about its schema (lib/schema-privacy.ts). Unset: on in development
 * and test, off in production.
 */
export const graphqlEnv = {
  /** Answer `__schema`/`__type` for every caller (admins may always introspect, e.g. from the explorer). */
  GRAPHQL_INTROSPECTION: z.enum(['true', 'false', '1', '0']).optional(),
  /** "Did you mean …" suggestions in error messages (they list field, argument and enum names). */
  GRAPHQL_SUGGESTIONS: z.enum(['true', 'false', '1', '0']).optional(),
};

const flag = (value: string | undefined, fallback: boolean) => (value === undefined ? fallback : value === 'true' || value === '1');

export const graphqlSettingsOf = (vars: Vars<typeof graphqlEnv> & { NODE_ENV: string }): SchemaPrivacySettings => ({
  introspection: flag(vars.GRAPHQL_INTROSPECTION, vars.NODE_ENV !== 'production'),
  suggestions: flag(vars.GRAPHQL_SUGGESTIONS, vars.NODE_ENV !== 'production'),
});

/** Settings every subgraph reads (lib/subgraph.ts). */
export const subgraphEnv = {
  ...graphqlEnv,
  /**
   * Deepest document a subgraph runs (docs/operations.md, Limits). Above the gateway's
   * LIMIT_MAX_DEPTH: the gateway's `_entities` fetches nest one level deeper than the client's query.
   */
  SUBGRAPH_MAX_DEPTH: z.coerce.number().int().min(1).default(15),
  /**
   * Most lexical tokens and aliases in a document a subgraph runs. Far above what the gateway's
   * fetches for a document within its own limits need; they stop a huge document sent straight to
   * a subgraph before its validation (which grows with the square of repeated fields) runs.
   */
  SUBGRAPH_MAX_TOKENS: z.coerce.number().int().min(1).default(15_000),
  SUBGRAPH_MAX_ALIASES: z.coerce.number().int().min(1).default(150),
};

export const subgraphSettingsOf = (vars: Vars<typeof subgraphEnv> & { NODE_ENV: string }) => ({
  maxDepth: vars.SUBGRAPH_MAX_DEPTH,
  maxTokens: vars.SUBGRAPH_MAX_TOKENS,
  maxAliases: vars.SUBGRAPH_MAX_ALIASES,
  graphql: graphqlSettingsOf(vars),
});

/** Services that act on the caller's current role (lib/account-status.ts). */
export const accountStatusEnv = {
  /** How long a service trusts what it read of an account; a role change or deactivation takes effect within it. */
  ACCOUNT_STATUS_TTL_MS: z.coerce.number().int().min(0).max(600_000).default(5000),
};

export const storageEnv = (prefix: 'EXTERNAL_STORAGE' | 'INTERNAL_STORAGE', bucket: string) => ({
  [`${prefix}_ENDPOINT`]: z.string().url().default('http://127.0.0.1:9000'),
  [`${prefix}_REGION`]: z.string().default('us-east-1'),
  [`${prefix}_ACCESS_KEY`]: z.string().default(DEV_S3_ACCESS_KEY),
  [`${prefix}_SECRET_KEY`]: z.string().default(DEV_S3_ACCESS_KEY),
  [`${prefix}_BUCKET`]: z.string().default(bucket),
});

type Vars<S extends z.ZodRawShape> = z.infer<z.ZodObject<S>>;

/** The settings every service has, under the names the code uses. */
export function commonSettingsOf(vars: Vars<typeof commonEnv>) {
  const metrics: MetricsSettings = { nodeEnv: vars.NODE_ENV, token: vars.METRICS_TOKEN, public: vars.METRICS_PUBLIC };
  const telemetry: TelemetrySettings = {
    tracesUrl: tracesUrlOf(vars.OTEL_EXPORTER_OTLP_ENDPOINT, vars.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT),
    headers: parseOtlpHeaders(vars.OTEL_EXPORTER_OTLP_HEADERS),
    ...(vars.OTEL_SERVICE_NAME ? { serviceName: vars.OTEL_SERVICE_NAME } : {}),
  };
  return { nodeEnv: vars.NODE_ENV, logLevel: vars.LOG_LEVEL, host: vars.HOST, metrics, telemetry };
}

export const jwtSettingsOf = (vars: Vars<typeof jwtEnv>): JwtSettings => ({
  secret: vars.JWT_SECRET,
  algorithm: vars.JWT_ALGORITHM,
  expiresInSeconds: vars.JWT_EXPIRES_IN_SECONDS,
});

/** `<PREFIX>_ENDPOINT`, `_REGION`, `_ACCESS_KEY`, `_SECRET_KEY`, `_BUCKET` of a `storageEnv(prefix)` shape. */
export function storageSettingsOf(vars: Record<string, unknown>, prefix: 'EXTERNAL_STORAGE' | 'INTERNAL_STORAGE'): StorageSettings {
  return {
    endpoint: vars[`${prefix}_ENDPOINT`] as string,
    region: vars[`${prefix}_REGION`] as string,
    accessKeyId: vars[`${prefix}_ACCESS_KEY`] as string,
    secretAccessKey: vars[`${prefix}_SECRET_KEY`] as string,
    bucket: vars[`${prefix}_BUCKET`] as string,
  };
}

/**
 * A service's settings parser: `shape` checks its variables, `own` names its settings; the common
 * ones (nodeEnv, logLevel, host, metrics) come the same way for every service.
 */
export function defineServiceSettings<S extends typeof commonEnv & z.ZodRawShape, T extends object>(shape: S, own: (vars: Vars<S>) => T) {
  return (source: Record<string, string | undefined> = process.env) => {
    const vars = parseEnv(shape, source);
    return { ...commonSettingsOf(vars as Vars<typeof commonEnv>), ...own(vars) };
  };
}

/** Secrets whose development default must never be used in production. */
const DEV_DEFAULTS: Record<string, string> = {
  JWT_SECRET: DEV_JWT_SECRET,
  LABELER_SERVICE_KEY: DEV_SERVICE_KEY,
  WORKER_TOKEN: DEV_WORKER_TOKEN,
  EXTERNAL_STORAGE_SECRET_KEY: DEV_S3_ACCESS_KEY,
  INTERNAL_STORAGE_SECRET_KEY: DEV_S3_ACCESS_KEY,
};

/** Parse `source` with `shape`; throws EnvError listing every problem. */
export function parseEnv<S extends z.ZodRawShape>(shape: S, source: Record<string, string | undefined> = process.env): z.infer<z.ZodObject<S>> {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const result = z.object(shape).safeParse(cleaned);
  const problems: string[] = [];
  if (!result.success) {
    for (const issue of result.error.issues) problems.push(`${issue.path.join('.') || '(root)'}: ${issue.message}`);
  } else if ((result.data as { NODE_ENV?: string }).NODE_ENV === 'production') {
    for (const [name, devValue] of Object.entries(DEV_DEFAULTS)) {
      if (name in shape && (result.data as Record<string, unknown>)[name] === devValue) {
        problems.push(`${name}: the development default must not be used in production; set ${name}`);
      }
    }
  }
  if (problems.length > 0) throw new EnvError(problems);
  return result.data as z.infer<z.ZodObject<S>>;
}

/** Used by main.ts files: print the problems readably and exit 1 instead of a stack trace. */
export function loadEnvOrExit<E>(service: string, parse: () => E): E {
  try {
    return parse();
  } catch (error) {
    if (error instanceof EnvError) {
      process.stderr.write(`[${service}] ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
