/**
 * O7 monitoring in Prometheus format, the same for every service: request counts and latency per
 * route pattern, GraphQL operations and errors by code, and the process metrics, served at
 * `GET /metrics`. Each service gets its OWN registry (tests and the in-process stack run several
 * services in one process; the global default registry would mix them and refuse duplicates).
 *
 * The process metrics (`process_*`, `nodejs_*`) are shared by the services of one process and carry
 * no `service` label (Prometheus' `instance` tells processes apart).
 *
 * Labels are bounded on purpose: `route` is the matched route pattern (`/api/v1/datasets/:id`),
 * never the raw URL, so no dataset id, user id or e-mail ever becomes a label.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { bearerSecretCheck } from './auth';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Who may read `/metrics` (each service's env.ts maps its variables to this). */
export interface MetricsSettings {
  nodeEnv: 'development' | 'test' | 'production';
  /** When set, only its bearer may read `/metrics`. */
  token?: string;
  /** Serve `/metrics` without a token in production too (only behind a private network). */
  public: boolean;
}

/** Milliseconds to seconds: the services answer in a few ms; the seed's targets are 100–500 ms. */
export const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

export interface ServiceMetrics {
  registry: Registry;
  /** Mount the request recorder (first, so it sees every request) and `GET /metrics`. */
  mount(app: Express): void;
  /**
   * The recorder for requests answered outside express (lib/graphql-http.ts, the Labeler's API):
   * under a fixed route label, or one read when the response finishes (the route it matched).
   */
  recordAs(route: string | (() => string)): (req: IncomingMessage, res: ServerResponse) => void;
  /** Apollo plugin counting operations by type/outcome and errors by `extensions.code`. */
  apolloPlugin<C extends BaseContext>(): ApolloServerPlugin<C>;
  /**
   * A counter whose value is read from a live number at scrape time (e.g. in-memory stats); with
   * `label`, one number per value of that label (`{ shared: 3, own: 1 }`).
   */
  mirrorCounter(name: string, help: string, read: () => number): void;
  mirrorCounter(name: string, help: string, read: () => Record<string, number>, label: string): void;
  /** A gauge read at scrape time (e.g. "busy"). */
  mirrorGauge(name: string, help: string, read: () => number): void;
}

/** Route patterns are code, but a mount path could one day carry a value: keep only word segments. */
const SAFE_SEGMENT = /^(:\w+|v\d{1,2}|[a-z][a-z_-]{0,40})$/i;

export function routeLabel(req: Pick<Request, 'baseUrl'> & { route?: { path?: unknown } }, status: number): string {
  const pattern = typeof req.route?.path === 'string' ? req.route.path : '';
  const full = `${req.baseUrl ?? ''}${pattern === '/' && req.baseUrl ? '' : pattern}`;
  if (!full) return status === 404 ? 'unmatched' : 'other';
  const segments = full.split('/').filter(Boolean);
  return `/${segments.map((s) => (SAFE_SEGMENT.test(s) ? s : ':param')).join('/')}`;
}

/**
 * Who may read `/metrics`: with METRICS_TOKEN, only its bearer (every environment); otherwise open
 * outside production (services bind to 127.0.0.1 by default), and in production hidden (404)
 * unless METRICS_PUBLIC=true says the network in front is private.
 */
export function metricsAccess(settings: MetricsSettings): RequestHandler {
  const authorized = settings.token ? bearerSecretCheck(settings.token) : null;
  return (req: Request, res: Response, next: NextFunction) => {
    if (authorized) {
      if (authorized(req.headers.authorization)) return next();
      return void res.status(401).setHeader('WWW-Authenticate', 'Bearer').type('text/plain').send('Unauthorized\n');
    }
    if (settings.nodeEnv !== 'production' || settings.public) return next();
    res.status(404).type('text/plain').send('Not Found\n');
  };
}

