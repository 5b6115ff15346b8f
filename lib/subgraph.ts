/**
 * One way to build a subgraph server: Apollo Server 5 on express 5, SDL from `schema/<name>.graphql`,
 * root resolvers wrapped with their `@access` checks, the caller resolved from the JWT,
 * `/health`, `/metrics` (lib/metrics.ts), masked internal errors. Returns the pieces before
 * listening so a subgraph can attach more (the platform subgraph adds its graphql-ws server to `httpServer`).
 */
import http, { type ServerResponse } from 'node:http';
import express, { type Express } from 'express';
import { ApolloServer, type BaseContext } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginInlineTraceDisabled } from '@apollo/server/plugin/disabled';
import { buildSubgraphSchema } from '@apollo/subgraph';
import type { GraphQLResolverMap } from '@apollo/subgraph/dist/schema-helper';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { enforceAccess, requireCallerForEntities } from './access';
import type { AccountStatus } from './account-status';
import { userFromAuthorization, type AuthUser, type JwtSettings } from './auth';
import { DATABASE_FAILURE_MESSAGE, databaseFailureOf } from './db-errors';
import { createFormatError, requestError } from './errors';
import { inputTextPlugin } from './input-text';
import { serveGraphQL, type GraphQLHttpRequest } from './graphql-http';
import { closeServer, healthHandler, listen, liveHandler, readyHandler, requestIdOf, type ReadinessChecks, type RunningService } from './http';
import type { Logger } from './log';
import { operationLimitsPlugin } from './operation-limits';
import { createServiceMetrics, type MetricsSettings, type ServiceMetrics } from './metrics';
import { subgraphTypeDefs, type SubgraphName } from './schema-files';
import { hidingSuggestions, schemaPrivacyPlugin, type SchemaPrivacySettings } from './schema-privacy';
import type { Registry } from 'prom-client';

/**
 * Sent by the gateway on the subgraph fetches of a subscription event's query: such a request may be
 * answered from short-lived caches (datasets: Labeler metadata). Ordinary requests never are, so a
 * permission granted or revoked at the Labeler shows on the next ordinary request.
 */
export const SUBSCRIPTION_EVENT_HEADER = 'x-subscription-event';

/**
 * Sent by the gateway with a subscription event's query when the upstream event carried a revision
 * (`extensions.revision`, platform: training-job.revisions.ts): the subscribed entity's own fields
 * are read as of that event, not as they are by the time the query runs.
 */
export const EVENT_REVISION_HEADER = 'x-event-revision';

export interface BaseRequestContext {
  user: AuthUser | null;
  requestId: string;
  log: Logger;
  /**
   * Set only on a subscription socket opened with the gateway's service token (lib/auth.ts
   * `signServiceToken`): `user` is then the service subscriber, not an account.
   */
  service?: boolean;
}

export interface SubgraphOptions<C extends BaseRequestContext> {
  name: SubgraphName;
  resolvers: object;
  jwt: JwtSettings;
  log: Logger;
  exposeInternals: boolean;
  /** Introspection and "Did you mean" suggestions (off in production). */
  graphql: SchemaPrivacySettings;
  /** Deepest document run (lib/operation-limits.ts); a direct call is held to it as the gateway's are. */
  maxDepth: number;
  /** Most tokens and aliases in a document (SUBGRAPH_MAX_TOKENS, SUBGRAPH_MAX_ALIASES). */
  maxTokens?: number;
  maxAliases?: number;
  /** Who may read `GET /metrics`. */
  metrics: MetricsSettings;
  /** Adds per-request parts (EntityManager fork, DataLoaders, …) to the base context. */
  extendContext: (base: BaseRequestContext, req: GraphQLHttpRequest) => Promise<C> | C;
  /** Extra check for `/health` (e.g. database ping). */
  healthCheck?: () => Promise<void>;
  /** What `/health/ready` asks (databases, buckets, upstreams), by name; `/health/live` asks nothing. */
  readiness?: ReadinessChecks;
  /** Extra routes (mounted before `/graphql`); `registry` is the service's `/metrics` registry for their own figures. */
  routes?: (app: Express, parts: { registry: Registry }) => void;
  /** The service's own figures on `/metrics`, read at scrape time (`mirrorCounter`, `mirrorGauge`). */
  figures?: (metrics: Pick<ServiceMetrics, 'mirrorCounter' | 'mirrorGauge'>) => void;
  /**
   * The caller's current role and status (lib/account-status.ts); without it the token's role is
   * used (the users subgraph reads the account row in its own context instead).
   */
  accounts?: AccountStatus;
  /** Called when the server closes (after HTTP is drained). */
  onClose?: () => Promise<void>;
}

export interface Subgraph {
  app: Express;
  httpServer: http.Server;
  schema: GraphQLSchema;
  /** Resolve the caller of a request-like object (shared with WebSocket handlers). */
  listen(host: string, port: number): Promise<RunningService>;
}

