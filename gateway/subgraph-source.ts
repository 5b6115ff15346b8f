/**
 * How the gateway sends a query plan's fetches to a subgraph: an @apollo/gateway `GraphQLDataSource`
 * on the lean client (lib/http-client.ts), with in-flight de-duplication built in (decisions.md #69).
 *
 * What it sends and how it answers are RemoteGraphQLDataSource's: a JSON POST of
 * `{ query, variables, operationName }`, the caller's headers set from the request's context, a
 * non-2xx answer as a GraphQLError `<status>: <text>` (UNAUTHENTICATED for 401, FORBIDDEN for 403)
 * carrying the answer, the subgraph's `Cache-Control` as a hint on the caller's cache policy. It
 * does without that class's per-request `Headers`, `Request` and response objects, which were a
 * tenth of the gateway's CPU on a one-subgraph query.
 *
 * **De-duplication** (`SUBGRAPH_DEDUPLICATION`, default on): while a subgraph query is under way, an
 * identical one waits for its answer instead of going out again. Identical means everything that
 * can change the answer is the same: the subgraph (its URL), the document, the operation name, the
 * variables (an entity fetch's representations too), the caller (user id and current role), and
 * every header sent but the request id and trace context (Authorization, the subscription-event
 * flag, X-Forwarded-For, ...). Queries only: a mutation always goes out. Nothing is kept once the
 * answer is in: this is no cache, a later request asks the subgraph again. The answer is shared as
 * it came on the wire and each caller reads its own copy (the gateway merges answers in place).
 */
import { STATUS_CODES } from 'node:http';
import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayCacheHint, GatewayCachePolicy, GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import { GraphQLError } from 'graphql';
import type { LeanRequest, RawResponse } from '../lib/http-client';
import type { GatewayContext } from './http-guards';

/** `GraphQLDataSourceRequestKind.INCOMING_OPERATION` (the enum is not exported): a fetch of a client's operation. */
const INCOMING = 'incoming operation';

/** Headers that never change a subgraph's answer, left out of the key. */
const NOT_IN_KEY = new Set(['x-request-id', 'traceparent', 'tracestate']);

