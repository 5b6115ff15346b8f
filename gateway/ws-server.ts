/**
 * graphql-ws on the gateway's HTTP server at `/graphql` (same port and path as HTTP GraphQL).
 * The token comes in `connection_init` as `{ "Authorization": "Bearer …" }`; without a valid one
 * the socket is closed with 4401 (graphql-ws clients do not retry that code).
 * Operations are validated against a PRIVATE copy of the API schema: Apollo Server wraps the
 * resolvers of the schema it serves in place, so sharing it with this server would mix the two.
 * Subscriptions go to the bridge; queries and mutations sent over the socket run through the
 * same path as HTTP ones (ApolloServer.executeOperation with the viewer's context).
 * Before anything is read, a frame over `maxFrameBytes` closes the socket with 1009 (`ws` checks the
 * length in the frame header, so the payload is neither buffered nor parsed). Every operation and
 * every connection is charged to the rate limit (rate-limit.ts); a subscription must fit the
 * budgets of its socket and user, and its job must exist and be visible to the caller, before the
 * bridge opens anything (decisions.md #31). A document may come by hash
 * (`extensions.persistedQuery.sha256Hash` with an empty `query`, as the console sends it) and must be
 * a trusted one when the gateway runs in `only` mode (trusted-documents.ts, decisions.md #43).
 */
import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import { GraphQLError, parse, validate, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema } from 'graphql';
import type { Disposable } from 'graphql-ws';
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { bearerToken, verifyAccessToken, type JwtSettings } from '../lib/auth';
import { appError, type ErrorCode } from '../lib/errors';
import { nulArgumentsError } from '../lib/input-text';
import { nestedDeeperThan, TOO_DEEP_MESSAGE } from '../lib/graphql-http';
import type { AccountStatus } from '../lib/account-status';
import type { Logger } from '../lib/log';
import { introspectionRefusal, mayIntrospect, withoutSuggestions, type SchemaPrivacySettings } from '../lib/schema-privacy';
import { checkGatewayLimits, type GatewayLimits } from './operation-limits';
import { checkOperationAccess, noOperationMessage, rootFieldKeys, selectOperation } from './operation-access';
import { sha256Hex } from '../lib/operations-manifest';
import { persistedQueryNotFound, type TrustedDocuments } from './trusted-documents';
import { rateLimitedError, type RateLimiter } from './rate-limit';
import { existenceRefusal as checkExistence, viewerKey, type EventWriter, type SubscriptionBridge, type Viewer } from './subscription-bridge';
import { stableStringify } from '../lib/stable-json';
import { planSubscription, type GraphQLRequestText, type SubscriptionPlan } from './subscription-plan';
import type { SupergraphInfo } from './supergraph-info';

/** The TCP socket under a `ws` socket (`ws` keeps it here), as far as this module writes to it. */
interface Tcp {
  cork(): void;
  uncork(): void;
  write(chunk: Buffer, callback: (error?: Error | null) => void): boolean;
  destroyed?: boolean;
}

/** Sends whole WebSocket frames on one socket; the frames of one turn leave in one write. */
interface FrameWriter {
  writeFrame(frame: Buffer, callback: () => void): void;
}

/** Each accepted socket's frame writer (set on `connection`), for the event writers of its subscriptions. */
const frameWriters = new WeakMap<WebSocket, FrameWriter>();

/**
 * Frames sent to one socket in the same turn of the event loop (one event for each of its
 * subscriptions: a client watching 100 jobs gets 100 frames at once) leave in one write instead of
 * one each: the TCP socket is corked at the first send and uncorked on `process.nextTick`, once the
 * synchronous delivery loop (the bridge's `push`) and the promise jobs under way are done, so no
 * send waits for a later turn. Returns the socket's frame writer (null without a TCP socket: another
 * transport, whose frames go out one by one through `ws`).
 */
function coalesceWrites(socket: WebSocket): FrameWriter | null {
  const tcp = (socket as unknown as { _socket?: Tcp })._socket;
  if (!tcp || typeof tcp.cork !== 'function') return null;
  const send = socket.send.bind(socket) as (...args: unknown[]) => void;
  let corked = false;
  const corkForTurn = () => {
    if (corked) return;
    corked = true;
    tcp.cork();
    // After the delivery loop under way and the promise jobs queued, before any I/O.
    process.nextTick(() => {
      corked = false;
      if (!tcp.destroyed) tcp.uncork();
    });
  };
  socket.send = ((...args: unknown[]) => {
    corkForTurn();
    send(...args);
  }) as typeof socket.send;
  return {
    writeFrame(frame, callback) {
      // Closed under `ws` before it saw it: nothing to write (as `ws` itself, the callback still comes).
      if (tcp.destroyed) return void process.nextTick(callback);
      corkForTurn();
      tcp.write(frame, () => callback());
    },
  };
}