export async function resolveCaller(authorization: string | string[] | undefined | null, jwt: JwtSettings, accounts?: AccountStatus): Promise<AuthUser | null> {
  let user: AuthUser | null;
  try {
    user = await userFromAuthorization(authorization, jwt);
  } catch (error) {
    const message = error instanceof GraphQLError ? error.message : 'Token is invalid.';
    throw requestError('UNAUTHENTICATED', message);
  }
  if (!user || !accounts) return user;
  const current = await accounts.current(user, (Array.isArray(authorization) ? authorization[0] : authorization) ?? '');
  if (!current) throw requestError('UNAUTHENTICATED', 'This account is deactivated or no longer exists.');
  return current;
}

export async function createSubgraph<C extends BaseRequestContext>(opts: SubgraphOptions<C>): Promise<Subgraph> {
  const typeDefs = subgraphTypeDefs(opts.name);
  const resolvers = enforceAccess(typeDefs, opts.resolvers) as GraphQLResolverMap<unknown>;
  const schema = requireCallerForEntities(buildSubgraphSchema({ typeDefs, resolvers }));
  const app = express();
  const metrics = createServiceMetrics(opts.name, opts.metrics);
  // Created before Apollo: the drain plugin needs it; its request listener is added once Apollo has started.
  const httpServer = http.createServer();
  const limits = { maxDepth: opts.maxDepth, maxTokens: opts.maxTokens, maxAliases: opts.maxAliases };
  const apollo = new ApolloServer<C & BaseContext>({
    schema,
    includeStacktraceInErrorResponses: opts.exposeInternals,
    // Off: operationLimitsPlugin keeps the validated documents (its comment says why).
    documentStore: null,
    // Who may introspect is decided per caller by schemaPrivacyPlugin (Apollo's own switch cannot see the caller).
    introspection: true,
    // main.ts owns signal handling; Apollo's own handler races it and a second stop() never returns.
    stopOnTerminationSignals: false,
    formatError: hidingSuggestions(
      opts.graphql,
      createFormatError({
        exposeInternals: opts.exposeInternals,
        log: (err) => opts.log.error({ err }, 'unexpected error'),
        warn: (err, message) => opts.log.warn({ err }, message),
      }),
    ),
    // Inline tracing feeds Apollo's hosted studio, which this platform does not use. Cache hints
    // are the gateway's business: it reads a subgraph answer without `Cache-Control` as max-age 0,
    // so clients still get `no-store`, and without the plugin no field resolver is wrapped.
    plugins: [
      operationLimitsPlugin(() => limits), // first: see operationLimitsPlugin
      inputTextPlugin(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginInlineTraceDisabled(),
      ApolloServerPluginCacheControlDisabled(),
      schemaPrivacyPlugin(opts.graphql),
      metrics.apolloPlugin(),
    ],
  });
  await apollo.start();

  const context = async (req: GraphQLHttpRequest, res: ServerResponse) => {
    const requestId = requestIdOf(req);
    res.setHeader('X-Request-ID', requestId);
    const log = opts.log.child({ requestId });
    try {
      const user = await resolveCaller(req.headers.authorization, opts.jwt, opts.accounts);
      return await opts.extendContext({ user, requestId, log }, req);
    } catch (error) {
      // The caller could not be checked because a database is down: 503, not a masked 500.
      if (!(error instanceof GraphQLError) && databaseFailureOf(error) === 'unavailable') {
        log.warn({ err: error }, 'database unavailable');
        throw requestError('UPSTREAM_UNAVAILABLE', DATABASE_FAILURE_MESSAGE.unavailable, { service: 'database' });
      }
      throw error;
    }
  };
  app.disable('x-powered-by');
  // No ETag on API answers: nobody revalidates a GraphQL or JSON response, and hashing each costs CPU.
  app.set('etag', false);
  metrics.mount(app);
  app.get('/health', healthHandler(opts.name, opts.healthCheck));
  app.get('/health/live', liveHandler(opts.name));
  app.get('/health/ready', readyHandler(opts.name, opts.readiness ?? {}));
  opts.routes?.(app, { registry: metrics.registry });
  opts.figures?.(metrics);
  // JSON POSTs to /graphql skip express (lib/graphql-http.ts), recorded like every other request.
  serveGraphQL(app, httpServer, { apollo, context, onRequest: metrics.recordAs('/graphql') });

  return {
    app,
    httpServer,
    schema,
    listen: async (host, port) => {
      const bound = await listen(httpServer, host, port);
      return {
        name: opts.name,
        port: bound,
        url: `http://${host}:${bound}`,
        close: async () => {
          await apollo.stop();
          await closeServer(httpServer);
          await opts.onClose?.();
        },
      };
    },
  };
}
