/** Gateway settings; `process.env` is read here and nowhere else in the gateway. */
import path from 'node:path';
import { z } from 'zod';
import { accountStatusEnv, commonEnv, defineServiceSettings, graphqlEnv, graphqlSettingsOf, jwtEnv, jwtSettingsOf, port } from '../lib/env';
import { PROJECT_ROOT, supergraphPath } from '../lib/schema-files';
import type { GatewayLimits } from './operation-limits';

const subgraphUrl = z.string().url().optional();
const limit = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

export const gatewayEnvShape = {
  ...commonEnv,
  ...jwtEnv,
  ...graphqlEnv,
  GATEWAY_PORT: port(4000),
  /** Override the routing URLs written in the supergraph (subgraph `/graphql` URLs). */
  USERS_URL: subgraphUrl,
  PLATFORM_URL: subgraphUrl,
  DATASETS_URL: subgraphUrl,
  /** Comma-separated origins allowed to call the API from a browser; `*` allows any. */
  CORS_ORIGINS: z.string().default('http://localhost:4000,http://127.0.0.1:4000,http://localhost:5173,http://127.0.0.1:5173'),
  /** The built console (`npm run build`), served at `/`; its explorer at `/explorer`. */
  CLIENT_DIST_DIR: z.string().default(path.join(PROJECT_ROOT, 'client', 'dist')),
  SUPERGRAPH_PATH: z.string().default(supergraphPath()),
  ...accountStatusEnv,
  /** Operation limits (gateway/operation-limits.ts; the Limits table in docs/operations.md): callers with a valid token … */
  LIMIT_MAX_DEPTH: limit(10),
  LIMIT_MAX_ALIASES: limit(30),
  LIMIT_MAX_TOKENS: limit(3000),
  LIMIT_MAX_DIRECTIVES: limit(20),
  LIMIT_MAX_COST: limit(10_000),
  /** … and anonymous callers (no token: login, sign-up, invitations). */
  LIMIT_ANONYMOUS_MAX_DEPTH: limit(6),
  LIMIT_ANONYMOUS_MAX_ALIASES: limit(5),
  LIMIT_ANONYMOUS_MAX_TOKENS: limit(500),
  LIMIT_ANONYMOUS_MAX_DIRECTIVES: limit(5),
  LIMIT_ANONYMOUS_MAX_COST: limit(200),
  /** The list size the cost estimate assumes for a list field without `first`/`last`. */
  LIMIT_DEFAULT_LIST_SIZE: limit(10),
};

export const parseGatewayEnv = defineServiceSettings(gatewayEnvShape, (vars) => ({
  graphql: graphqlSettingsOf(vars),
  port: vars.GATEWAY_PORT,
  jwt: jwtSettingsOf(vars),
  subgraphUrls: { users: vars.USERS_URL, platform: vars.PLATFORM_URL, datasets: vars.DATASETS_URL } as Record<string, string | undefined>,
  corsOrigins: vars.CORS_ORIGINS,
  clientDistDir: vars.CLIENT_DIST_DIR,
  supergraphPath: vars.SUPERGRAPH_PATH,
  accountStatusTtlMs: vars.ACCOUNT_STATUS_TTL_MS,
  limits: {
    authenticated: {
      maxDepth: vars.LIMIT_MAX_DEPTH,
      maxAliases: vars.LIMIT_MAX_ALIASES,
      maxTokens: vars.LIMIT_MAX_TOKENS,
      maxDirectives: vars.LIMIT_MAX_DIRECTIVES,
      maxCost: vars.LIMIT_MAX_COST,
      defaultListSize: vars.LIMIT_DEFAULT_LIST_SIZE,
    },
    anonymous: {
      maxDepth: vars.LIMIT_ANONYMOUS_MAX_DEPTH,
      maxAliases: vars.LIMIT_ANONYMOUS_MAX_ALIASES,
      maxTokens: vars.LIMIT_ANONYMOUS_MAX_TOKENS,
      maxDirectives: vars.LIMIT_ANONYMOUS_MAX_DIRECTIVES,
      maxCost: vars.LIMIT_ANONYMOUS_MAX_COST,
      defaultListSize: vars.LIMIT_DEFAULT_LIST_SIZE,
    },
  } satisfies GatewayLimits,
}));

export type GatewayEnv = ReturnType<typeof parseGatewayEnv>;
