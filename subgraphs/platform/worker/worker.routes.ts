/**
 * The worker protocol over REST, `/worker/v1` (docs/worker-protocol.md). Workers authenticate with
 * `Authorization: Bearer WORKER_TOKEN` (a shared secret, never a user JWT) and name themselves with
 * `workerId` in every body. Answers: 200 JSON, 204 nothing to claim, 400 bad body (each issue named,
 * nothing stored), 401 bad token, 404 unknown job, 409 the job is no longer this worker's to run
 * (cancelled, requeued, finished), 413 body too large, 503 the Platform DB is unavailable (retry).
 */
import express, { Router, type NextFunction, type Request, type Response } from 'express';
import { z } from 'zod';
import { bearerSecretCheck } from '../../../lib/auth';
import { DATABASE_FAILURE_MESSAGE, databaseFailureOf } from '../../../lib/db-errors';
import { describeZodIssues, zodIssues } from '../../../lib/errors';
import type { Logger } from '../../../lib/log';
import type { Storage } from '../../../lib/s3';
import {
  checkpointUrlsRequestSchema,
  claimRequestSchema,
  completeRequestSchema,
  eventsRequestSchema,
  failRequestSchema,
  heartbeatRequestSchema,
  exportCompleteRequestSchema,
  inferenceCompleteRequestSchema,
  modelJobHeartbeatRequestSchema,
  uploadUrlRequestSchema,
  type ExportCompleteResponse,
  type InferenceCompleteResponse,
  type UploadUrlResponse,
  type CheckpointUrlsResponse,
  type ClaimResponse,
  type CompleteResponse,
  type EventsResponse,
  type FailResponse,
  type HeartbeatResponse,
  type WorkerErrorBody,
} from '../../../lib/worker-protocol';
import type { PlatformOrm } from '../db';
import { createModelJobService } from './model-jobs.service';
import { createWorkerService, WorkerProtocolError } from './worker.service';

export interface WorkerRouteDeps {
  orm: PlatformOrm;
  internal: Storage;
  token: string;
  defaultLeaseSeconds: number;
  presignExpiresSeconds: number;
  log: Logger;
}

function parse<T extends z.ZodType>(schema: T, body: unknown): z.infer<T> {
  const result = schema.safeParse(body ?? {});
  if (!result.success) {
    throw new WorkerProtocolError(400, 'invalid_request', describeZodIssues(result.error), { issues: zodIssues(result.error) });
  }
  return result.data;
}

