/**
 * graphql-ws on the gateway's HTTP server at `/graphql` (same port and path as HTTP GraphQL).
 * The token comes in `connection_init` as `{ "Authorization": "Bearer …" }`; without a valid one
 * the socket is closed with 4401 (graphql-ws clients do not retry that code).
 * Operations are validated against a PRIVATE copy of the API schema: Apollo Server wraps the
 * resolvers of the schema it serves in place, so sharing it with this server would mix the two.
 * Subscriptions go to the bridge; queries and mutations sent over the socket run through the
 * same path as HTTP ones (ApolloServer.executeOperation with the viewer's context).
 */
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { GraphQLError, parse, validate, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Disposable } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import { bearerToken, verifyAccessToken, type JwtSettings } from '../lib/auth';
import { appError, type ErrorCode } from '../lib/errors';
import { nestedDeeperThan, TOO_DEEP_MESSAGE } from '../lib/graphql-http';
import type { AccountStatus } from '../lib/account-status';
import type { Logger } from '../lib/log';
import { introspectionRefusal, mayIntrospect, withoutSuggestions, type SchemaPrivacySettings } from '../lib/schema-privacy';
import { checkGatewayLimits, type GatewayLimits } from './operation-limits';
import { checkOperationAccess, rootFieldKeys, selectOperation } from './operation-access';
import type { SubscriptionBridge, Viewer } from './subscription-bridge';
import { planSubscription, type GraphQLRequestText, type SubscriptionPlan } from './subscription-plan';
import type { SupergraphInfo } from './supergraph-info';

export interface WsServerDeps {
  httpServer: http.Server;
  /** The private API schema (see the header comment); null until the gateway has loaded. */
  schema: () => GraphQLSchema | null;
  info: SupergraphInfo;
  bridge: SubscriptionBridge;
  jwt: JwtSettings;
  execute(request: GraphQLRequestText, viewer: Viewer): Promise<ExecutionResult>;
  log: Logger;
  /** Unless internals are exposed (lib/errors.ts `exposeInternals`), graphql-ws closes on an internal error with a generic reason. */
  isProd: boolean;
  /** The account's current role; refuses tokens of deactivated accounts (lib/account-status.ts). */
  accountStatus: AccountStatus;
  /** Introspection and "Did you mean" suggestions, as over HTTP (lib/schema-privacy.ts). */
  graphql: SchemaPrivacySettings;
  /** Operation limits, checked before a document is parsed (operation-limits.ts). */
  limits: GatewayLimits;
}

interface OperationContext {
  viewer: Viewer;
  query: string;
  plan?: SubscriptionPlan;
  owner?: string;
}

const withCode = (errors: readonly GraphQLError[], code: ErrorCode) =>
  errors.map(
    (e) =>
      new GraphQLError(e.message, {
        nodes: e.nodes,
        source: e.source,
        positions: e.positions,
        path: e.path,
        extensions: { ...e.extensions, code: e.extensions.code ?? code },
      }),
  );

