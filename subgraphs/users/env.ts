/** Settings of the users subgraph; `process.env` is read here and nowhere else in this service. */
import { z } from 'zod';
import { loginThrottleEnv, loginLimitsOf } from '../../lib/login-throttle';
import { commonEnv, defineServiceSettings, DEV_SERVICE_KEY, subgraphEnv, subgraphSettingsOf, parseEnv, jwtEnv, jwtSettingsOf, port } from '../../lib/env';

export const usersEnvShape = {
  ...commonEnv,
  ...subgraphEnv,
  ...jwtEnv,
  USERS_PORT: port(4001),
  /** The User DB, shared with the Labeler (same tables, same password hashes). */
  USER_DATABASE_URL: z.string().url().default('postgresql://postgres:postgres@127.0.0.1:5433/users'),
  /** `open`: anyone may sign up (as guest); `invite`: only with an invitation token. Default: invite in production, open otherwise. */
  SIGNUP_MODE: z.enum(['open', 'invite']).optional(),
  /** Base URL of the console, used to build invitation links. */
  PUBLIC_APP_URL: z.string().url().default('http://127.0.0.1:4000'),
  /** Lifetime of a refresh token (a login session); each refresh rotates it. */
  REFRESH_TOKEN_TTL_SECONDS: z.coerce
    .number()
    .int()
    .positive()
    .default(30 * 24 * 3600),
  /** Login throttling, read by the Labeler too under the same names (lib/login-throttle.ts). */
  ...loginThrottleEnv,
  /** The Labeler, which grants the dataset permission a dataset invitation names when it is accepted. */
  LABELER_API_URL: z.string().url().default('http://127.0.0.1:8020'),
  LABELER_SERVICE_KEY: z.string().min(8).default(DEV_SERVICE_KEY),
  LABELER_TIMEOUT_MS: z.coerce.number().int().min(50).max(60_000).default(3000),
  /** Proxies that append to X-Forwarded-For in front of this subgraph: 1 = the gateway; add one per load balancer before it. */
  TRUSTED_PROXY_HOPS: z.coerce.number().int().min(1).max(10).default(1),
};

type UsersVars = z.infer<z.ZodObject<typeof usersEnvShape>>;

/** The effective sign-up mode: explicit, or invite-only in production and open elsewhere. */
export const signupModeOf = (vars: Pick<UsersVars, 'SIGNUP_MODE' | 'NODE_ENV'>): 'open' | 'invite' =>
  vars.SIGNUP_MODE ?? (vars.NODE_ENV === 'production' ? 'invite' : 'open');

export const parseUsersEnv = defineServiceSettings(usersEnvShape, (vars) => ({
  ...subgraphSettingsOf(vars),
  port: vars.USERS_PORT,
  databaseUrl: vars.USER_DATABASE_URL,
  jwt: jwtSettingsOf(vars),
  signupMode: signupModeOf(vars),
  publicAppUrl: vars.PUBLIC_APP_URL,
  refreshTokenTtlSeconds: vars.REFRESH_TOKEN_TTL_SECONDS,
  trustedProxyHops: vars.TRUSTED_PROXY_HOPS,
  login: loginLimitsOf(vars),
  labeler: { baseUrl: vars.LABELER_API_URL, serviceKey: vars.LABELER_SERVICE_KEY, timeoutMs: vars.LABELER_TIMEOUT_MS },
}));

export type UsersEnv = ReturnType<typeof parseUsersEnv>;

/** What `npm run db:init:users` reads: the User DB and the first admin's e-mail and (optional) password. */
export function parseUsersInitEnv(source: Record<string, string | undefined> = process.env) {
  const vars = parseEnv(
    { USER_DATABASE_URL: usersEnvShape.USER_DATABASE_URL, ADMIN_EMAIL: z.string().email().optional(), ADMIN_PASSWORD: z.string().optional() },
    source,
  );
  return { databaseUrl: vars.USER_DATABASE_URL, adminEmail: vars.ADMIN_EMAIL, adminPassword: vars.ADMIN_PASSWORD };
}