/** A subgraph document the query planner wrote: `query …` or `{ … }`, never `mutation …`. */
export const isQueryDocument = (document: string | undefined): boolean => document !== undefined && /^\s*(?:query\b|\{)/.test(document);

export interface SubgraphSourceStats {
  /** Subgraph requests sent. */
  sent: number;
  /** Subgraph queries answered by an identical one already under way. */
  shared: number;
}

/** Why a subgraph gave no usable answer: nothing came back (`status` undefined) or a 503. */
export interface Unavailable {
  error: Error;
  status?: number;
  context: Partial<GatewayContext>;
}

export interface SubgraphSourceOptions {
  /** Where the subgraph answers GraphQL. */
  url: string;
  request: LeanRequest;
  /** Share identical in-flight queries (on unless SUBGRAPH_DEDUPLICATION=off). */
  deduplicate: boolean;
  /** What the subgraph is told of the caller, from the request's context: Authorization, request id, ... */
  headersFor(context: Partial<GatewayContext>): Record<string, string>;
  /** The error to answer with when the subgraph is unreachable or answers 503 (its database is down). */
  unavailable(why: Unavailable): Error;
}

/** The request's de-duplication key, or undefined when it must go out on its own (a mutation, not a client's operation). */
export function dedupeKey(url: string, options: GraphQLDataSourceProcessOptions<GatewayContext>, headers: Record<string, string>): string | undefined {
  const { request } = options;
  if ((options.kind as string) !== INCOMING || !isQueryDocument(request.query)) return undefined;
  const sent: string[] = [];
  for (const name in headers) if (!NOT_IN_KEY.has(name)) sent.push(`${name}:${headers[name]}`);
  sent.sort();
  const user = (options.context as Partial<GatewayContext> | undefined)?.user;
  return JSON.stringify([url, request.query, request.operationName ?? null, request.variables ?? null, user?.id ?? null, user?.role ?? null, sent]);
}

const headerValue = (raw: RawResponse['headers'], name: string): string | undefined => {
  const value = raw[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

/** `Cache-Control` as the subgraph sent it, read as RemoteGraphQLDataSource reads it: max-age, private, public. */
export function cacheHintOf(header: string | undefined): GatewayCacheHint {
  const hint: GatewayCacheHint = { maxAge: 0 };
  for (const part of (header ?? '').trim().split(/\s*,\s*/)) {
    const [name, value] = part.split(/\s*=\s*/, 2);
    const bare = value?.replace(/^"|"$/g, '');
    if (name === 'max-age' && bare !== undefined && /^[0-9]+$/.test(bare)) hint.maxAge = Number(bare);
    if (name === 'private' && value === undefined) hint.scope = 'PRIVATE';
    if (name === 'public' && value === undefined) hint.scope = 'PUBLIC';
  }
  return hint;
}

export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  readonly stats: SubgraphSourceStats = { sent: 0, shared: 0 };
  private readonly target: URL;
  private readonly inFlight = new Map<string, Promise<RawResponse>>();

  constructor(private readonly opts: SubgraphSourceOptions) {
    this.target = new URL(opts.url);
  }

  async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { request } = options;
    if (!request.query) throw new Error('Missing query');
    const context = (options.context ?? {}) as Partial<GatewayContext>;
    const headers: Record<string, string> = {};
    // What @apollo/gateway itself asks for (e.g. a federated trace), then ours.
    for (const [name, value] of request.http?.headers ?? []) headers[name.toLowerCase()] = value;
    headers['content-type'] = 'application/json';
    Object.assign(headers, this.opts.headersFor(context));

    const key = this.opts.deduplicate ? dedupeKey(this.opts.url, options, headers) : undefined;
    let answer = key === undefined ? undefined : this.inFlight.get(key);
    if (answer) this.stats.shared++;
    else {
      this.stats.sent++;
      const body = JSON.stringify({ query: request.query, variables: request.variables, operationName: request.operationName, extensions: request.extensions });
      answer = this.opts.request(this.target, { method: 'POST', headers, body });
      if (key !== undefined) {
        this.inFlight.set(key, answer);
        const done = () => void this.inFlight.delete(key);
        answer.then(done, done);
      }
    }

    let raw: RawResponse;
    try {
      raw = await answer;
    } catch (error) {
      throw this.opts.unavailable({ error: error instanceof Error ? error : new Error(String(error)), context });
    }
    const response = this.read(raw, context);
    if ((options.kind as string) === INCOMING) {
      const policy = (options as { incomingRequestContext?: { overallCachePolicy?: Partial<GatewayCachePolicy> } }).incomingRequestContext?.overallCachePolicy;
      policy?.restrict?.(cacheHintOf(headerValue(raw.headers, 'cache-control')));
    }
    return response;
  }

  /** The caller's own copy of the answer, or the error it stands for. */
  private read(raw: RawResponse, context: Partial<GatewayContext>): GatewayGraphQLResponse {
    const contentType = headerValue(raw.headers, 'content-type') ?? '';
    const text = raw.body.toString('utf8');
    const json = contentType.startsWith('application/json') || contentType.startsWith('application/graphql-response+json');
    if (raw.status < 200 || raw.status >= 300) {
      const statusText = STATUS_CODES[raw.status] ?? '';
      let body: unknown = text;
      if (json) {
        try {
          body = JSON.parse(text);
        } catch {
          // kept as text
        }
      }
      const code = raw.status === 401 ? 'UNAUTHENTICATED' : raw.status === 403 ? 'FORBIDDEN' : undefined;
      const error = new GraphQLError(`${raw.status}: ${statusText}`, {
        extensions: { response: { url: this.opts.url, status: raw.status, statusText, body }, ...(code ? { code } : {}) },
      });
      if (raw.status === 503) throw this.opts.unavailable({ error, status: raw.status, context });
      throw error;
    }
    const body: unknown = json ? JSON.parse(text) : text;
    if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error(`Expected JSON response body, but received: ${text.slice(0, 200)}`);
    return body as GatewayGraphQLResponse;
  }
}
