/**
 * The Labeler's `/api/v1` on plain `node:http` (decisions.md #15): the route table, the service-key
 * check, the JSON body, the D4 rate limits and the contract's error bodies, in one place. Routes
 * are functions from a parsed request to a reply, so they never touch the socket. Everything the
 * platform calls per GraphQL request (batch, download-url, permissions) goes through here;
 * express still serves `/health`, `/metrics` and the users' `/api/v1/auth`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import zlib from 'node:zlib';
import { bearerSecretCheck } from '../lib/auth';
import { readBodyWithin, sendJson } from '../lib/http';
import { findNulText, NUL_MESSAGE } from '../lib/input-text';
import type { LabelerErrorBody } from '../lib/labeler/contract';
import type { Logger } from '../lib/log';
import { reply, type ApiReply, type ApiRoute, type LabelerStats } from './api-route';
import { internalError, invalidRequest, payloadTooLarge, routeNotFound, unauthorized, unsupportedMediaType } from './errors';
import { createRateLimiter, type RateLimits } from './rate-limit';

/** The API's prefix; `/api/v1/auth` below it belongs to the users' login (express). */
export const API_PREFIX = '/api/v1';
/** Larger bodies get a 413: the largest legal one, a batch of 1000 ids, is about 25 KB. */
export const API_BODY_LIMIT_BYTES = 256 * 1024;

/** A refusal before any route runs: the status and the contract body. */
class Refusal extends Error {
  constructor(
    readonly status: number,
    readonly body: LabelerErrorBody,
    readonly headers: Record<string, string> = {},
  ) {
    super(body.message);
  }
}

interface CompiledRoute extends ApiRoute {
  regex: RegExp;
  names: string[];
}

/** `/datasets/:id` → one segment per parameter; a trailing slash is allowed, case is not significant. */
function compile(r: ApiRoute): CompiledRoute {
  const names: string[] = [];
  const source = r.path
    .split('/')
    .map((segment) => {
      if (!segment.startsWith(':')) return segment.replace(/[.*+?^${}()|[\]\\-]/g, '\\$&');
      names.push(segment.slice(1));
      return '([^/]+)';
    })
    .join('/');
  return { ...r, regex: new RegExp(`^${source}/?$`, 'i'), names };
}

function decodeParam(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    throw new Refusal(400, invalidRequest(`The path segment '${value}' is not valid percent-encoding`));
  }
}

interface RouteMatch {
  route: ApiRoute;
  params: Record<string, string>;
}

/** The first route whose method and pattern match (HEAD is served by GET routes), or null. */
function matcher(routes: ApiRoute[]): (method: string, path: string) => RouteMatch | null {
  const compiled = routes.map(compile);
  return (method, path) => {
    const wanted = method === 'HEAD' ? 'GET' : method;
    for (const r of compiled) {
      if (r.method !== wanted) continue;
      const m = r.regex.exec(path);
      if (!m) continue;
      const params: Record<string, string> = {};
      r.names.forEach((name, i) => (params[name] = decodeParam(m[i + 1]!)));
      return { route: r, params };
    }
    return null;
  };
}

const DECODERS: Record<string, (data: Buffer, options: zlib.ZlibOptions) => Buffer> = {
  gzip: zlib.gunzipSync,
  'x-gzip': zlib.gunzipSync,
  deflate: zlib.inflateSync,
  br: zlib.brotliDecompressSync,
};

const tooLarge = (limit: number) => new Refusal(413, payloadTooLarge(limit));
const unsupported = (message: string) => new Refusal(415, unsupportedMediaType(message));

/**
 * The JSON body, when the request says it has one (`Content-Type: application/json`); other bodies
 * are ignored. Only an object or an array is a body; an empty one counts as `{}`.
 */
