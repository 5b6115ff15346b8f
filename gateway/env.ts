/** Gateway settings; `process.env` is read here and nowhere else in the gateway. */
import path from 'node:path';
import { z } from 'zod';
import { accountStatusEnv, commonEnv, defineServiceSettings, graphqlEnv, graphqlSettingsOf, jwtEnv, jwtSettingsOf, port } from '../lib/env';
import { PROJECT_ROOT, supergraphPath } from '../lib/schema-files';

const subgraphUrl = z.string().url().optional();

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
}));

export type GatewayEnv = ReturnType<typeof parseGatewayEnv>;