export function createWsServer(deps: WsServerDeps): { dispose(): Promise<void> } {
  const viewers = new WeakMap<object, Viewer>();
  const wss = new WebSocketServer({ server: deps.httpServer, path: '/graphql' });

  const cleanup: Disposable = useServer<Record<string, unknown>>(
    {
      onConnect: async (ctx) => {
        const params = ctx.connectionParams ?? {};
        const authorization = params.Authorization ?? params.authorization;
        const token = typeof authorization === 'string' ? bearerToken(authorization) : null;
        const refuse = (reason: string) => {
          ctx.extra.socket.close(4401, reason);
          return false;
        };
        if (!token || typeof authorization !== 'string') return refuse('Unauthorized: send { "Authorization": "Bearer <token>" } in connection_init');
        try {
          const user = await deps.accountStatus.current(await verifyAccessToken(token, deps.jwt), authorization);
          if (!user) return refuse('Unauthorized: this account is deactivated');
          const requested = params['X-Request-ID'];
          const requestId = typeof requested === 'string' && /^[\w.:-]{1,128}$/.test(requested) ? requested : randomUUID();
          viewers.set(ctx, { user, authorization, requestId });
          return true;
        } catch (error) {
          return refuse(`Unauthorized: ${error instanceof Error ? error.message : 'token is invalid'}`);
        }
      },

      onSubscribe: async (ctx, id, payload) => {
        const viewer = viewers.get(ctx);
        if (!viewer) return [appError('UNAUTHENTICATED', 'The connection is not authenticated.')];
        try {
          const current = await deps.accountStatus.current(await verifyAccessToken(bearerToken(viewer.authorization) ?? '', deps.jwt), viewer.authorization);
          if (!current) throw new Error('This account is deactivated.');
          // Each operation runs under the account's current role (a socket outlives role changes).
          viewer.user = current;
        } catch (error) {
          return [appError('UNAUTHENTICATED', `${error instanceof Error ? error.message : 'Token is invalid.'} Reconnect with a new token.`)];
        }
        const schema = deps.schema();
        if (!schema) return [appError('UPSTREAM_UNAVAILABLE', 'The gateway is starting; try again shortly.')];
        if (nestedDeeperThan(payload.variables)) return [appError('BAD_REQUEST', TOO_DEEP_MESSAGE)];
        const tooComplex = checkGatewayLimits(deps.limits, schema, payload.query, payload, viewer.user);
        if (tooComplex) return [tooComplex];
        let document;
        try {
          document = parse(payload.query);
        } catch (error) {
          return withCode([error as GraphQLError], 'GRAPHQL_PARSE_FAILED');
        }
        const validationErrors = validate(schema, document);
        if (validationErrors.length > 0) return withCode(validationErrors, 'GRAPHQL_VALIDATION_FAILED');
        if (!mayIntrospect(deps.graphql, viewer.user)) {
          const refusal = introspectionRefusal(schema, document, payload.query);
          if (refusal) return [refusal];
        }
        const operation = selectOperation(document, payload.operationName);
        if (!operation) return [appError('BAD_REQUEST', 'Could not determine which operation to run.')];
        try {
          checkOperationAccess(rootFieldKeys(operation, document), deps.info.access, viewer.user);
        } catch (error) {
          return [error as GraphQLError];
        }
        const variables = payload.variables ?? {};
        const context: OperationContext = { viewer: { ...viewer, requestId: `${viewer.requestId}:${id}` }, query: payload.query };
        if (operation.operation === 'subscription') {
          const plan = planSubscription(schema, document, payload.operationName, variables);
          if (Array.isArray(plan)) return withCode(plan, 'BAD_USER_INPUT');
          const owner = deps.info.owners.get(plan.fieldKey);
          if (!owner) return [appError('UPSTREAM_UNAVAILABLE', `No subgraph serves ${plan.fieldKey}.`)];
          context.plan = plan;
          context.owner = owner;
        }
        const args: ExecutionArgs = { schema, document, operationName: payload.operationName, variableValues: variables, contextValue: context };
        return args;
      },

      subscribe: (args) => {
        const { viewer, query, plan, owner } = args.contextValue as OperationContext;
        // graphql-ws calls this only for subscriptions, which onSubscribe always plans.
        if (!plan || !owner) return { errors: [appError('INTERNAL_SERVER_ERROR', 'Not a subscription.')] };
        const key = `${args.operationName ?? ''}\n${query}`;
        const subscribed = deps.bridge.subscribe(plan, owner, viewer, key, (args.variableValues ?? {}) as Record<string, unknown>);
        return Array.isArray(subscribed) ? { errors: subscribed } : subscribed;
      },

      execute: (args) => {
        const { viewer, query } = args.contextValue as OperationContext;
        return deps.execute(
          { query, variables: (args.variableValues ?? {}) as Record<string, unknown>, operationName: args.operationName ?? undefined },
          viewer,
        );
      },

      onError: (_ctx, _id, _payload, errors) => {
        deps.log.debug({ errors: errors.map((e) => e.message) }, 'websocket operation refused');
        if (deps.graphql.suggestions) return undefined;
        return errors.map((e) => ({ ...e.toJSON(), message: withoutSuggestions(e.message) }));
      },
      isProd: deps.isProd,
    },
    wss,
  );

  return {
    dispose: async () => {
      await cleanup.dispose();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
