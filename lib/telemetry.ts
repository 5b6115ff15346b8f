/**
 * OpenTelemetry traces (decisions.md #38), the same for every service: exported over OTLP/HTTP
 * (JSON) when `OTEL_EXPORTER_OTLP_ENDPOINT` (or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set, and
 * entirely off otherwise: the SDK is then never loaded, no tracer provider, context manager or
 * propagator is registered, and every helper here is a check of one boolean.
 *
 * Spans are made by hand at the few places a request crosses a boundary, instead of by
 * auto-instrumentation (which needs a loader hook before any module is imported, see the decision):
 *  - `serverSpan` around each HTTP request a service answers, its parent read from the W3C
 *    `traceparent` header;
 *  - `clientSpan` around each call a service makes (lib/http-client.ts: gateway → subgraph,
 *    datasets → Labeler), which sends `traceparent` on;
 *  - `sqlSpan` around each SQL statement of the Labeler's pool (labeler/db.ts);
 *  - @apollo/gateway's own spans (`gateway.request`, `gateway.plan`, `gateway.fetch`, …), which it
 *    makes through the global tracer provider registered here.
 * The pino mixin (lib/log.ts) writes the active span's `traceId`/`spanId` beside each log line.
 */
import { context, propagation, SpanKind, SpanStatusCode, trace, type Span, type Tracer } from '@opentelemetry/api';
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface TelemetrySettings {
  /** OTLP/HTTP traces URL (`…/v1/traces`); unset: tracing is off. */
  tracesUrl?: string;
  /** Extra headers on every export (a collector's API key): never logged. */
  headers: Record<string, string>;
  /** `service.name` of the spans; the service's own name when unset. */
  serviceName?: string;
}

/** `OTEL_EXPORTER_OTLP_HEADERS`: `key=value,key2=value2`, values URL-encoded (the OpenTelemetry format). */
export function parseOtlpHeaders(text: string | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of (text ?? '').split(',')) {
    const at = pair.indexOf('=');
    if (at <= 0) continue;
    headers[decodeURIComponent(pair.slice(0, at).trim())] = decodeURIComponent(pair.slice(at + 1).trim());
  }
  return headers;
}

/** Where traces go: the traces endpoint as given, else the base endpoint + `/v1/traces` (the OTLP rule). */
export function tracesUrlOf(endpoint: string | undefined, tracesEndpoint: string | undefined): string | undefined {
  if (tracesEndpoint) return tracesEndpoint;
  if (!endpoint) return undefined;
  return `${endpoint.replace(/\/+$/, '')}/v1/traces`;
}

let enabled = false;
let tracer: Tracer | undefined;

/** Whether this process exports traces. */
export const tracingEnabled = (): boolean => enabled;

export interface RunningTelemetry {
  /** Export what is still buffered and stop (the service's shutdown). */
  shutdown(): Promise<void>;
}

const OFF: RunningTelemetry = { shutdown: async () => undefined };

/**
 * Register the process-wide tracer provider, context manager and W3C propagator, exporting to
 * `settings.tracesUrl`. Once per process (each service runs in its own); a no-op when unset.
 */
export async function startTelemetry(service: string, settings: TelemetrySettings | undefined): Promise<RunningTelemetry> {
  if (!settings?.tracesUrl || enabled) return OFF;
  // Loaded only here: a service without an endpoint never loads the SDK.
  const [{ BasicTracerProvider, BatchSpanProcessor }, { OTLPTraceExporter }, { AsyncLocalStorageContextManager }, { W3CTraceContextPropagator }, { Resource }] =
    await Promise.all([
      import('@opentelemetry/sdk-trace-base'),
      import('@opentelemetry/exporter-trace-otlp-http'),
      import('@opentelemetry/context-async-hooks'),
      import('@opentelemetry/core'),
      import('@opentelemetry/resources'),
    ]);
  const exporter = new OTLPTraceExporter({ url: settings.tracesUrl, headers: settings.headers });
  const provider = new BasicTracerProvider({
    resource: new Resource({ 'service.name': settings.serviceName ?? service }),
    spanProcessors: [new BatchSpanProcessor(exporter, { scheduledDelayMillis: 1000 })],
  });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  tracer = trace.getTracer('vision-platform-graph');
  enabled = true;
  return {
    shutdown: async () => {
      await provider.shutdown().catch(() => undefined);
    },
  };
}

/** The active span's ids for a log line (lib/log.ts mixin); nothing when tracing is off. */
export function traceFields(): { traceId?: string; spanId?: string } {
  if (!enabled) return {};
  const span = trace.getActiveSpan();
  if (!span) return {};
  const { traceId, spanId } = span.spanContext();
  return { traceId, spanId };
}

function finish(span: Span, error?: unknown): void {
  if (error !== undefined) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({ code: SpanStatusCode.ERROR });
  }
  span.end();
}

