/**
 * The worker protocol, `/worker/v1` (docs/worker-protocol.md), defined once for both sides: the
 * platform validates request bodies and types its answers with these schemas, and the reference
 * trainer types its requests and validates the platform's answers with them.
 */
import { z } from 'zod';

export const WORKER_API_PREFIX = '/worker/v1';

const CHECKPOINT_NAME = /^[\w.-]{1,128}$/;
/** A checkpoint's file name: letters, digits, `_ . -`, at most 128, never `.` or `..` (it becomes an object key). */
export const validCheckpointName = (name: string) => CHECKPOINT_NAME.test(name) && name !== '.' && name !== '..';

const workerId = z.string().regex(/^[\w.:@-]{1,128}$/);
const num = z.number().finite();
const checkpointName = z.string().refine(validCheckpointName, 'letters, digits, _ . - (max 128)');
const leaseSeconds = z.number().int().min(1).max(3600).optional();

/**
 * A claim also declares what the worker can run: `frameworks` (default `["reference"]`) and,
 * optionally, `tasks` (omitted: any task of those frameworks). The platform remembers the last
 * declaration per `workerId` to tell users which worker a queued job waits for.
 */
export const claimRequestSchema = z.object({
  workerId,
  frameworks: z.array(z.string().min(1).max(64)).min(1).max(20).default(['reference']),
  tasks: z.array(z.string().min(1).max(64)).min(1).max(50).optional(),
  leaseSeconds,
});
export type ClaimRequest = z.input<typeof claimRequestSchema>;

export const heartbeatRequestSchema = z.object({ workerId, leaseSeconds });
export type HeartbeatRequest = z.input<typeof heartbeatRequestSchema>;

/** One batch of reports; every part is optional. */
export const eventsRequestSchema = z.object({
  workerId,
  leaseSeconds,
  progress: z
    .object({
      epoch: num.min(0),
      step: num.min(0).optional(),
      totalEpochs: z.number().int().min(0).optional(),
      percent: num.min(0).max(100),
      etaSeconds: num.min(0).nullable().optional(),
    })
    .optional(),
  metrics: z
    .array(z.object({ name: z.string().min(1).max(64), epoch: num.min(0).optional(), step: num.min(0).optional(), value: num }))
    .max(5000)
    .optional(),
  logs: z
    .array(z.object({ level: z.enum(['DEBUG', 'INFO', 'WARNING', 'ERROR']), message: z.string().max(10_000), time: z.string().datetime().optional() }))
    .max(5000)
    .optional(),
  system: z
    .array(z.record(z.string().max(64), z.union([num, z.string().max(200), z.null()])))
    .max(1000)
    .optional(),
  /** Files already uploaded through checkpoint-urls, registered with this batch. */
  checkpoints: z.array(checkpointName).max(100).optional(),
});
export type EventsRequest = z.input<typeof eventsRequestSchema>;
/** The reports of a batch that become training events. */
export type EventReports = Pick<z.output<typeof eventsRequestSchema>, 'progress' | 'metrics' | 'logs' | 'system'>;

export const checkpointUrlsRequestSchema = z.object({ workerId, names: z.array(checkpointName).min(1).max(100) });
export type CheckpointUrlsRequest = z.input<typeof checkpointUrlsRequestSchema>;
export const completeRequestSchema = z.object({ workerId, checkpoints: z.array(checkpointName).max(100).default([]) });
export type CompleteRequest = z.input<typeof completeRequestSchema>;
export const failRequestSchema = z.object({ workerId, reason: z.string().min(1).max(2000) });
export type FailRequest = z.input<typeof failRequestSchema>;

/** One object of a snapshot: its path in the dataset and a presigned GET of the immutable copy. */
export const manifestObjectSchema = z.object({ key: z.string(), sizeBytes: z.number(), etag: z.string(), url: z.string() });
export type ManifestObject = z.infer<typeof manifestObjectSchema>;

export const claimedJobSchema = z.object({
  id: z.string(),
  name: z.string(),
  framework: z.string(),
  task: z.string(),
  model: z.string(),
  /** Already validated by the platform, defaults filled in. */
  config: z.record(z.string(), z.unknown()),
  totalEpochs: z.number(),
  attempt: z.number(),
  leaseExpiresAt: z.string().nullable(),
  datasetId: z.string().nullable(),
  snapshot: z.object({ id: z.string(), objectCount: z.number(), totalBytes: z.number(), objects: z.array(manifestObjectSchema) }).nullable(),
});
export type ClaimedJob = z.infer<typeof claimedJobSchema>;

/** 200 to a claim; 204 (no body) when nothing is queued for the worker's frameworks. */
export const claimResponseSchema = z.object({ job: claimedJobSchema, leaseSeconds: z.number() });
export type ClaimResponse = z.infer<typeof claimResponseSchema>;

export const heartbeatResponseSchema = z.object({ leaseExpiresAt: z.string() });
export type HeartbeatResponse = z.infer<typeof heartbeatResponseSchema>;

export const eventsResponseSchema = z.object({ stored: z.number() });
export type EventsResponse = z.infer<typeof eventsResponseSchema>;

export const checkpointUrlsResponseSchema = z.object({ urls: z.array(z.object({ name: z.string(), key: z.string(), uploadUrl: z.string() })) });
export type CheckpointUrlsResponse = z.infer<typeof checkpointUrlsResponseSchema>;

export const completeResponseSchema = z.object({ status: z.literal('completed') });
export type CompleteResponse = z.infer<typeof completeResponseSchema>;

export const failResponseSchema = z.object({ status: z.literal('failed') });
export type FailResponse = z.infer<typeof failResponseSchema>;

/** Every error answer; a 409 carries the job's `status` (`cancelled`, `queued`, `completed`, …). */
export const workerErrorSchema = z.looseObject({ error: z.string(), message: z.string(), status: z.string().optional() });
export type WorkerErrorBody = z.infer<typeof workerErrorSchema>;
