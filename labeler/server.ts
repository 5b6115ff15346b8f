/**
 * The Labeler reference service: the Dataset API the platform codes against (seed 2.5.2), with
 * its own database and the external bucket. Used by `main.ts`, `npm start` and the tests.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import { closeServer, healthHandler, listen, requestIdMiddleware, type RunningService } from '../lib/http';
import { createLogger, type Logger } from '../lib/log';
import { createServiceMetrics } from '../lib/metrics';
import { createStorage, storageSettings } from '../lib/s3';
import { createDatasetRouter, type LabelerStats } from './dataset.routes';
import { createLabelerPool } from './db';
import { createUserDbAuthRouter } from './auth.routes';
import type { LabelerEnv } from './env';
import { internalError, invalidRequest, routeNotFound, unauthorized } from './errors';
import { createManageRouter } from './manage.routes';
import { rateLimit } from './rate-limit';

export type { LabelerStats };
export type LabelerService = RunningService & { stats: LabelerStats };

type WithRequestId = Request & { requestId?: string };

const digest = (value: string) => createHash('sha256').update(value).digest();

/** `Authorization: Bearer <key>`, compared in constant time. */
function requireServiceKey(serviceKey: string) {
  const expected = digest(serviceKey);
  return (req: Request, res: Response, next: NextFunction) => {
    const match = /^Bearer\s+(.+)$/i.exec(req.headers.authorization?.trim() ?? '');
    if (match && timingSafeEqual(digest(match[1]!.trim()), expected)) return next();
    res.status(401).setHeader('WWW-Authenticate', 'Bearer').json(unauthorized());
  };
}

function logRequests(log: Logger) {
  return (req: WithRequestId, res: Response, next: NextFunction) => {
    const started = performance.now();
    res.on('finish', () => {
      log.info(
        { requestId: req.requestId, method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(performance.now() - started) },
        'request',
      );
    });
    next();
  };
}

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

export async function createLabelerServer(env: LabelerEnv): Promise<LabelerService> {
  const log = createLogger('labeler', env.LOG_LEVEL);
  const db = createLabelerPool(env.LABELER_DATABASE_URL, (err) => log.warn({ err }, 'idle database connection lost'));
  const storage = createStorage(storageSettings(env, 'EXTERNAL_STORAGE'));
  const stats: LabelerStats = { requests: 0, batchCalls: 0, permissionChecks: 0, lastRequestId: null };

  const metrics = createServiceMetrics('labeler', env);
  metrics.mirrorCounter('labeler_batch_calls_total', 'POST /api/v1/datasets/batch calls answered.', () => stats.batchCalls);
  metrics.mirrorCounter('labeler_permission_checks_total', 'Permission checks answered (GET …/permissions/:user_id).', () => stats.permissionChecks);

  const app = express();
  app.disable('x-powered-by');
  // No ETag on API answers: nobody revalidates a GraphQL or JSON response, and hashing each costs CPU.
  app.set('etag', false);
  metrics.mount(app);
  app.use(requestIdMiddleware, logRequests(log));
  app.get('/health', healthHandler('labeler', async () => void (await db.query('SELECT 1'))));
  app.use('/api/v1/auth', createUserDbAuthRouter(env, log)); // users log in here (shared User DB), no service key
  app.use(
    '/api/v1',
    (req: WithRequestId, _res: Response, next: NextFunction) => {
      stats.requests += 1;
      stats.lastRequestId = req.requestId ?? null;
      next();
    },
    requireServiceKey(env.LABELER_SERVICE_KEY),
    express.json({ limit: '256kb' }),
    rateLimit({ servicePerMinute: env.LABELER_RATE_LIMIT_SERVICE_PER_MIN, userPerMinute: env.LABELER_RATE_LIMIT_USER_PER_MIN }),
    createDatasetRouter({ db, storage, stats }),
    createManageRouter({ db, storage }),
    (req: Request, res: Response) => void res.status(404).json(routeNotFound(req.method, req.originalUrl.split('?')[0] ?? '')),
  );
  app.use(handleErrors(log));

  const server = http.createServer(app);
  let port: number;
  try {
    port = await listen(server, env.HOST, env.LABELER_PORT);
  } catch (error) {
    await db.end();
    throw error;
  }
  return {
    name: 'labeler',
    port,
    url: `http://${env.HOST}:${port}`,
    stats,
    close: async () => {
      await closeServer(server);
      await db.end();
    },
  };
}
