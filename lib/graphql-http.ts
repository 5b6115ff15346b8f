/**
 * `POST /graphql` with a JSON body, answered on `node:http` ahead of express (decisions.md #14).
 *
 * Every GraphQL request of the platform is a JSON POST, and each one crosses two or three of our
 * servers (gateway → subgraph, and the subgraph's own calls). Express's router, `express.json()`
 * and `res.send()` cost about a millisecond per server on this machine, more than the rest of the
 * HTTP handling, so this path hands the parsed body straight to Apollo's
 * `executeHTTPGraphQLRequest`, as `@as-integrations/express5` does after those layers.
 *
 * Only the plain case takes it: `POST`, path exactly `/graphql`, `Content-Type: application/json`
 * (charset UTF-8 or none), no `Content-Encoding`. Everything else (GET queries, other content types,
 * compressed bodies, every other route) goes to the express app as before.
 */
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import express, { type Express } from 'express';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import { ERROR_CODES, errorBody, type ErrorCode } from './errors';
import { readBodyWithin, sendJson } from './http';
import { serverSpan } from './telemetry';

/** The largest GraphQL request body the gateway and the subgraphs accept, on either path. */
export const GRAPHQL_BODY_LIMIT_BYTES = 1024 * 1024;

/**
 * The deepest nesting of arrays and objects a request body (variables included) may have. Real
 * variables nest a few levels; a 100,000-level array is one cheap request that makes every
 * recursive walk of the variables (serialising, coercing, forwarding) overflow the stack.
 */
export const MAX_JSON_DEPTH = 64;

/** Whether `value` nests arrays or objects more than `max` levels deep (an iterative walk: safe at any depth). */
export function nestedDeeperThan(value: unknown, max: number = MAX_JSON_DEPTH): boolean {
  const pending: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > max) return true;
    for (const child of Object.values(current)) if (child !== null && typeof child === 'object') pending.push({ value: child, depth: depth + 1 });
  }
  return false;
}

export const TOO_DEEP_MESSAGE = `The request body nests arrays or objects more than ${MAX_JSON_DEPTH} levels deep.`;

/** The request as context builders see it on either path: headers, socket and the parsed JSON body. */
export type GraphQLHttpRequest = IncomingMessage & { body?: unknown };

export interface GraphQLPostOptions<C extends BaseContext> {
  apollo: ApolloServer<C>;
  context: (req: GraphQLHttpRequest, res: ServerResponse) => Promise<C>;
  /** Largest body accepted, in bytes (the express path's `express.json({ limit })`). */
  limitBytes?: number;
  /** Called first with every request this path answers: metrics, CORS headers. */
  onRequest?: (req: IncomingMessage, res: ServerResponse) => void;
}

const JSON_TYPE = /^application\/json\s*(;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** Whether `req` is the plain JSON POST this path answers. */
export function isJsonGraphQLPost(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || req.url !== '/graphql') return false;
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;
  return JSON_TYPE.test(req.headers['content-type'] ?? '');
}

/** A GraphQL-shaped error answer for a request that never reached Apollo. */
const refuse = (res: ServerResponse, code: ErrorCode, message: string, status = ERROR_CODES[code].httpStatus) =>
  sendJson(res, status, errorBody(code, message));

async function answer<C extends BaseContext>(opts: GraphQLPostOptions<C>, req: GraphQLHttpRequest, res: ServerResponse): Promise<void> {
  const limit = opts.limitBytes ?? GRAPHQL_BODY_LIMIT_BYTES;
  const raw = await readBodyWithin(req, limit);
  if (raw === null) return refuse(res, 'BAD_REQUEST', `The request body is larger than ${limit} bytes.`, 413);
  try {
    req.body = raw.length === 0 ? undefined : JSON.parse(raw.toString('utf8'));
  } catch {
    return refuse(res, 'BAD_REQUEST', 'The request body is not valid JSON.');
  }
  if (nestedDeeperThan(req.body)) return refuse(res, 'BAD_REQUEST', TOO_DEEP_MESSAGE);
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  const response = await opts.apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: { method: 'POST', headers, search: '', body: req.body },
    context: () => opts.context(req, res),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.setHeader('Content-Length', Buffer.byteLength(response.body.string));
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/**
 * The `http.createServer` listener: plain JSON POSTs to `/graphql` are answered here, the rest by
 * `app`. An unexpected failure is a 500 with no detail (Apollo has already logged what it knows).
 */
function graphqlFirst<C extends BaseContext>(app: (req: IncomingMessage, res: ServerResponse) => void, opts: GraphQLPostOptions<C>) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    if (!isJsonGraphQLPost(req)) return serverSpan(req, res, req.method ?? 'GET', () => app(req, res));
    serverSpan(req, res, 'POST /graphql', () => {
      opts.onRequest?.(req, res);
      if (res.writableEnded) return; // answered already (e.g. refused by a guard)
      answer(opts, req, res).catch(() => {
        if (res.headersSent) return void res.destroy();
        refuse(res, 'INTERNAL_SERVER_ERROR', 'The request could not be answered.');
      });
    });
  };
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined; // Apollo answers the syntax error
  }
}

/**
 * GraphQL on both paths with one context and one body limit: `/graphql` on the express app (mount
 * it where the app's own middleware, e.g. CORS, has already run) and the JSON-POST path as the
 * server's request listener, which hands everything else to the app.
 */
export function serveGraphQL<C extends BaseContext>(app: Express, httpServer: Server, opts: GraphQLPostOptions<C>): void {
  const limit = opts.limitBytes ?? GRAPHQL_BODY_LIMIT_BYTES;
  const notTooDeep = (req: express.Request, res: express.Response, next: express.NextFunction) => {
    // GET variables come as JSON in the query string; Apollo parses them, so they are checked here too.
    const variables = typeof req.query.variables === 'string' ? safeParse(req.query.variables) : undefined;
    if (nestedDeeperThan(req.body) || nestedDeeperThan(variables)) return void refuse(res, 'BAD_REQUEST', TOO_DEEP_MESSAGE);
    next();
  };
  app.use('/graphql', express.json({ limit }), notTooDeep, expressMiddleware(opts.apollo, { context: ({ req, res }) => opts.context(req, res) }));
  httpServer.on('request', graphqlFirst(app, opts));
}
