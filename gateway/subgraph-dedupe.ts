/**
 * In-flight de-duplication of identical subgraph queries (decisions.md, "in-flight de-duplication"):
 * while a subgraph request is under way, an identical one waits for its answer instead of going out
 * again. Identical means everything that can change the answer is the same: the subgraph (its URL),
 * the document, the operation name, the variables (an entity fetch's representations too), the
 * caller (user id and current role), and every header sent but the request id (Authorization, the
 * subscription-event flag, X-Forwarded-For, ...). Queries only: a mutation always goes out.
 * Nothing is kept once the answer is in: this is no cache, a later request asks the subgraph again.
 * Each waiter gets its own copy of the answer (the gateway merges subgraph answers in place).
 */
import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import type { GatewayGraphQLResponse } from '@apollo/server-gateway-interface';
import type { GatewayContext } from './http-guards';

/** `GraphQLDataSourceRequestKind.INCOMING_OPERATION` (the enum is not exported): a fetch of a client's operation. */
const INCOMING = 'incoming operation';

/** Headers that never change a subgraph's answer, left out of the key. */
const NOT_IN_KEY = new Set(['x-request-id', 'traceparent', 'tracestate']);

/** A subgraph document the query planner wrote: `query …` or `{ … }`, never `mutation …`. */
export const isQueryDocument = (document: string | undefined): boolean => document !== undefined && /^\s*(?:query\b|\{)/.test(document);

export interface DedupeStats {
  /** Subgraph queries sent. */
  sent: number;
  /** Subgraph queries answered by one already under way. */
  shared: number;
}

interface InFlight {
  answer: Promise<GatewayGraphQLResponse>;
  waiters: number;
  /** The answer as text, written once when someone waited for it. */
  text?: string;
}

/** The request's key, or undefined when it must go out on its own (a mutation, a non-HTTP request). */
export function dedupeKey(url: string, options: GraphQLDataSourceProcessOptions<GatewayContext>): string | undefined {
  const { request, context } = options;
  const headers = request.http?.headers;
  if ((options.kind as string) !== INCOMING || !headers || !isQueryDocument(request.query)) return undefined;
  const sent: string[] = [];
  for (const [name, value] of headers) if (!NOT_IN_KEY.has(name)) sent.push(`${name}:${value}`);
  sent.sort();
  const user = (context as Partial<GatewayContext> | undefined)?.user;
  return JSON.stringify([url, request.query, request.operationName ?? null, request.variables ?? null, user?.id ?? null, user?.role ?? null, sent]);
}

/** A RemoteGraphQLDataSource whose identical concurrent queries share one subgraph request. */
export class DedupingDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  private readonly inFlight = new Map<string, InFlight>();
  readonly stats: DedupeStats = { sent: 0, shared: 0 };

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    // The key needs the headers willSendRequest sets; super.process runs it again (it only sets headers).
    const key = this.keyFor(options);
    if (key === undefined) {
      this.stats.sent++;
      return super.process(options);
    }
    const running = this.inFlight.get(key);
    if (running) {
      running.waiters++;
      this.stats.shared++;
      const answer = await running.answer;
      return { ...(JSON.parse(running.text!) as GatewayGraphQLResponse), http: answer.http };
    }
    this.stats.sent++;
    const entry: InFlight = { answer: undefined as unknown as Promise<GatewayGraphQLResponse>, waiters: 0 };
    entry.answer = super.process(options).then(
      (answer) => {
        this.inFlight.delete(key);
        // Before the requester's continuation can merge into it: the waiters' copies are of the answer as it came.
        if (entry.waiters > 0) entry.text = JSON.stringify({ data: answer.data, errors: answer.errors, extensions: answer.extensions });
        return answer;
      },
      (error: unknown) => {
        this.inFlight.delete(key);
        throw error;
      },
    );
    this.inFlight.set(key, entry);
    return entry.answer;
  }

  /** Headers as willSendRequest leaves them, then the key; the request keeps those headers. */
  private keyFor(options: GraphQLDataSourceProcessOptions<GatewayContext>): string | undefined {
    if ((options.kind as string) !== INCOMING || !isQueryDocument(options.request.query)) return undefined;
    const prepared = new Headers();
    for (const [name, value] of options.request.http?.headers ?? []) prepared.append(name, value);
    prepared.set('content-type', 'application/json');
    options.request.http = { method: 'POST', url: this.url, headers: prepared as never };
    this.willSendRequest?.(options);
    return dedupeKey(this.url, options);
  }
}
