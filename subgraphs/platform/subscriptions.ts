/**
 * graphql-ws on the subgraph's own HTTP server, path `/graphql` (the gateway bridges client
 * subscriptions here; decisions.md #19). The caller authenticates once in `connection_init`
 * (`{ Authorization: "Bearer …", "X-Request-ID"?: "…" }`); a missing or bad token closes the socket
 * with 4401, which graphql-ws clients treat as fatal (no reconnect loop with a bad token).
 * The gateway may instead send its service token (lib/auth.ts `signServiceToken`) to open one
 * upstream shared by all its viewers (decisions.md #19): such a socket runs subscriptions only,
 * selecting nothing but `__typename` and `id` of the root field, or a delta stream (decisions.md #68),
 * as a subscriber that sees every job (docs/permissions.md, "Service subscriptions"); each viewer's
 * access is the gateway's to check.
 */
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { GraphQLError, Kind, parse, type DocumentNode, type FieldNode, type GraphQLSchema } from 'graphql';
import { CloseCode } from 'graphql-ws';
import { useServer, type Extra } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { AccountStatus } from '../../lib/account-status';
import { bearerToken, isServiceToken, SERVICE_SUBSCRIBER_ID, type AuthUser, type JwtSettings } from '../../lib/auth';
import { appError, createFormatError } from '../../lib/errors';
import type { Logger } from '../../lib/log';
import { hidingSuggestions, introspectionRefusal, mayIntrospect, type SchemaPrivacySettings } from '../../lib/schema-privacy';
import { checkOperationLimits } from '../../lib/operation-limits';
import { resolveCaller, type BaseRequestContext } from '../../lib/subgraph';
import type { PlatformContext } from './context';
import { nulArgumentsError } from '../../lib/input-text';

export const SUBSCRIPTIONS_PATH = '/graphql';

interface ConnectionExtra extends Record<PropertyKey, unknown> {
  user: AuthUser;
  requestId: string;
  /** Opened with the gateway's service token. */
  service?: boolean;
}

/** Who the gateway's service token acts as: a reader of every job's identity, no account. */
const SERVICE_SUBSCRIBER: AuthUser = { id: SERVICE_SUBSCRIBER_ID, email: 'gateway@service.invalid', role: 'manager' };

/**
 * What a service socket may run: subscription operations whose root fields select only `__typename`
 * and `id` (no fragments), so the service identity learns which job changed and nothing of it, or
 * are delta streams (a subscription field with an `after` cursor: a job's metric points, log lines
 * or system samples), which the gateway shares among the viewers it has checked (decisions.md #68).
 * Fragment definitions are let through: an identity selection cannot spread them.
 */
function serviceOperationAllowed(schema: GraphQLSchema, document: DocumentNode): boolean {
  const streams = schema.getSubscriptionType()?.getFields() ?? {};
  const isDeltaStream = (root: FieldNode) => streams[root.name.value]?.args.some((arg) => arg.name === 'after') ?? false;
  const isIdentity = (root: FieldNode) =>
    (root.selectionSet?.selections ?? []).every((field) => field.kind === Kind.FIELD && ['id', '__typename'].includes(field.name.value));
  const roots: FieldNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) continue;
    if (definition.kind !== Kind.OPERATION_DEFINITION || definition.operation !== 'subscription') return false;
    for (const root of definition.selectionSet.selections) {
      if (root.kind !== Kind.FIELD) return false;
      roots.push(root);
    }
  }
  return roots.every((root) => isDeltaStream(root) || isIdentity(root));
}

