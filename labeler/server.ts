/**
 * The Labeler reference service: the Dataset API the platform codes against (seed 2.5.2), with
 * its own database and the external bucket. Used by `main.ts`, `npm start` and the tests.
 */
import http from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { closeServer, healthHandler, listen, liveHandler, readyHandler, requestIdOf, type RunningService } from '../lib/http';
import { createLogger, type Logger } from '../lib/log';
import { createServiceMetrics } from '../lib/metrics';
import { nameServerSpan, serverSpan } from '../lib/telemetry';
import { createStorage } from '../lib/s3';
import { createApiHandler } from './api';
import type { LabelerStats } from './api-route';
import { datasetRoutes } from './dataset.routes';
import { createLabelerPool } from './db';
import { createUserDbAuthRouter } from './auth.routes';
import type { LabelerEnv } from './env';
import { internalError, invalidRequest } from './errors';
import { manageRoutes } from './manage.routes';
import { uploadRoutes } from './upload.routes';
import { createOrganizationDirectory } from './organizations';

export type { LabelerStats };
export type LabelerService = RunningService & { stats: LabelerStats };

type WithRequestId = Request & { requestId?: string };

/** One log line per answered request: id, method, path without the query, status, milliseconds. */
function logRequest(log: Logger, req: http.IncomingMessage, res: http.ServerResponse, requestId: string): void {
  const started = performance.now();
  res.once('finish', () => {
    log.info(
      { requestId, method: req.method, path: (req.url ?? '/').split('?')[0], status: res.statusCode, ms: Math.round(performance.now() - started) },
      'request',
    );
  });
}

/** The express part (/health, /metrics, /api/v1/auth): its own errors in the contract's shape. */
function handleErrors(log: Logger) {
  return (error: unknown, req: WithRequestId, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number; type?: string }).status;
    if ((error as { type?: string }).type === 'entity.parse.failed' || status === 400) {
      return void res.status(400).json(invalidRequest('The request body is not valid JSON'));
    }
    if (status === 413) return void res.status(413).json({ error: 'payload_too_large', message: 'The request body is too large' });
    const requestId = req.requestId ?? 'unknown';
    log.error({ err: error, requestId }, 'unexpected error');
    res.status(500).json(internalError(requestId));
  };
}

/** `/api/v1` and below, except the users' `/api/v1/auth…` (paths match case-insensitively, as in express). */
const API_PATH = /^\/api\/v1(?:[/?]|$)/i;
const AUTH_PATH = /^\/api\/v1\/auth(?:[/?]|$)/i;
const isApiPath = (url: string) => API_PATH.test(url) && !AUTH_PATH.test(url);

export async function createLabelerServer(env: LabelerEnv): Promise<LabelerService> {
  const log = createLogger('labeler', env.logLevel);
  const db = createLabelerPool(env.databaseUrl, (err) => log.warn({ err }, 'idle database connection lost'));
  const storage = createStorage(env.storage);
  const organizations = createOrganizationDirectory(env.auth.userDatabaseUrl, log);
  const stats: LabelerStats = { requests: 0, batchCalls: 0, permissionChecks: 0, rateLimited: 0, lastRequestId: null };

  const metrics = createServiceMetrics('labeler', env.metrics);
  metrics.mirrorCounter('labeler_batch_calls_total', 'POST /api/v1/datasets/batch calls answered.', () => stats.batchCalls);
  metrics.mirrorCounter('labeler_permission_checks_total', 'Permission checks answered (GET …/permissions/:user_id).', () => stats.permissionChecks);
  metrics.mirrorCounter('labeler_rate_limited_total', 'API requests refused with 429 by the rate limit.', () => stats.rateLimited);

  const app = express();
  app.disable('x-powered-by');
  // No ETag on API answers: nobody revalidates a JSON response, and hashing each costs CPU.
  app.set('etag', false);
  metrics.mount(app);
  app.get(
    '/health',
    healthHandler('labeler', async () => void (await db.query('SELECT 1'))),
  );
  app.get('/health/live', liveHandler('labeler'));
  app.get('/health/ready', readyHandler('labeler', { 'labeler-db': () => db.query('SELECT 1'), 'external-bucket': () => storage.ping() }));
  app.use('/api/v1/auth', createUserDbAuthRouter(env.auth, log)); // users log in here (shared User DB), no service key
  app.use(handleErrors(log));

  const api = createApiHandler({
    routes: [
      ...datasetRoutes({ db, storage, stats, peersOf: organizations.peersOf }),
      ...manageRoutes({ db, storage, limits: env.finalize, peersOf: organizations.peersOf }),
      ...uploadRoutes({ db, storage, limits: env.upload }),
    ],
    serviceKey: env.serviceKey,
    limits: env.rateLimit,
    stats,
    log,
    record: (req, res, label) => {
      metrics.recordAs(label)(req, res);
      nameServerSpan(res, label);
    },
  });

  const server = http.createServer((req, res) =>
    serverSpan(req, res, req.method ?? 'GET', () => {
      const requestId = requestIdOf(req);
      res.setHeader('X-Request-ID', requestId);
      logRequest(log, req, res, requestId);
      if (isApiPath(req.url ?? '/')) return api(req, res, requestId);
      (req as WithRequestId).requestId = requestId;
      app(req, res);
    }),
  );
  let port: number;
  try {
    port = await listen(server, env.host, env.port);
  } catch (error) {
    await db.end();
    await organizations.close();
    throw error;
  }
  return {
    name: 'labeler',
    port,
    url: `http://${env.host}:${port}`,
    stats,
    close: async () => {
      await closeServer(server);
      await db.end();
      await organizations.close();
    },
  };
}
