/** Gateway settings; `process.env` is read here and nowhere else in the gateway. */
import path from 'node:path';
import { z } from 'zod';
import { accountStatusEnv, bool, commonEnv, defineServiceSettings, graphqlEnv, graphqlSettingsOf, jwtEnv, jwtSettingsOf, port } from '../lib/env';
import { PROJECT_ROOT, supergraphPath } from '../lib/schema-files';
import type { GatewayLimits } from './operation-limits';
import type { RateLimitSettings } from './rate-limit';
import type { SubscriptionBudget } from './subscription-budget';
import { TRUSTED_DOCUMENTS_MODES } from './trusted-documents';

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
  /**
   * Comma-separated origins of the dataset bucket (R2, MinIO, the local S3 server): the console PUTs
   * upload parts there straight from the browser, so the console's CSP `connect-src` lists them.
   */
  CONSOLE_UPLOAD_ORIGINS: z.string().default('http://127.0.0.1:9000,http://localhost:9000'),
  /** The built console (`npm run build`), served at `/`; its explorer at `/explorer`. */
  CLIENT_DIST_DIR: z.string().default(path.join(PROJECT_ROOT, 'client', 'dist')),
  SUPERGRAPH_PATH: z.string().default(supergraphPath()),
  /** Reload SUPERGRAPH_PATH when the file changes (SIGHUP always reloads it). */
  SUPERGRAPH_WATCH: bool(true),
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
  /** Rate limit (gateway/rate-limit.ts): GraphQL operations over HTTP and WebSocket per window; 0 turns one off. */
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  RATE_LIMIT_PER_USER: limit(60_000),
  RATE_LIMIT_PER_ADDRESS: limit(120_000),
  RATE_LIMIT_ANONYMOUS_PER_ADDRESS: limit(6_000),
  /** Proxies in front of the gateway (load balancers) whose `X-Forwarded-For` entry names the client; 0: the socket peer does. */
  GATEWAY_TRUSTED_PROXY_HOPS: z.coerce.number().int().min(0).max(10).default(0),
  /** Subscription budgets (gateway/subscription-budget.ts), per WebSocket and per user. */
  SUBSCRIPTION_MAX_PER_SOCKET: limit(100),
  SUBSCRIPTION_MAX_PER_USER: limit(300),
  SUBSCRIPTION_MAX_DOCUMENTS_PER_SOCKET: limit(10),
  SUBSCRIPTION_MAX_DOCUMENTS_PER_USER: limit(20),
  SUBSCRIPTION_MAX_UPSTREAMS_PER_SOCKET: limit(100),
  SUBSCRIPTION_MAX_UPSTREAMS_PER_USER: limit(200),
  /**
   * `shared`: one upstream subscription per (subgraph, job) opened with the gateway's service token,
   * events resolved once per selection and visibility class; `per-viewer`: one upstream and one
   * execution per viewer (decisions.md #19).
   */
  SUBSCRIPTION_SHARING: z.enum(['shared', 'per-viewer']).default('shared'),
  /**
   * `on`: identical subgraph queries under way at once (same subgraph, document, variables, caller,
   * role and headers) share one request (gateway/subgraph-source.ts); `off`: each goes out.
   */
  SUBGRAPH_DEDUPLICATION: z.enum(['on', 'off']).default('on'),
  /**
   * While the users service's access-change stream is live (gateway/access-changes.ts, decisions.md #56):
   * how long a remembered account state and a subscription viewer's access check are trusted (a change
   * arrives on the stream and applies at once). `0`: no stream, `ACCOUNT_STATUS_TTL_MS` throughout.
   */
  ACCESS_CHANGES_TTL_MS: z.coerce.number().int().min(0).max(3_600_000).default(300_000),
  /**
   * `@apollo/gateway`'s own anonymous usage reporting to Apollo and its cloud metadata probes at start
   * (decisions.md #58): off unless set to false.
   */
  APOLLO_TELEMETRY_DISABLED: bool(true),
  /** Events buffered for one subscription whose client stopped reading; one more closes its socket with 4413. */
  SUBSCRIPTION_MAX_BUFFERED_EVENTS: z.coerce.number().int().min(1).default(256),
  /**
   * Trusted documents (gateway/trusted-documents.ts, decisions.md #43): `only` runs just the documents of
   * schema/operations-manifest.json (admins may send any: the explorer); `allow-unknown` knows their hashes
   * and runs anything; `off` loads no manifest. Production: `only`.
   */
  TRUSTED_DOCUMENTS: z.enum(TRUSTED_DOCUMENTS_MODES).default('allow-unknown'),
  /** Largest WebSocket message the gateway reads; a larger frame closes the socket with 1009 before it is buffered. */
  WS_MAX_FRAME_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
};

export const parseGatewayEnv = defineServiceSettings(gatewayEnvShape, (vars) => ({
  graphql: graphqlSettingsOf(vars),
  port: vars.GATEWAY_PORT,
  jwt: jwtSettingsOf(vars),
  subgraphUrls: { users: vars.USERS_URL, platform: vars.PLATFORM_URL, datasets: vars.DATASETS_URL } as Record<string, string | undefined>,
  corsOrigins: vars.CORS_ORIGINS,
  clientDistDir: vars.CLIENT_DIST_DIR,
  consoleUploadOrigins: vars.CONSOLE_UPLOAD_ORIGINS.split(',')
    .map((o) => o.trim())
    .filter(Boolean)
    .map((o) => new URL(o).origin),
  supergraphPath: vars.SUPERGRAPH_PATH,
  supergraphWatch: vars.SUPERGRAPH_WATCH,
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
  rateLimit: {
    windowSeconds: vars.RATE_LIMIT_WINDOW_SECONDS,
    perUser: vars.RATE_LIMIT_PER_USER,
    perAddress: vars.RATE_LIMIT_PER_ADDRESS,
    anonymousPerAddress: vars.RATE_LIMIT_ANONYMOUS_PER_ADDRESS,
    trustedProxyHops: vars.GATEWAY_TRUSTED_PROXY_HOPS,
  } satisfies RateLimitSettings,
  subscriptionBudget: {
    socket: {
      subscriptions: vars.SUBSCRIPTION_MAX_PER_SOCKET,
      documents: vars.SUBSCRIPTION_MAX_DOCUMENTS_PER_SOCKET,
      upstreams: vars.SUBSCRIPTION_MAX_UPSTREAMS_PER_SOCKET,
    },
    user: {
      subscriptions: vars.SUBSCRIPTION_MAX_PER_USER,
      documents: vars.SUBSCRIPTION_MAX_DOCUMENTS_PER_USER,
      upstreams: vars.SUBSCRIPTION_MAX_UPSTREAMS_PER_USER,
    },
  } satisfies SubscriptionBudget,
  wsMaxFrameBytes: vars.WS_MAX_FRAME_BYTES,
  trustedDocuments: vars.TRUSTED_DOCUMENTS,
  subscriptionSharing: vars.SUBSCRIPTION_SHARING,
  subscriptionMaxBufferedEvents: vars.SUBSCRIPTION_MAX_BUFFERED_EVENTS,
  accessChangesTtlMs: vars.ACCESS_CHANGES_TTL_MS,
  apolloTelemetryDisabled: vars.APOLLO_TELEMETRY_DISABLED,
  subgraphDeduplication: vars.SUBGRAPH_DEDUPLICATION === 'on',
}));

export type GatewayEnv = ReturnType<typeof parseGatewayEnv>;
