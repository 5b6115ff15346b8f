/**
 * The worker protocol over REST, `/worker/v1` (docs/worker-protocol.md). Workers authenticate with
 * `Authorization: Bearer WORKER_TOKEN` (a shared secret, never a user JWT) and name themselves with
 * `workerId` in every body. Answers: 200 JSON, 204 nothing to claim, 400 bad body, 401 bad token,
 * 404 unknown job, 409 the job is no longer this worker's to run (cancelled, requeued, finished).
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { bearerSecretCheck } from '../../../lib/auth';
import { describeZodIssues } from '../../../lib/errors';
import type { Logger } from '../../../lib/log';
import type { Storage } from '../../../lib/s3';
import type { PlatformOrm } from '../db';
import { createWorkerService, validCheckpointName, WorkerProtocolError } from './worker.service';

export const WORKER_API_PREFIX = '/worker/v1';

export interface WorkerRouteDeps {
  orm: PlatformOrm;
  internal: Storage;
  token: string;
  defaultLeaseSeconds: number;
  presignExpiresSeconds: number;
  log: Logger;
}

const workerId = z.string().regex(/^[\w.:@-]{1,128}$/);
const num = z.number().finite();
const checkpointName = z.string().refine(validCheckpointName, 'letters, digits, _ . - (max 128)');
const leaseSeconds = z.number().int().min(1).max(3600).optional();

const claimBody = z.object({ workerId, frameworks: z.array(z.string().min(1).max(64)).min(1).max(20).default(['reference']), leaseSeconds });
const heartbeatBody = z.object({ workerId, leaseSeconds });
const eventsBody = z.object({
  workerId,
  leaseSeconds,
  progress: z
    .object({ epoch: num.min(0), step: num.min(0).optional(), totalEpochs: z.number().int().min(0).optional(), percent: num.min(0).max(100), etaSeconds: num.min(0).nullable().optional() })
    .optional(),
  metrics: z.array(z.object({ name: z.string().min(1).max(64), epoch: num.min(0).optional(), step: num.min(0).optional(), value: num })).max(5000).optional(),
  logs: z
    .array(z.object({ level: z.enum(['DEBUG', 'INFO', 'WARNING', 'ERROR']), message: z.string().max(10_000), time: z.string().datetime().optional() }))
    .max(5000)
    .optional(),
  system: z.array(z.record(z.string().max(64), z.union([num, z.string().max(200), z.null()]))).max(1000).optional(),
  checkpoints: z.array(checkpointName).max(100).optional(),
});
const checkpointUrlsBody = z.object({ workerId, names: z.array(checkpointName).min(1).max(100) });
const completeBody = z.object({ workerId, checkpoints: z.array(checkpointName).max(100).default([]) });
const failBody = z.object({ workerId, reason: z.string().min(1).max(2000) });

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new WorkerProtocolError(400, 'invalid_request', describeZodIssues(result.error));
  }
  return result.data;
}

export function createWorkerRouter(deps: WorkerRouteDeps): Router {
  const router = Router();
  const lease = (asked: number | undefined) => asked ?? deps.defaultLeaseSeconds;
  // One service on a fresh EntityManager fork per call, as each worker request is its own unit of work.
  const worker = () => createWorkerService({ em: deps.orm.em.fork(), internal: deps.internal, presignExpiresSeconds: deps.presignExpiresSeconds });

  router.use(express.json({ limit: '5mb' }));
  const authorized = bearerSecretCheck(deps.token);
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (!authorized(req.headers.authorization)) {
      res.status(401).json({ error: 'unauthorized', message: 'Send Authorization: Bearer <WORKER_TOKEN>.' });
      return;
    }
    next();
  });

  const handle = (fn: (req: Request<{ id: string }>) => Promise<unknown>) => async (req: Request<{ id: string }>, res: Response) => {
    try {
      const result = await fn(req);
      if (result === null) res.status(204).end();
      else res.json(result);
    } catch (error) {
      if (error instanceof WorkerProtocolError) {
        res.status(error.status).json({ error: error.code, message: error.message, ...error.extra });
        return;
      }
      deps.log.error({ err: error, path: req.path }, 'worker request failed');
      res.status(500).json({ error: 'internal_error', message: 'Unexpected failure; see the platform log.' });
    }
  };

  router.post(
    '/jobs/claim',
    handle(async (req) => {
      const body = parse(claimBody, req.body);
      const job = await worker().claim({ workerId: body.workerId, frameworks: body.frameworks, leaseSeconds: lease(body.leaseSeconds) });
      if (!job) return null;
      deps.log.info({ jobId: job.id, workerId: body.workerId, attempt: job.attempts }, 'job claimed');
      return { job: await worker().describeClaim(job), leaseSeconds: lease(body.leaseSeconds) };
    }),
  );
  router.post(
    '/jobs/:id/heartbeat',
    handle(async (req) => {
      const body = parse(heartbeatBody, req.body);
      return worker().heartbeat(req.params.id, body.workerId, lease(body.leaseSeconds));
    }),
  );
  router.post(
    '/jobs/:id/events',
    handle(async (req) => {
      const body = parse(eventsBody, req.body);
      const stored = await worker().recordEvents(req.params.id, body.workerId, body, lease(body.leaseSeconds));
      if (body.checkpoints?.length) await worker().addCheckpoints(req.params.id, body.workerId, body.checkpoints);
      return stored;
    }),
  );
  router.post(
    '/jobs/:id/checkpoint-urls',
    handle(async (req) => {
      const body = parse(checkpointUrlsBody, req.body);
      return { urls: await worker().checkpointUploadUrls(req.params.id, body.workerId, body.names) };
    }),
  );
  router.post(
    '/jobs/:id/complete',
    handle(async (req) => {
      const body = parse(completeBody, req.body);
      return worker().complete(req.params.id, body.workerId, body.checkpoints);
    }),
  );
  router.post(
    '/jobs/:id/fail',
    handle(async (req) => {
      const body = parse(failBody, req.body);
      return worker().fail(req.params.id, body.workerId, body.reason);
    }),
  );
  return router;
}