async function jsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  const type = req.headers['content-type'];
  // Any other body is left unread; node discards it once the answer is sent.
  if (type === undefined || !/^application\/json\s*(;|$)/i.test(type)) return undefined;
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0;
  if (!hasBody) return {};
  const charset = /;\s*charset\s*=\s*"?([\w-]+)"?/i.exec(type)?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') throw unsupported(`Unsupported charset '${charset}': send UTF-8 JSON`);
  const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
  const decode = encoding === 'identity' ? null : DECODERS[encoding];
  if (decode === undefined) throw unsupported(`Unsupported Content-Encoding '${encoding}': send gzip, deflate, br or none`);
  let raw = await readBodyWithin(req, limit);
  if (raw === null) throw tooLarge(limit);
  if (decode) {
    try {
      raw = decode(raw, { maxOutputLength: limit });
    } catch (error) {
      if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(limit);
      throw new Refusal(400, invalidRequest(`The request body is not valid ${encoding} data`));
    }
  }
  if (raw.length === 0) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw.toString('utf8'));
  } catch {
    throw new Refusal(400, invalidRequest('The request body is not valid JSON'));
  }
  if (typeof parsed !== 'object' || parsed === null) throw new Refusal(400, invalidRequest('The request body must be a JSON object or array'));
  return parsed;
}

export interface ApiOptions {
  routes: ApiRoute[];
  serviceKey: string;
  limits: RateLimits;
  stats: LabelerStats;
  log: Logger;
  /** Called once per request with a function giving its route label when it finishes (metrics). */
  record(req: IncomingMessage, res: ServerResponse, label: () => string): void;
  bodyLimitBytes?: number;
}

/**
 * Answers one `/api/v1` request, in this order: count it, check the service key (401), read the
 * body (413, 415, 400), apply the rate limits (429, and `X-RateLimit-*` on every answer after the
 * key check), find the route (404 `not_found`), run it (500 `internal_error` with the request id,
 * details only in the log).
 */
export function createApiHandler(opts: ApiOptions): (req: IncomingMessage, res: ServerResponse, requestId: string) => void {
  const match = matcher(opts.routes);
  const authorized = bearerSecretCheck(opts.serviceKey);
  const limiter = createRateLimiter(opts.limits);
  const limit = opts.bodyLimitBytes ?? API_BODY_LIMIT_BYTES;

  return (req, res, requestId) => {
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const fullPath = q === -1 ? url : url.slice(0, q);
    const path = fullPath.slice(API_PREFIX.length) || '/';
    let label = '';
    opts.record(req, res, () => label || (res.statusCode === 404 ? 'unmatched' : 'other'));
    opts.stats.requests += 1;
    opts.stats.lastRequestId = requestId;

    const answer = async (): Promise<ApiReply> => {
      if (!authorized(req.headers.authorization)) throw new Refusal(401, unauthorized(), { 'WWW-Authenticate': 'Bearer' });
      const body = await jsonBody(req, limit);
      const query = q === -1 ? {} : parseQuery(url.slice(q + 1));
      const limited = limiter({ path, query, body });
      for (const [name, value] of Object.entries(limited.headers)) res.setHeader(name, value);
      if (limited.refusal) {
        opts.stats.rateLimited += 1;
        return limited.refusal;
      }
      const found = match(method, path);
      if (!found) return reply(404, routeNotFound(method, fullPath));
      // PostgreSQL stores no NUL in text: refused here, naming where, instead of failing the query.
      const nul = [...findNulText(found.params, 'path'), ...findNulText(query, 'query'), ...findNulText(body, 'body')];
      if (nul.length > 0) return reply(400, invalidRequest(`Text ${NUL_MESSAGE}: ${nul.join(', ')}`));
      label = `${API_PREFIX}${found.route.path}`;
      return found.route.handler({ method, path, params: found.params, query, body, requestId });
    };

    answer().then(
      (r) => sendJson(res, r.status, r.body, r.headers, method === 'HEAD'),
      (error: unknown) => {
        if (error instanceof Refusal) return sendJson(res, error.status, error.body, error.headers, method === 'HEAD');
        opts.log.error({ err: error, requestId }, 'unexpected error');
        if (res.headersSent) return void res.destroy();
        sendJson(res, 500, internalError(requestId), {}, method === 'HEAD');
      },
    );
  };
}
