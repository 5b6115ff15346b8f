/**
 * The worker protocol, `/worker/v1` (docs/worker-protocol.md), defined once for both sides: the
 * platform validates request bodies and types its answers with these schemas, and the reference
 * trainer types its requests and validates the platform's answers with them.
 */
import { z } from 'zod';
import { hiddenCharacterProblem, terminalText } from './shown-text';

export const WORKER_API_PREFIX = '/worker/v1';

const CHECKPOINT_NAME = /^[\w.-]{1,128}$/;
/** A checkpoint's file name: letters, digits, `_ . -`, at most 128, never `.` or `..` (it becomes an object key). */
export const validCheckpointName = (name: string) => CHECKPOINT_NAME.test(name) && name !== '.' && name !== '..';

const workerId = z.string().regex(/^[\w.:@-]{1,128}$/);
const num = z.number().finite();
/**
 * Text PostgreSQL can store: no NUL (U+0000), which neither `text` nor `jsonb` accepts. Refused
 * here, at the boundary, so a batch holding one is a 400 naming the item, never a failed insert.
 */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((value) => !value.includes('\u0000'), 'must not contain NUL (U+0000) characters');
/**
 * A metric's name: 1–64 characters on one line without control or text-direction characters. It is
 * a series' key (`metrics(name:)`) and the console's chart label, so it is refused, not rewritten:
 * `\u202Essol` reads "loss" on screen, beside the real `loss`, and could not be asked for as shown.
 */
const metricName = text(64)
  .min(1)
  .superRefine((name, ctx) => {
    const problem = name.includes('\u0000') ? null : hiddenCharacterProblem(name); // NUL has its own message
    if (problem) ctx.addIssue({ code: 'custom', message: `must be ${problem}` });
  });
/** A framework's name: letters, digits, `_ . -`, starting with a letter or digit (so never `__proto__`). */
const frameworkName = z.string().regex(/^[A-Za-z0-9][\w.-]{0,63}$/, 'letters, digits, _ . - (max 64), starting with a letter or digit');
/** An epoch or step count: stored as an integer and shown as a GraphQL Int (32 bits). */
const count = num.min(0).max(2_147_483_647);
/** Keys of a resource sample: plain identifiers (so never `__proto__`). */
const sampleKey = z.string().regex(/^[A-Za-z][A-Za-z0-9_]{0,63}$/, 'an identifier of letters, digits and _ (max 64)');
const checkpointName = z.string().refine(validCheckpointName, 'letters, digits, _ . - (max 128)');
const leaseSeconds = z.number().int().min(1).max(3600).optional();

/**
 * A claim also declares what the worker can run: `frameworks` (default `["reference"]`) and,
 * optionally, `tasks` (omitted: any task of those frameworks). The platform remembers the last
 * declaration per `workerId` to tell users which worker a queued job waits for.
 */
