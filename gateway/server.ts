/**
 * The gateway: Apollo Server 5 + @apollo/gateway on the supergraph file (reloaded when it changes or on
 * SIGHUP, gateway/supergraph-reload.ts; no polling of a registry), the JWT
 * checked once before planning, early `@access` rejection, header propagation to subgraphs,
 * graphql-ws with the subscription bridge on the same port and path, `/health`, `/metrics`, the console
 * at `/` and the explorer at `/explorer`.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import { readFileSync } from 'node:fs';
import express from 'express';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloGateway } from '@apollo/gateway';
import { buildASTSchema, parse, printSchema, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { createFormatError, exposeInternals as exposesInternals, upstreamUnavailable } from '../lib/errors';
import { inputTextPlugin } from '../lib/input-text';
import { serveGraphQL } from '../lib/graphql-http';
import { answers, closeServer, healthHandler, healthUrlOf, listen, liveHandler, readyHandler, requestIdOf, type RunningService } from '../lib/http';
import { createLeanRequest } from '../lib/http-client';
import { createLogger } from '../lib/log';
import { createServiceMetrics, type ServiceMetrics } from '../lib/metrics';
import { Histogram } from 'prom-client';
import { hidingSuggestions, schemaPrivacyPlugin } from '../lib/schema-privacy';
import { EVENT_REVISION_HEADER, resolveCaller, SUBSCRIPTION_EVENT_HEADER } from '../lib/subgraph';
import { createAccountStatus, usersSubgraphAccountLookup, type AccountLookup } from '../lib/account-status';
import { ACCESS_CHANGES_PATH, bearerToken, signServiceToken, TokenError, verifyAccessToken } from '../lib/auth';
import type { GatewayEnv } from './env';
import { corsMiddleware, operationGuardPlugin, type GatewayContext } from './http-guards';
import { inferenceProxy } from './inference-proxy';
import { mountConsole } from './static-files';
import { gatewayLimitsPlugin } from './operation-limits';
import { createRateLimiter, rateLimitedRequestError } from './rate-limit';
import { followAccessChanges, type AccessChangeFeed } from './access-changes';
import { createSubscriptionBridge, toGraphQLErrors, type BridgeStats, type EventExecution, type Viewer } from './subscription-bridge';
import type { GraphQLRequestText } from './subscription-plan';
import { readSupergraph } from './supergraph-info';
import { createSupergraphReloader, type ReloadOutcome } from './supergraph-reload';
import { createTrustedDocuments, trustedDocumentsPlugin } from './trusted-documents';
import { SubgraphDataSource } from './subgraph-source';
import { createWsServer, type WsStats } from './ws-server';

export type GatewayService = RunningService & {
  /** Live counters of the subscription bridge (upstream subscriptions, executions per event). */
  bridgeStats: Readonly<BridgeStats>;
  /** Read `SUPERGRAPH_PATH` again and serve it, or keep the running supergraph and log why (SIGHUP does this). */
  reloadSupergraph(trigger?: string): ReloadOutcome;
};

const toWsUrl = (httpUrl: string) => httpUrl.replace(/^http/, 'ws');

const DEACTIVATED = 'This account is deactivated or no longer exists.';

/** The subscription bridge and WebSocket server on `/metrics`, read at scrape time (docs/operations.md "Metrics"). */
function subscriptionMetrics(metrics: ServiceMetrics, bridge: Readonly<BridgeStats>, ws: Readonly<WsStats>): void {
  metrics.mirrorGauge('gateway_websocket_connections', 'WebSocket connections open now.', () => ws.openSockets);
  metrics.mirrorGauge('gateway_subscriptions_active', 'Client subscriptions served now.', () => bridge.activeSubscribers);
  metrics.mirrorGauge('gateway_subscription_upstreams_active', 'Upstream subscriptions (gateway to subgraph) open now.', () => bridge.activeUpstreams);
  metrics.mirrorCounter('gateway_subscription_upstreams_opened_total', 'Upstream subscriptions opened.', () => bridge.upstreamOpened);
  metrics.mirrorCounter('gateway_subscription_events_in_total', 'Subscription events received from subgraphs.', () => bridge.upstreamEvents);
  metrics.mirrorCounter('gateway_subscription_events_out_total', 'Subscription events sent to clients.', () => ws.eventsSent);
  metrics.mirrorCounter('gateway_subscription_executions_total', 'Queries run to resolve subscription events.', () => bridge.eventExecutions);
  metrics.mirrorCounter('gateway_subscription_access_rechecks_total', 'Access checks re-run for viewers of shared upstreams.', () => bridge.accessRechecks);
  metrics.mirrorCounter(
    'gateway_subscription_feed_joins_total',
    'Delta-stream subscriptions that joined the shared feed of their job and stream.',
    () => bridge.feedJoins,
  );
  metrics.mirrorCounter(
    'gateway_access_changes_total',
    'Access changes received from the users service (one account, or everyone after a reconnect).',
    () => bridge.accessChanges,
  );
  metrics.mirrorCounter(
    'gateway_subscription_slow_consumers_closed_total',
    'Subscribers closed (4413) because they stopped reading their events.',
    () => bridge.slowConsumersClosed,
  );
  metrics.mirrorCounter(
    'gateway_subscription_events_dropped_total',
    'Events discarded with the subscribers closed as slow consumers.',
    () => bridge.eventsDropped,
  );
}