/** Probes and scrapes: a trace each every few seconds would only bury the requests. */
const UNTRACED = /^\/(health|metrics)(\/|\?|$)/;

/**
 * Run `handle` inside a SERVER span for `req`, child of the caller's `traceparent` if any. The span
 * ends when the response is finished or the connection closes. `name` is refined with
 * `nameServerSpan` once the route is known (never the raw URL: ids stay out of span names).
 */
export function serverSpan(req: IncomingMessage, res: ServerResponse, name: string, handle: () => void): void {
  if (!enabled || !tracer || UNTRACED.test(req.url ?? '')) return handle();
  const parent = propagation.extract(context.active(), req.headers);
  const requestId = req.headers['x-request-id'];
  const span = tracer.startSpan(
    name,
    {
      kind: SpanKind.SERVER,
      attributes: { 'http.request.method': req.method ?? 'GET', ...(typeof requestId === 'string' ? { 'request.id': requestId } : {}) },
    },
    parent,
  );
  let ended = false;
  const end = () => {
    if (ended) return;
    ended = true;
    const route = routes.get(res)?.();
    if (route) {
      span.updateName(`${req.method ?? 'GET'} ${route}`);
      span.setAttribute('http.route', route);
    }
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  };
  res.once('finish', end);
  res.once('close', end);
  context.with(trace.setSpan(parent, span), handle);
}

const routes = new WeakMap<ServerResponse, () => string>();

/**
 * Name the server span of `res` after the route pattern that answered (`GET /api/v1/datasets/:id`),
 * read when the response ends.
 */
export function nameServerSpan(res: ServerResponse, route: () => string): void {
  if (enabled) routes.set(res, route);
}

/**
 * A CLIENT span around an outgoing HTTP call; `headers` come back with `traceparent` (and
 * `tracestate`) of that span added. Off: `call` runs with the headers as they are.
 */
export async function clientSpan<T>(
  method: string,
  url: URL,
  headers: Record<string, string>,
  call: (headers: Record<string, string>) => Promise<T & { status?: number; statusCode?: number }>,
): Promise<T> {
  if (!enabled || !tracer) return call(headers);
  const span = tracer.startSpan(`${method} ${url.host}${url.pathname}`, {
    kind: SpanKind.CLIENT,
    attributes: { 'http.request.method': method, 'server.address': url.hostname, 'server.port': Number(url.port) || 80, 'url.path': url.pathname },
  });
  const active = trace.setSpan(context.active(), span);
  const sent = { ...headers };
  propagation.inject(active, sent);
  try {
    const result = await context.with(active, () => call(sent));
    const status = result.status ?? result.statusCode;
    if (status !== undefined) {
      span.setAttribute('http.response.status_code', status);
      if (status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    }
    finish(span);
    return result;
  } catch (error) {
    finish(span, error);
    throw error;
  }
}

/**
 * SQL with its literals replaced by `?` (strings, numbers, booleans, NULL stay out of spans): for
 * statements that reach us with their values already inlined (MikroORM's query log).
 */
export function withoutLiterals(sql: string): string {
  // Placeholders (`$1`) stay; identifiers with digits (`t0`) have no word boundary before theirs.
  return sql.replace(/'(?:[^']|'')*'/g, '?').replace(/(?<!\$)\b(?:\d+(?:\.\d+)?|true|false)\b/gi, '?');
}

/** The SQL verb of a statement (`SELECT`, `INSERT`, …), the span's name: never its values. */
const verbOf = (text: string) => /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase() ?? 'SQL';

/**
 * A span for one SQL statement that has already run (MikroORM reports each with its duration,
 * in the caller's async context): it ends now and began `tookMs` ago.
 */
export function recordSqlSpan(database: string, sql: string, tookMs: number, failed: boolean): void {
  if (!enabled || !tracer) return;
  const text = withoutLiterals(sql);
  const end = Date.now();
  const span = tracer.startSpan(`${verbOf(text)} ${database}`, {
    kind: SpanKind.CLIENT,
    startTime: end - tookMs,
    attributes: { 'db.system': 'postgresql', 'db.namespace': database, 'db.query.text': text.trim().slice(0, 2000) },
  });
  if (failed) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end(end);
}

/**
 * A CLIENT span around one SQL statement. `db.query.text` is the parameterised text (`$1`, `$2`):
 * values are never recorded.
 */
export async function sqlSpan<T>(database: string, text: string, run: () => Promise<T>): Promise<T> {
  if (!enabled || !tracer) return run();
  const span = tracer.startSpan(`${verbOf(text)} ${database}`, {
    kind: SpanKind.CLIENT,
    attributes: { 'db.system': 'postgresql', 'db.namespace': database, 'db.query.text': text.trim().slice(0, 2000) },
  });
  try {
    const result = await context.with(trace.setSpan(context.active(), span), run);
    finish(span);
    return result;
  } catch (error) {
    finish(span, error);
    throw error;
  }
}