export const EXPORT_FORMATS = ['onnx', 'torchscript', 'tensorrt', 'coreml', 'tflite'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * Besides training, a worker may declare `exportFormats` (it exports models of its frameworks to
 * those formats) and `inference: true` (it runs batch inference jobs for its frameworks). A claim
 * then hands out a training job first, else an export, else an inference job; a worker that
 * declares neither only ever gets training jobs.
 */
export const claimRequestSchema = z.object({
  workerId,
  frameworks: z.array(frameworkName).min(1).max(20).default(['reference']),
  tasks: z.array(frameworkName).min(1).max(50).optional(),
  exportFormats: z.array(z.enum(EXPORT_FORMATS)).max(EXPORT_FORMATS.length).optional(),
  inference: z.boolean().optional(),
  leaseSeconds,
});
export type ClaimRequest = z.input<typeof claimRequestSchema>;

export const heartbeatRequestSchema = z.object({ workerId, leaseSeconds });
export type HeartbeatRequest = z.input<typeof heartbeatRequestSchema>;

/**
 * One resource sample: identifier keys, numbers, short text or null. A `__proto__` key (which a
 * record would silently drop) is refused like any other key that is not an identifier.
 */
const systemSample = z
  .custom<Record<string, unknown>>((v) => typeof v !== 'object' || v === null || !Object.hasOwn(v, '__proto__'), 'keys must be identifiers (not __proto__)')
  .pipe(z.record(sampleKey, z.union([num, text(200), z.null()])));

/** One batch of reports; every part is optional. */
export const eventsRequestSchema = z.object({
  workerId,
  leaseSeconds,
  progress: z
    .object({
      epoch: count,
      step: count.optional(),
      totalEpochs: z.number().int().min(0).max(1_000_000).optional(),
      percent: num.min(0).max(100),
      /** At most ten years. */
      etaSeconds: num.min(0).max(315_360_000).nullable().optional(),
    })
    .optional(),
  metrics: z
    .array(z.object({ name: metricName, epoch: count.optional(), step: count.optional(), value: num }))
    .max(5000)
    .optional(),
  logs: z
    .array(
      z.object({
        level: z.enum(['DEBUG', 'INFO', 'WARNING', 'ERROR']),
        // Stored as a terminal would have shown it: no colour codes, progress bars at their last state.
        message: text(10_000).transform(terminalText),
        time: z.string().datetime().optional(),
      }),
    )
    .max(5000)
    .optional(),
  system: z.array(systemSample).max(1000).optional(),
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
export const failRequestSchema = z.object({
  workerId,
  // Shown as the job's errorMessage: cleaned like a log line (a colourised traceback reads as text).
  reason: z
    .string()
    .min(1)
    .max(2000)
    .transform((reason) => terminalText(reason).trim() || 'The worker gave no readable reason.'),
});
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

/** A file of the training job behind a model version (`final.json`, `best.pt`, …) as a presigned GET. */
export const artifactSchema = z.object({ name: z.string(), sizeBytes: z.number(), url: z.string() });

/** The model version an export or inference job works on, with the training job's files. */
export const claimedModelVersionSchema = z.object({
  id: z.string(),
  modelName: z.string(),
  version: z.number(),
  jobId: z.string(),
  framework: z.string(),
  task: z.string(),
  architecture: z.string(),
  artifacts: z.array(artifactSchema),
});
export type ClaimedModelVersion = z.infer<typeof claimedModelVersionSchema>;

export const claimedExportSchema = z.object({
  id: z.string(),
  format: z.enum(EXPORT_FORMATS),
  /** Only the options the user gave: `opset`, `precision` (`fp32`, `fp16`, `int8`), `inputSize`. */
  options: z.object({ opset: z.number().optional(), precision: z.enum(['fp32', 'fp16', 'int8']).optional(), inputSize: z.number().optional() }),
  attempt: z.number(),
  leaseExpiresAt: z.string().nullable(),
  modelVersion: claimedModelVersionSchema,
});
export type ClaimedExport = z.infer<typeof claimedExportSchema>;

export const claimedInferenceJobSchema = z.object({
  id: z.string(),
  attempt: z.number(),
  leaseExpiresAt: z.string().nullable(),
  modelVersion: claimedModelVersionSchema,
  snapshot: z.object({ id: z.string(), objectCount: z.number(), totalBytes: z.number(), objects: z.array(manifestObjectSchema) }),
});
export type ClaimedInferenceJob = z.infer<typeof claimedInferenceJobSchema>;

/** 200 to a claim: exactly one of `job`, `export`, `inferenceJob`; 204 (no body) when nothing is queued for what the worker declared. */
export const claimResponseSchema = z.union([
  z.object({ job: claimedJobSchema, leaseSeconds: z.number() }),
  z.object({ export: claimedExportSchema, leaseSeconds: z.number() }),
  z.object({ inferenceJob: claimedInferenceJobSchema, leaseSeconds: z.number() }),
]);
export type ClaimResponse = z.infer<typeof claimResponseSchema>;

/** Heartbeat of an export or inference job; `percent` (0–100) is shown as its progress. */
export const modelJobHeartbeatRequestSchema = z.object({ workerId, leaseSeconds, percent: num.min(0).max(100).optional() });
export type ModelJobHeartbeatRequest = z.input<typeof modelJobHeartbeatRequestSchema>;
/** Ask for the presigned PUT of the export's file (or the inference job's `predictions.json`). */
export const uploadUrlRequestSchema = z.object({ workerId });
export type UploadUrlRequest = z.input<typeof uploadUrlRequestSchema>;
export const uploadUrlResponseSchema = z.object({ key: z.string(), uploadUrl: z.string() });
export type UploadUrlResponse = z.infer<typeof uploadUrlResponseSchema>;
/**
 * The file is uploaded: the platform reads it back, records its size and SHA-256 and completes the
 * export. `sha256` (hex), when sent, must match what the platform computed (a corrupted upload is a 400).
 */
export const exportCompleteRequestSchema = z.object({
  workerId,
  sha256: z
    .string()
    .regex(/^[0-9a-f]{64}$/)
    .optional(),
});
export type ExportCompleteRequest = z.input<typeof exportCompleteRequestSchema>;
export const exportCompleteResponseSchema = z.object({ status: z.literal('completed'), sizeBytes: z.number(), sha256: z.string() });
export type ExportCompleteResponse = z.infer<typeof exportCompleteResponseSchema>;
/** The predictions file is uploaded; `predictionCount` images were predicted. */
export const inferenceCompleteRequestSchema = z.object({ workerId, predictionCount: z.number().int().min(0).max(100_000_000) });
export type InferenceCompleteRequest = z.input<typeof inferenceCompleteRequestSchema>;
export const inferenceCompleteResponseSchema = z.object({ status: z.literal('completed'), sizeBytes: z.number() });
export type InferenceCompleteResponse = z.infer<typeof inferenceCompleteResponseSchema>;

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

/** One reason a request body was refused: where (`metrics.3.name`: the item's index in its list) and why. */
export const workerIssueSchema = z.object({ path: z.string(), message: z.string() });
export type WorkerIssue = z.infer<typeof workerIssueSchema>;

/**
 * Every error answer; a 409 carries the job's `status` (`cancelled`, `queued`, `completed`, …), a
 * 400 `invalid_request` its `issues`. A refused request changed nothing.
 */
export const workerErrorSchema = z.looseObject({
  error: z.string(),
  message: z.string(),
  status: z.string().optional(),
  issues: z.array(workerIssueSchema).optional(),
});
export type WorkerErrorBody = z.infer<typeof workerErrorSchema>;