export function createWorkerRouter(deps: WorkerRouteDeps): Router {
  const router = Router();
  const lease = (asked: number | undefined) => asked ?? deps.defaultLeaseSeconds;
  // One service on a fresh EntityManager fork per call, as each worker request is its own unit of work.
  const worker = () => createWorkerService({ em: deps.orm.em.fork(), internal: deps.internal, presignExpiresSeconds: deps.presignExpiresSeconds });

  const modelJobs = () => createModelJobService({ em: deps.orm.em.fork(), internal: deps.internal, presignExpiresSeconds: deps.presignExpiresSeconds });

  router.use(express.json({ limit: '5mb' }));
  // A body that is not JSON (NaN, a truncated batch) or too large: the protocol's error body, not express's HTML page.
  router.use((error: unknown, _req: Request, res: Response, next: NextFunction) => {
    const status = (error as { status?: unknown } | null)?.status;
    if (status === 413) {
      res.status(413).json({ error: 'invalid_request', message: 'The body is over 5 MB; send smaller batches.' } satisfies WorkerErrorBody);
    } else if (status === 400 || error instanceof SyntaxError) {
      res.status(400).json({ error: 'invalid_request', message: 'The body is not valid JSON (NaN and Infinity are not JSON).' } satisfies WorkerErrorBody);
    } else next(error);
  });
  const authorized = bearerSecretCheck(deps.token);
  router.use((req: Request, res: Response, next: NextFunction) => {
    if (!authorized(req.headers.authorization)) {
      res.status(401).json({ error: 'unauthorized', message: 'Send Authorization: Bearer <WORKER_TOKEN>.' } satisfies WorkerErrorBody);
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
        res.status(error.status).json({ error: error.code, message: error.message, ...error.extra } satisfies WorkerErrorBody);
        return;
      }
      const failure = databaseFailureOf(error);
      if (failure) {
        deps.log.warn({ err: error, path: req.path }, failure === 'unavailable' ? 'database unavailable' : 'value refused by the database');
        if (failure === 'unavailable') res.status(503).json({ error: 'unavailable', message: DATABASE_FAILURE_MESSAGE.unavailable } satisfies WorkerErrorBody);
        else res.status(400).json({ error: 'invalid_request', message: DATABASE_FAILURE_MESSAGE.data } satisfies WorkerErrorBody);
        return;
      }
      deps.log.error({ err: error, path: req.path }, 'worker request failed');
      res.status(500).json({ error: 'internal_error', message: 'Unexpected failure; see the platform log.' } satisfies WorkerErrorBody);
    }
  };

  router.post(
    '/jobs/claim',
    handle(async (req) => {
      const body = parse(claimRequestSchema, req.body);
      const leaseSeconds = lease(body.leaseSeconds);
      const job = await worker().claim({
        workerId: body.workerId,
        frameworks: body.frameworks,
        tasks: body.tasks ?? null,
        exportFormats: body.exportFormats,
        inference: body.inference,
        leaseSeconds,
      });
      if (job) {
        deps.log.info({ jobId: job.id, workerId: body.workerId, attempt: job.attempts }, 'job claimed');
        return { job: await worker().describeClaim(job), leaseSeconds } satisfies ClaimResponse;
      }
      // No training job: an export, then an inference job, of what the worker declared.
      const exportId = await modelJobs().claimExport(body.workerId, body.frameworks, body.exportFormats ?? [], leaseSeconds);
      if (exportId) {
        deps.log.info({ exportId, workerId: body.workerId }, 'export claimed');
        return { export: await modelJobs().describeExport(exportId), leaseSeconds } satisfies ClaimResponse;
      }
      const inferenceId = body.inference ? await modelJobs().claimInference(body.workerId, body.frameworks, leaseSeconds) : null;
      if (inferenceId) {
        deps.log.info({ inferenceJobId: inferenceId, workerId: body.workerId }, 'inference job claimed');
        return { inferenceJob: await modelJobs().describeInference(inferenceId), leaseSeconds } satisfies ClaimResponse;
      }
      return null;
    }),
  );
  router.post(
    '/jobs/:id/heartbeat',
    handle(async (req) => {
      const body = parse(heartbeatRequestSchema, req.body);
      return worker().heartbeat(req.params.id, body.workerId, lease(body.leaseSeconds)) satisfies Promise<HeartbeatResponse>;
    }),
  );
  router.post(
    '/jobs/:id/events',
    handle(async (req) => {
      const body = parse(eventsRequestSchema, req.body);
      return worker().recordEvents(req.params.id, body.workerId, body, lease(body.leaseSeconds), body.checkpoints) satisfies Promise<EventsResponse>;
    }),
  );
  router.post(
    '/jobs/:id/checkpoint-urls',
    handle(async (req) => {
      const body = parse(checkpointUrlsRequestSchema, req.body);
      return { urls: await worker().checkpointUploadUrls(req.params.id, body.workerId, body.names) } satisfies CheckpointUrlsResponse;
    }),
  );
  router.post(
    '/jobs/:id/complete',
    handle(async (req) => {
      const body = parse(completeRequestSchema, req.body);
      return worker().complete(req.params.id, body.workerId, body.checkpoints) satisfies Promise<CompleteResponse>;
    }),
  );
  router.post(
    '/jobs/:id/fail',
    handle(async (req) => {
      const body = parse(failRequestSchema, req.body);
      return worker().fail(req.params.id, body.workerId, body.reason) satisfies Promise<FailResponse>;
    }),
  );
  // Exports and inference jobs: the same lease rules as training jobs, one output file each.
  for (const [prefix, kind] of [
    ['/exports', 'export'],
    ['/inference-jobs', 'inference'],
  ] as const) {
    router.post(
      `${prefix}/:id/heartbeat`,
      handle(async (req) => {
        const body = parse(modelJobHeartbeatRequestSchema, req.body);
        return modelJobs().heartbeat(kind, req.params.id, body.workerId, lease(body.leaseSeconds), body.percent) satisfies Promise<HeartbeatResponse>;
      }),
    );
    router.post(
      `${prefix}/:id/upload-url`,
      handle(async (req) => {
        const body = parse(uploadUrlRequestSchema, req.body);
        return modelJobs().uploadUrl(kind, req.params.id, body.workerId) satisfies Promise<UploadUrlResponse>;
      }),
    );
    router.post(
      `${prefix}/:id/fail`,
      handle(async (req) => {
        const body = parse(failRequestSchema, req.body);
        return modelJobs().fail(kind, req.params.id, body.workerId, body.reason) satisfies Promise<FailResponse>;
      }),
    );
  }
  router.post(
    '/exports/:id/complete',
    handle(async (req) => {
      const body = parse(exportCompleteRequestSchema, req.body);
      return modelJobs().completeExport(req.params.id, body.workerId, body.sha256) satisfies Promise<ExportCompleteResponse>;
    }),
  );
  router.post(
    '/inference-jobs/:id/complete',
    handle(async (req) => {
      const body = parse(inferenceCompleteRequestSchema, req.body);
      return modelJobs().completeInference(req.params.id, body.workerId, body.predictionCount) satisfies Promise<InferenceCompleteResponse>;
    }),
  );
  return router;
}