export async function createGatewayServer(env: GatewayEnv): Promise<GatewayService> {
  const log = createLogger('gateway', env.logLevel);
  const exposeInternals = exposesInternals(env.nodeEnv);
  const supergraphSdl = readFileSync(env.supergraphPath, 'utf8');
  // Updated in place by a supergraph reload (gateway/supergraph-reload.ts).
  const info = readSupergraph(supergraphSdl);
  const reloader = createSupergraphReloader({ file: env.supergraphPath, initialSdl: supergraphSdl, info, watch: env.supergraphWatch, log });
  const subgraphUrl = (name: string) => env.subgraphUrls[name] ?? info.subgraphs.get(name)?.url;

  // One keep-alive pool for every subgraph call, on the lean client (gateway/subgraph-source.ts says why).
  const request = createLeanRequest();
  const sources: SubgraphDataSource[] = [];
  // @apollo/gateway reports anonymous usage to Apollo (usage-reporting.api.apollographql.com) and, to
  // describe the host, probes the AWS, Azure, GCP and Alibaba metadata endpoints when it is built,
  // unless APOLLO_TELEMETRY_DISABLED is true: off unless an operator sets it to false (decisions.md #58).
  process.env.APOLLO_TELEMETRY_DISABLED = String(env.apolloTelemetryDisabled);
  const gateway = new ApolloGateway({
    supergraphSdl: reloader.manager,
    buildService: ({ name, url }) => {
      const source = new SubgraphDataSource({
        url: subgraphUrl(name) ?? url!,
        request,
        deduplicate: env.subgraphDeduplication,
        headersFor: (context) => {
          const headers: Record<string, string> = {};
          if (context.authorization) headers.authorization = context.authorization;
          if (context.requestId) headers['x-request-id'] = context.requestId;
          if (context.forwardedFor) headers['x-forwarded-for'] = context.forwardedFor;
          if (context.subscriptionEvent) headers[SUBSCRIPTION_EVENT_HEADER] = '1';
          if (context.eventRevision) headers[EVENT_REVISION_HEADER] = context.eventRevision;
          return headers;
        },
        // No response at all (refused, reset, DNS), or a 503 (the subgraph's database is down, lib/db-errors.ts):
        // a stable UPSTREAM_UNAVAILABLE instead of a masked internal error.
        unavailable: ({ error, status, context }) => {
          log.warn({ subgraph: name, requestId: context.requestId, status, reason: error.message }, status ? 'subgraph unavailable' : 'subgraph unreachable');
          return upstreamUnavailable(name, `The ${name} service is unavailable; try again shortly.`);
        },
      });
      sources.push(source);
      return source;
    },
  });

  // The bridge validates and plans against its own copy of the API schema: Apollo Server wraps
  // every field resolver of the gateway's API schema in place after the first request.
  let privateSchema: GraphQLSchema | null = null;
  gateway.onSchemaLoadOrUpdate(({ apiSchema }) => {
    privateSchema = buildASTSchema(parse(printSchema(apiSchema)));
  });

  const formatError = hidingSuggestions(
    env.graphql,
    createFormatError({ exposeInternals, log: (err) => log.error({ err }, 'unexpected error'), warn: (err, message) => log.warn({ err }, message) }),
  );

  const app = express();
  // Its request listener is added once Apollo has started (below); the drain plugin needs it now.
  const httpServer = http.createServer();
  const metrics = createServiceMetrics('gateway', env.metrics);
  const trustedDocuments = createTrustedDocuments(env.trustedDocuments);
  log.info({ mode: trustedDocuments.mode, known: trustedDocuments.known }, 'trusted documents');
  const apollo = new ApolloServer<GatewayContext>({
    gateway,
    // Who may introspect is decided per caller by schemaPrivacyPlugin: everyone with GRAPHQL_INTROSPECTION, else admins (the explorer).
    introspection: true,
    includeStacktraceInErrorResponses: exposeInternals,
    // Off: operationLimitsPlugin keeps the validated documents (its comment says why).
    documentStore: null,
    // Automatic persisted queries, with the manifest's hashes known from the start (trusted-documents.ts).
    persistedQueries: { cache: trustedDocuments.cache, ttl: null },
    stopOnTerminationSignals: false, // gateway/main.ts owns signal handling
    formatError,
    plugins: [
      trustedDocumentsPlugin(trustedDocuments), // first: an unknown document in `only` mode is refused before anything else looks at it
      gatewayLimitsPlugin(env.limits), // then: a refused document is never parsed nor seen by the other plugins
      inputTextPlugin(),
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      operationGuardPlugin(info),
      schemaPrivacyPlugin(env.graphql),
      metrics.apolloPlugin(),
    ],
  });

  /** The gateway's normal query path, used by the bridge for each event and for WS queries. */
  const execute = async (request: GraphQLRequestText, viewer: Viewer, options: EventExecution = {}): Promise<ExecutionResult> => {
    // The WebSocket server checked the document against the trusted documents; an event's document is the subscription's.
    const contextValue: GatewayContext = {
      user: viewer.user,
      authorization: viewer.authorization,
      requestId: viewer.requestId,
      trustedDocumentChecked: true,
      ...options,
    };
    const response = await apollo.executeOperation(
      { query: request.query, variables: request.variables, operationName: request.operationName },
      { contextValue },
    );
    if (response.body.kind !== 'single') throw new Error('Incremental delivery is not supported by the bridge.');
    const { data, errors } = response.body.singleResult;
    return { data: (data as ExecutionResult['data']) ?? null, errors: toGraphQLErrors(errors) };
  };

  const usersUrl = subgraphUrl('users');
  const lookup: AccountLookup = usersUrl ? usersSubgraphAccountLookup(usersUrl, log) : async () => 'unknown';
  let serviceToken: { token: string; expiresAt: Date } | undefined;
  const serviceAuthorization = async () => {
    // Minted for five minutes, reused until a minute before it expires.
    if (!serviceToken || serviceToken.expiresAt.getTime() - Date.now() < 60_000) serviceToken = await signServiceToken(env.jwt, 300);
    return `Bearer ${serviceToken.token}`;
  };
  // Access changes from the users service (decisions.md #56): while the stream is live, what the
  // gateway remembers of an account, and a viewer's access check, holds until a change says otherwise.
  let accessFeed: AccessChangeFeed | undefined;
  const trustedFor = () => (accessFeed?.live() ? Math.max(env.accountStatusTtlMs, env.accessChangesTtlMs) : env.accountStatusTtlMs);
  const accountStatus = createAccountStatus({ lookup, ttlMs: trustedFor });
  const executionsPerEvent = new Histogram({
    name: 'gateway_subscription_event_executions',
    help: 'Queries run to resolve one upstream subscription event (one per distinct selection and visibility class).',
    buckets: [0, 1, 2, 5, 10, 20, 50, 100],
    registers: [metrics.registry],
  });
  const bridge = createSubscriptionBridge({
    subgraphWsUrl: (name) => {
      const url = subgraphUrl(name);
      return url ? toWsUrl(url) : undefined;
    },
    execute,
    verify: async (authorization) => {
      const user = await accountStatus.current(await verifyAccessToken(bearerToken(authorization) ?? '', env.jwt), authorization);
      if (!user) throw new TokenError(DEACTIVATED);
      return user;
    },
    budget: env.subscriptionBudget,
    sharing: env.subscriptionSharing,
    serviceAuthorization,
    // An access check is trusted as long as an account state.
    accessRecheckMs: trustedFor,
    maxBufferedEvents: env.subscriptionMaxBufferedEvents,
    onEventResolved: (executions) => executionsPerEvent.observe(executions),
    log,
  });
  const rateLimiter = createRateLimiter(env.rateLimit);
  const ws = createWsServer({
    httpServer,
    schema: () => privateSchema,
    info,
    bridge,
    jwt: env.jwt,
    execute,
    log,
    isProd: !exposeInternals,
    accountStatus,
    graphql: env.graphql,
    limits: env.limits,
    rateLimiter,
    maxFrameBytes: env.wsMaxFrameBytes,
    trustedDocuments,
  });

  subscriptionMetrics(metrics, bridge.stats, ws.stats);
  if (usersUrl && env.accessChangesTtlMs > 0) {
    accessFeed = followAccessChanges({
      url: new URL(ACCESS_CHANGES_PATH, usersUrl).toString(),
      authorization: serviceAuthorization,
      onChange: (userId) => {
        accountStatus.forget(userId);
        bridge.accessChanged(userId);
      },
      onReset: () => {
        accountStatus.forget();
        bridge.accessChanged();
      },
      log: log.child({ component: 'access-changes' }),
    });
  }
  metrics.mirrorGauge(
    'gateway_access_changes_live',
    'Whether the access-change stream from the users service is live (1) or access is re-checked on the account-status TTL (0).',
    () => (accessFeed?.live() ? 1 : 0),
  );
  metrics.mirrorCounter('gateway_subgraph_requests_shared_total', 'Subgraph queries answered by an identical one already under way (not sent).', () =>
    sources.reduce((n, source) => n + source.stats.shared, 0),
  );

  await apollo.start();

  const context = async (req: IncomingMessage, res: ServerResponse): Promise<GatewayContext> => {
    const requestId = requestIdOf(req);
    res.setHeader('X-Request-ID', requestId);
    const address = rateLimiter.addressOf(req);
    // A present but bad or expired token is a 401 here, before any planning.
    // With the account's current role, not the token's: a demoted account's early `@access` check uses the new one.
    const user = await resolveCaller(req.headers.authorization, env.jwt, accountStatus);
    // Every operation counts against its address and its user (rate-limit.ts): 429 with Retry-After when over.
    const limited = rateLimiter.charge(user, address);
    if (limited) throw rateLimitedRequestError(limited);
    const incoming = req.headers['x-forwarded-for'];
    const forwardedFor = [Array.isArray(incoming) ? incoming.join(', ') : incoming, req.socket.remoteAddress].filter(Boolean).join(', ');
    return { user, authorization: req.headers.authorization, requestId, forwardedFor };
  };

  app.disable('x-powered-by');
  // No ETag on API answers: nobody revalidates a GraphQL or JSON response, and hashing each costs CPU.
  app.set('etag', false);
  metrics.mount(app); // before CORS and the console: scrapers are not browsers, and `/metrics` is no SPA route
  app.get('/health', healthHandler('gateway'));
  app.get('/health/live', liveHandler('gateway'));
  // Ready when every subgraph's process answers (their own readiness covers their databases).
  app.get(
    '/health/ready',
    readyHandler(
      'gateway',
      Object.fromEntries(
        [...info.subgraphs.keys()].map((name) => [name, async () => answers(healthUrlOf(subgraphUrl(name) ?? info.subgraphs.get(name)!.url))]),
      ),
    ),
  );
  const cors = corsMiddleware(env.corsOrigins);
  app.use(cors);
  app.get('/graphql', (req, res, next) => {
    // A browser opening the API URL gets the explorer instead of a CSRF error.
    if ((req.headers.accept ?? '').includes('text/html') && !req.query.query) res.redirect(302, '/explorer');
    else next();
  });
  // JSON POSTs to /graphql skip express (lib/graphql-http.ts), with the same metrics and CORS headers.
  const record = metrics.recordAs('/graphql');
  serveGraphQL(app, httpServer, {
    apollo,
    context,
    onRequest: (req, res) => {
      record(req, res);
      cors(req, res, () => undefined);
    },
  });
  app.use(
    '/inference/v1',
    inferenceProxy(() => subgraphUrl('platform'), log.child({ component: 'inference-proxy' })),
  );
  mountConsole(app, env.clientDistDir, env.consoleUploadOrigins);

  const port = await listen(httpServer, env.host, env.port);
  return {
    name: 'gateway',
    port,
    url: `http://${env.host}:${port}`,
    bridgeStats: bridge.stats,
    reloadSupergraph: (trigger = 'request') => reloader.reload(trigger),
    close: async () => {
      accessFeed?.close();
      await bridge.close();
      await ws.dispose();
      await apollo.stop();
      await closeServer(httpServer);
    },
  };
}