export interface SubscriptionServerOptions {
  httpServer: http.Server;
  schema: GraphQLSchema;
  /** The same context factory as HTTP requests use; each subscription gets its own context. */
  createContext: (base: BaseRequestContext) => PlatformContext;
  jwt: JwtSettings;
  /** The caller's current role and status, read at connection and before every event (context.ts). */
  accounts: AccountStatus;
  log: Logger;
  exposeInternals: boolean;
  /** Introspection and "Did you mean" suggestions, as over HTTP (lib/schema-privacy.ts). */
  graphql: SchemaPrivacySettings;
  /** The subgraph's depth limit (SUBGRAPH_MAX_DEPTH), as on HTTP; tokens and aliases too. */
  maxDepth: number;
  maxTokens?: number;
  maxAliases?: number;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

function connectionParam(params: Record<string, unknown> | undefined, name: string): string | undefined {
  const value = params?.[name] ?? params?.[name.toLowerCase()];
  return typeof value === 'string' ? value : undefined;
}

export function attachSubscriptionServer(opts: SubscriptionServerOptions): { close(): Promise<void> } {
  const wss = new WebSocketServer({ server: opts.httpServer, path: SUBSCRIPTIONS_PATH });
  const formatError = hidingSuggestions(
    opts.graphql,
    createFormatError({
      exposeInternals: opts.exposeInternals,
      log: (err) => opts.log.error({ err }, 'unexpected subscription error'),
      warn: (err, message) => opts.log.warn({ err }, message),
    }),
  );

  const server = useServer<Record<string, unknown>, ConnectionExtra>(
    {
      schema: opts.schema,
      isProd: !opts.exposeInternals,
      onConnect: async (ctx) => {
        const requestIdParam = connectionParam(ctx.connectionParams, 'X-Request-ID');
        const requestId = requestIdParam && REQUEST_ID.test(requestIdParam) ? requestIdParam : randomUUID();
        const socket = (ctx.extra as Extra).socket;
        let user: AuthUser | null = null;
        let reason = 'Unauthorized: send { "Authorization": "Bearer <token>" } in connection_init';
        const authorization = connectionParam(ctx.connectionParams, 'Authorization');
        const token = authorization ? bearerToken(authorization) : null;
        if (token && (await isServiceToken(token, opts.jwt))) {
          ctx.extra.user = SERVICE_SUBSCRIBER;
          ctx.extra.requestId = requestId;
          ctx.extra.service = true;
          return true;
        }
        try {
          user = await resolveCaller(authorization, opts.jwt, opts.accounts);
        } catch (error) {
          reason = `Unauthorized: ${error instanceof GraphQLError ? error.message : 'token is invalid'}`;
        }
        if (!user) {
          opts.log.info({ requestId }, 'subscription connection refused: no valid token');
          // Closing first makes the client see 4401; graphql-ws's own 4403 close then is a no-op.
          socket.close(CloseCode.Unauthorized, reason.slice(0, 120));
          return false;
        }
        ctx.extra.user = user;
        ctx.extra.requestId = requestId;
        return true;
      },
      // graphql-ws runs queries sent over the socket too: the depth limit, the NUL check and the introspection rule, as on HTTP.
      onSubscribe: (ctx, _id, payload) => {
        const refused = checkOperationLimits(opts.schema, payload.query, payload, {
          maxDepth: opts.maxDepth,
          maxTokens: opts.maxTokens,
          maxAliases: opts.maxAliases,
        });
        if (refused) return [refused];
        let document: DocumentNode;
        try {
          document = parse(payload.query);
        } catch {
          return undefined; // graphql-ws answers the syntax error itself
        }
        const nul = nulArgumentsError(document, payload.variables ?? undefined);
        if (nul) return [nul];
        if ((ctx.extra as ConnectionExtra).service && !serviceOperationAllowed(opts.schema, document)) {
          return [appError('FORBIDDEN', 'The service identity may only subscribe to the identity (__typename, id) of an entity, or to a delta stream.')];
        }
        if (mayIntrospect(opts.graphql, (ctx.extra as ConnectionExtra).user)) return undefined;
        const refusal = introspectionRefusal(opts.schema, document, payload.query);
        return refusal ? [refusal] : undefined;
      },
      context: (ctx) => {
        const { user, requestId, service } = ctx.extra as ConnectionExtra;
        return opts.createContext({ user, requestId, log: opts.log.child({ requestId, userId: user.id }), ...(service ? { service } : {}) });
      },
      // Same masking as HTTP: known codes pass, anything else becomes INTERNAL_SERVER_ERROR. An event
      // resolved as of a job revision says which (the gateway's shared upstream resolves it as of the same).
      onNext: (_ctx, _id, _payload, args, result) => {
        const context = args.contextValue as Partial<PlatformContext> | undefined;
        const revision = context?.eventRevision;
        if (context) delete context.eventRevision;
        if (!result.errors && !revision) return undefined;
        return {
          ...result,
          ...(result.errors ? { errors: result.errors.map((error) => formatError(error.toJSON(), error)) } : {}),
          ...(revision ? { extensions: { ...result.extensions, revision } } : {}),
        };
      },
      onError: (_ctx, _id, _payload, errors) => errors.map((error) => formatError(error.toJSON(), error)),
    },
    wss,
  );

  return {
    close: async () => {
      await server.dispose();
      // Clients that ignore the 1001 close handshake must not keep the process alive.
      for (const socket of wss.clients) socket.terminate();
    },
  };
}
