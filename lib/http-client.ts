/**
 * A lean JSON-over-HTTP client for service-to-service calls (gateway → subgraphs, datasets
 * subgraph → Labeler): undici's dispatcher `request()` on a keep-alive pool per origin, the whole
 * body buffered, nothing else (decisions.md #8 and #17). Measured on this machine, one small
 * JSON POST costs the client about 160–230 µs of CPU this way, against 330–345 µs on
 * `http.request` and 740–870 µs through the global `fetch` (undici's WHATWG streams and Headers);
 * `make-fetch-happen`, the gateway's default, inspects a stack trace on every request. Same
 * surface as the part of `fetch` those callers use, so it is also an `@apollo/utils.fetcher` `Fetcher`.
 */
import { STATUS_CODES } from 'node:http';
import { Agent, type Dispatcher } from 'undici';
import { clientSpan } from './telemetry';

export interface LeanRequestInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Aborting ends the request (and its socket) and rejects. */
  signal?: AbortSignal | null;
}

export interface LeanResponse {
  readonly url: string;
  readonly status: number;
  readonly statusText: string;
  readonly ok: boolean;
  readonly redirected: false;
  readonly bodyUsed: boolean;
  readonly headers: Headers;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
  clone(): LeanResponse;
}

export type LeanFetch = (url: string, init?: LeanRequestInit) => Promise<LeanResponse>;

export interface LeanFetchOptions {
  /**
   * How long an idle kept-alive socket stays in the pool (ms). Below the usual 5 s server
   * keep-alive timeout, so a request never races the server closing an idle socket.
   */
  idleSocketMs?: number;
}

function toResponse(url: string, status: number, statusText: string, headers: Headers, body: Buffer): LeanResponse {
  let used = false;
  const read = () => {
    used = true;
    return body;
  };
  return {
    url,
    status,
    statusText,
    ok: status >= 200 && status < 300,
    redirected: false,
    get bodyUsed() {
      return used;
    },
    headers,
    text: async () => read().toString('utf8'),
    json: async () => JSON.parse(read().toString('utf8')),
    arrayBuffer: async () => {
      const bytes = read();
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    },
    clone: () => toResponse(url, status, statusText, headers, body),
  };
}

function responseHeaders(raw: Record<string, string | string[] | undefined>): Headers {
  const headers = new Headers();
  for (const name in raw) {
    const value = raw[name];
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else if (value !== undefined) headers.append(name, value);
  }
  return headers;
}

/** An answer as it came: status, raw headers (lower-case names) and the whole body. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** One request, answered raw: for callers that read a header or two and the body, without a `Headers` object per answer. */
export type LeanRequest = (url: URL | string, init?: LeanRequestInit) => Promise<RawResponse>;

/** The raw client under `createLeanFetch`, with its own keep-alive pools (one per origin, http and https). */
export function createLeanRequest(opts: LeanFetchOptions = {}): LeanRequest {
  const idle = opts.idleSocketMs ?? 4000;
  const agent = new Agent({ keepAliveTimeout: idle, keepAliveMaxTimeout: idle });
  return async (url, init = {}) => {
    const target = typeof url === 'string' ? new URL(url) : url;
    if (target.protocol !== 'http:' && target.protocol !== 'https:') throw new TypeError(`unsupported protocol ${target.protocol}`);
    const method = (init.method ?? 'GET') as Dispatcher.HttpMethod;
    // With tracing on, a CLIENT span whose `traceparent` goes along (lib/telemetry.ts).
    const { statusCode, headers, body } = await clientSpan(method, target, init.headers ?? {}, (sent) =>
      agent.request({
        origin: target.origin,
        path: `${target.pathname}${target.search}`,
        method,
        headers: sent,
        body: init.body,
        signal: init.signal ?? undefined,
      }),
    );
    return { status: statusCode, headers, body: Buffer.from(await body.arrayBuffer()) };
  };
}

/** A `fetch`-like function with its own keep-alive pools (one per origin, http and https). */
export function createLeanFetch(opts: LeanFetchOptions = {}): LeanFetch {
  const request = createLeanRequest(opts);
  return async (url, init = {}) => {
    const { status, headers, body } = await request(url, init);
    return toResponse(url, status, STATUS_CODES[status] ?? '', responseHeaders(headers), body);
  };
}