const TEXT_FRAME = { binary: false } as const;
const FRAME_END = Buffer.from('}');
/** First byte of an unfragmented text frame (FIN, opcode 1), RFC 6455 section 5.2. */
const FIN_TEXT = 0x81;

/**
 * One unmasked WebSocket text frame (server to client) holding `head`, `payload` and `}`, in one
 * buffer: its header (payload length in 7, 16 or 64 bits) then the three parts.
 */
export function nextFrame(head: Buffer, payload: Buffer): Buffer {
  const length = head.length + payload.length + 1;
  const offset = length < 126 ? 2 : length < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(offset + length);
  frame[0] = FIN_TEXT;
  if (offset === 2) frame[1] = length;
  else if (offset === 4) {
    frame[1] = 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  head.copy(frame, offset);
  payload.copy(frame, offset + head.length);
  frame[offset + length - 1] = FRAME_END[0]!;
  return frame;
}

/**
 * The bridge's way to subscription `id` on `socket`: a graphql-transport-ws `next` message written
 * straight to the socket around the event's serialised payload, which the bridge makes once for
 * every listener of the event (graphql-ws's own delivery would serialise it once per subscriber,
 * and hold a chain of promises per subscriber and event). Counts this subscription's frames the
 * socket has not yet handed to the operating system (a client that stopped reading piles them up).
 * While the socket is open and has no extension (no permessage-deflate: `ws` then writes every
 * frame at once, in order, never queueing one), the whole frame is built here and written to the
 * TCP socket in one piece; otherwise it goes through `ws`.
 */
function eventWriter(socket: WebSocket, id: string, stats: WsStats): EventWriter {
  const head = Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`);
  const frames = socket.extensions === '' ? frameWriters.get(socket) : undefined;
  let unwritten = 0;
  const written = () => void (unwritten -= 1);
  return {
    write(payload) {
      unwritten += 1;
      stats.eventsSent += 1;
      if (frames && socket.readyState === socket.OPEN) frames.writeFrame(nextFrame(head, payload), written);
      else socket.send(Buffer.concat([head, payload, FRAME_END], head.length + payload.length + 1), TEXT_FRAME, written);
      return unwritten;
    },
  };
}

/** Distinct operations (text, name, variables) whose parsed document and plan are kept, per schema. */
const PREPARED_MAX = 1000;

/**
 * A parsed and validated document, and its subscription plan, shared by every subscription that
 * sends the same operation with the same variables (thousands of viewers of one job hold one copy,
 * not one each). Kept per schema object: a reloaded supergraph starts afresh.
 */
interface Prepared {
  document: DocumentNode;
  validationErrors: readonly GraphQLError[];
  plans: Map<string, SubscriptionPlan | GraphQLError[]>;
}

function preparedDocuments() {
  let forSchema: GraphQLSchema | undefined;
  const cache = new Map<string, Prepared>();
  return {
    /** Parse (throws a syntax error) and validate `query` against `schema`, or reuse the last answer for it. */
    get(schema: GraphQLSchema, query: string): Prepared {
      if (schema !== forSchema) {
        forSchema = schema;
        cache.clear();
      }
      const hit = cache.get(query);
      if (hit) return hit;
      const document = parse(query);
      const prepared: Prepared = { document, validationErrors: validate(schema, document), plans: new Map() };
      if (cache.size >= PREPARED_MAX) cache.delete(cache.keys().next().value!);
      cache.set(query, prepared);
      return prepared;
    },
    plan(schema: GraphQLSchema, prepared: Prepared, operationName: string | undefined | null, variables: Record<string, unknown>) {
      const key = `${operationName ?? ''}\n${stableStringify(variables)}`;
      let plan = prepared.plans.get(key);
      if (!plan) {
        plan = planSubscription(schema, prepared.document, operationName, variables);
        if (prepared.plans.size >= PREPARED_MAX) prepared.plans.delete(prepared.plans.keys().next().value!);
        prepared.plans.set(key, plan);
      }
      return plan;
    },
  };
}

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
  /** Operations and connections per user and per address (rate-limit.ts). */
  rateLimiter: RateLimiter;
  /** Largest WebSocket message read; a larger frame closes the socket with 1009. */
  maxFrameBytes: number;
  /** Documents by hash, and which documents may run (trusted-documents.ts). */
  trustedDocuments: TrustedDocuments;
}

/** The APQ hash of a subscribe payload's extensions, if it names one. */
function persistedHashOf(extensions: Record<string, unknown> | null | undefined): string | undefined {
  const persisted = extensions?.persistedQuery as { sha256Hash?: unknown } | undefined;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : undefined;
}

/**
 * Close code for a connection refused by the rate limit: 1013 "try again later", which graphql-ws
 * clients retry with backoff (its own 4429 means a repeated `connection_init`, never retried).
 */
export const CLOSE_RATE_LIMITED = 1013;

interface OperationContext {
  viewer: Viewer;
  query: string;
  plan?: SubscriptionPlan;
  owner?: string;
  /** The bridge's stream, opened in onSubscribe once every check passed (its events bypass graphql-ws: see eventWriter). */
  subscription?: AsyncIterableIterator<never>;
  /** The answer instead of a subscription: the job does not exist or is not visible. */
  refusal?: ExecutionResult;
}

interface Connection {
  viewer: Viewer;
  /** Budget key of this socket. */
  socket: string;
  address: string;
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

/** Live figures of the WebSocket server (gateway metrics). */
export interface WsStats {
  /** WebSocket connections open now (acknowledged or not). */
  openSockets: number;
  /** Subscription events sent to clients (`next` messages of subscriptions). */
  eventsSent: number;
}

export function createWsServer(deps: WsServerDeps): { dispose(): Promise<void>; stats: Readonly<WsStats> } {
  const documents = preparedDocuments();
  const connections = new WeakMap<object, Connection>();
  const wss = new WebSocketServer({ server: deps.httpServer, path: '/graphql', maxPayload: deps.maxFrameBytes });
  const stats: WsStats = { openSockets: 0, eventsSent: 0 };

  /**
   * Existence checks under way, per viewer (user and role) and check: the subscriptions a client
   * opens at once on one entity (or many clients of one account) share one query instead of
   * flooding the subgraph and its small User DB pools (decisions.md, shared bridge costs).
   */
  const checking = new Map<string, Promise<ExecutionResult | null>>();
  const existenceRefusal = (plan: SubscriptionPlan, viewer: Viewer) => {
    if (!plan.check) return checkExistence(deps.execute, deps.log, plan, viewer);
    const key = `${viewerKey(viewer.user)}|${plan.check.query}|${stableStringify(plan.check.variables)}`;
    let check = checking.get(key);
    if (!check) {
      check = checkExistence(deps.execute, deps.log, plan, viewer).finally(() => checking.delete(key));
      checking.set(key, check);
    }
    return check;
  };

  const cleanup: Disposable = useServer<Record<string, unknown>>(
    {
      onConnect: async (ctx) => {
        const address = deps.rateLimiter.addressOf(ctx.extra.request);
        // Charged before the token is checked, as an anonymous operation of the address.
        const limited = deps.rateLimiter.charge(null, address);
        if (limited) {
          ctx.extra.socket.close(CLOSE_RATE_LIMITED, `Too many requests: retry after ${limited.retryAfterSeconds} s`);
          return false;
        }
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
          const { socket } = ctx.extra;
          const closeSocket = (code: number, reason: string) => {
            socket.close(code, reason);
            // A client that stopped reading never reads the close frame either.
            setTimeout(() => socket.terminate(), 2000).unref();
          };
          connections.set(ctx, { viewer: { user, authorization, requestId, closeSocket }, socket: randomUUID(), address });
          return true;
        } catch (error) {
          return refuse(`Unauthorized: ${error instanceof Error ? error.message : 'token is invalid'}`);
        }
      },

      onSubscribe: async (ctx, id, payload) => {
        const connection = connections.get(ctx);
        if (!connection) return [appError('UNAUTHENTICATED', 'The connection is not authenticated.')];
        const { viewer } = connection;
        try {
          const current = await deps.accountStatus.current(await verifyAccessToken(bearerToken(viewer.authorization) ?? '', deps.jwt), viewer.authorization);
          if (!current) throw new Error('This account is deactivated.');
          // Each operation runs under the account's current role (a socket outlives role changes).
          viewer.user = current;
        } catch (error) {
          return [appError('UNAUTHENTICATED', `${error instanceof Error ? error.message : 'Token is invalid.'} Reconnect with a new token.`)];
        }
        const limited = deps.rateLimiter.charge(viewer.user, connection.address);
        if (limited) return [rateLimitedError(limited)];
        const schema = deps.schema();
        if (!schema) return [appError('UPSTREAM_UNAVAILABLE', 'The gateway is starting; try again shortly.')];
        if (nestedDeeperThan(payload.variables)) return [appError('BAD_REQUEST', TOO_DEEP_MESSAGE)];
        let query = payload.query;
        const hash = persistedHashOf(payload.extensions);
        if (hash !== undefined && !query) {
          const known = await deps.trustedDocuments.lookup(hash);
          if (known === undefined) return [persistedQueryNotFound()];
          query = known;
        } else if (hash !== undefined && sha256Hex(query) !== hash) {
          return [appError('BAD_REQUEST', 'The persisted query hash is not the sha256 of the query.')];
        }
        const untrusted = deps.trustedDocuments.refusal(query, viewer.user);
        if (untrusted) return [untrusted];
        const tooComplex = checkGatewayLimits(deps.limits, schema, query, payload, viewer.user);
        if (tooComplex) return [tooComplex];
        let prepared: Prepared;
        try {
          prepared = documents.get(schema, query);
        } catch (error) {
          return withCode([error as GraphQLError], 'GRAPHQL_PARSE_FAILED');
        }
        const { document, validationErrors } = prepared;
        if (validationErrors.length > 0) return withCode([...validationErrors], 'GRAPHQL_VALIDATION_FAILED');
        // Registered like an HTTP APQ request (not in `only` mode): the next subscribe may send the hash alone.
        if (hash !== undefined && payload.query) void deps.trustedDocuments.cache.set(hash, query);
        if (!mayIntrospect(deps.graphql, viewer.user)) {
          const refusal = introspectionRefusal(schema, document, query);
          if (refusal) return [refusal];
        }
        const operation = selectOperation(document, payload.operationName);
        if (!operation) return [appError('OPERATION_RESOLUTION_FAILURE', noOperationMessage(payload.operationName))];
        try {
          checkOperationAccess(rootFieldKeys(operation, document), deps.info.access, viewer.user);
        } catch (error) {
          return [error as GraphQLError];
        }
        const variables = payload.variables ?? {};
        const nul = nulArgumentsError(document, variables);
        if (nul) return [nul];
        const context: OperationContext = { viewer: { ...viewer, requestId: `${viewer.requestId}:${id}` }, query };
        if (operation.operation === 'subscription') {
          const plan = documents.plan(schema, prepared, payload.operationName, variables);
          if (Array.isArray(plan)) return withCode(plan, 'BAD_USER_INPUT');
          const owner = deps.info.owners.get(plan.fieldKey);
          if (!owner) return [appError('UPSTREAM_UNAVAILABLE', `No subgraph serves ${plan.fieldKey}.`)];
          context.plan = plan;
          context.owner = owner;
          const documentKey = `${payload.operationName ?? ''}\n${query}`;
          // Over budget: refused before the existence check costs a query.
          const overBudget = deps.bridge.overBudget(plan, owner, context.viewer, connection.socket, documentKey, variables);
          if (overBudget) return [overBudget];
          // Joining an upstream of the same viewer needs no check: it was checked when it opened.
          const refusal = deps.bridge.sharesUpstream(plan, owner, context.viewer) ? null : await existenceRefusal(plan, context.viewer);
          if (refusal) context.refusal = refusal;
          else {
            const writer = eventWriter(ctx.extra.socket, id, stats);
            const subscribed = deps.bridge.subscribe(plan, owner, context.viewer, documentKey, variables, connection.socket, writer);
            if (Array.isArray(subscribed)) return subscribed;
            // graphql-ws always calls `subscribe` next, which hands this iterator over (or returns it if the client left meanwhile).
            context.subscription = subscribed;
          }
        }
        const args: ExecutionArgs = { schema, document, operationName: payload.operationName, variableValues: variables, contextValue: context };
        return args;
      },

      subscribe: (args) => {
        const { subscription, refusal } = args.contextValue as OperationContext;
        // graphql-ws calls this only for subscriptions, which onSubscribe always opens or refuses.
        return subscription ?? refusal ?? { errors: [appError('INTERNAL_SERVER_ERROR', 'Not a subscription.')] };
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
  // A protocol error of the client (a frame over maxPayload: 1009, invalid UTF-8: 1007) is closed by
  // `ws` itself; graphql-ws would also print it to the console as an internal error.
  wss.on('connection', (socket) => {
    const frames = coalesceWrites(socket);
    if (frames) frameWriters.set(socket, frames);
    stats.openSockets += 1;
    socket.once('close', () => void (stats.openSockets -= 1));
    socket.removeAllListeners('error');
    socket.on('error', (error) => deps.log.debug({ reason: error.message }, 'websocket protocol error'));
  });

  return {
    stats,
    dispose: async () => {
      await cleanup.dispose();
      for (const client of wss.clients) client.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