/** Stable error codes come from lib/errors.ts; anything else is folded so the label set stays small. */
const codeLabel = (code: unknown) => (typeof code === 'string' && /^[A-Z][A-Z_]{0,39}$/.test(code) ? code : 'OTHER');

let processRegistry: Registry | undefined;

/**
 * CPU, memory, event-loop lag, GC: facts of the PROCESS, collected once per process. prom-client's
 * collectors (an event-loop-delay timer, a GC observer) are never released, so one set per service
 * would pile up in the test runs that start hundreds of services in one process. In production each
 * service is its own process; in the in-process stack they truly share these figures.
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

export function createServiceMetrics(service: string, settings: MetricsSettings): ServiceMetrics {
  const registry = new Registry();
  // Every series of the service carries its name, so one Prometheus job can scrape all side by side.
  registry.setDefaultLabels({ service });
  const registers = [registry];

  const requests = new Counter({
    name: 'http_requests_total',
    help: 'HTTP requests by method, route pattern and status.',
    labelNames: ['method', 'route', 'status'],
    registers,
  });
  const duration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request latency by method and route pattern.',
    labelNames: ['method', 'route'],
    buckets: LATENCY_BUCKETS,
    registers,
  });
  const operations = new Counter({
    name: 'graphql_operations_total',
    help: 'GraphQL operations by type and outcome.',
    labelNames: ['type', 'outcome'],
    registers,
  });
  const errors = new Counter({ name: 'graphql_errors_total', help: 'GraphQL errors by extensions.code.', labelNames: ['code'], registers });

  const observe = (method: string, res: ServerResponse, route: () => string) => {
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      const label = route();
      requests.inc({ method, route: label, status: String(res.statusCode) });
      duration.observe({ method, route: label }, Number(process.hrtime.bigint() - started) / 1e9);
    });
  };
  const record: RequestHandler = (req, res, next) => {
    observe(req.method, res, () => routeLabel(req, res.statusCode));
    next();
  };

  const serve: RequestHandler = async (_req, res) => {
    res.setHeader('Content-Type', registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    const [own, shared] = await Promise.all([registry.metrics(), processMetrics().metrics()]);
    res.send(`${own.trimEnd()}\n${shared}`);
  };

  return {
    registry,
    recordAs: (route) => (req, res) => observe(req.method ?? 'GET', res, typeof route === 'string' ? () => route : route),
    mount(app) {
      app.use(record);
      app.get('/metrics', metricsAccess(settings), serve);
    },
    apolloPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
      return {
        async requestDidStart() {
          return {
            async didEncounterErrors({ errors: list }) {
              for (const error of list) errors.inc({ code: codeLabel(error.extensions?.code) });
            },
            async willSendResponse({ operation, errors: list }) {
              operations.inc({ type: operation?.operation ?? 'unknown', outcome: list && list.length > 0 ? 'error' : 'ok' });
            },
          };
        },
      };
    },
    mirrorCounter(name: string, help: string, read: () => number | Record<string, number>, label?: string) {
      new Counter({
        name,
        help,
        registers,
        labelNames: label ? [label] : [],
        collect() {
          this.reset();
          const value = read();
          if (typeof value === 'number') this.inc(value);
          else for (const [key, count] of Object.entries(value)) this.inc({ [label!]: key }, count);
        },
      });
    },
    mirrorGauge(name, help, read) {
      new Gauge({
        name,
        help,
        registers,
        collect() {
          this.set(read());
        },
      });
    },
  };
}

export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Read the text exposition format back (tests and `bench:datasets` read counters with it). */
export function parseMetrics(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})?\s+(\S+)$/.exec(line.trim());
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, raw] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g))
      labels[key!] = raw!.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** Sum of the samples named `name` whose labels include `where`. */
export function sumSamples(samples: Sample[], name: string, where: Record<string, string> = {}): number {
  return samples.filter((s) => s.name === name && Object.entries(where).every(([k, v]) => s.labels[k] === v)).reduce((total, s) => total + s.value, 0);
}
