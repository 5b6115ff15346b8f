/**
 * The worker side of `/worker/v1` (docs/worker-protocol.md, shapes in lib/worker-protocol.ts): one
 * small HTTP client that checks every answer against the protocol. A 409 means the job is no
 * longer ours (cancelled, requeued after a lost lease, finished): stop working on it. A 503 means
 * the platform's database is briefly unavailable and nothing was stored: the same request is sent
 * again after a growing pause (`retryDelaysMs`), so a short outage does not fail a running job.
 */
import { z } from 'zod';
import {
  checkpointUrlsResponseSchema,
  claimResponseSchema,
  completeResponseSchema,
  eventsResponseSchema,
  failResponseSchema,
  heartbeatResponseSchema,
  exportCompleteResponseSchema,
  inferenceCompleteResponseSchema,
  uploadUrlResponseSchema,
  workerErrorSchema,
  type ClaimResponse,
  type ExportCompleteRequest,
  type ExportFormat,
  type InferenceCompleteRequest,
  type ModelJobHeartbeatRequest,
  type CheckpointUrlsRequest,
  type ClaimedJob,
  type ClaimRequest,
  type CompleteRequest,
  type EventsRequest,
  type FailRequest,
  type HeartbeatRequest,
} from '../lib/worker-protocol';

/** What a worker reports in one events call (the client adds `workerId` and `leaseSeconds`). */
export type EventBatch = Omit<EventsRequest, 'workerId' | 'leaseSeconds'>;
/** Where an export's or inference job's protocol calls go. */
export type ModelJobPath = 'exports' | 'inference-jobs';
/** A request body without `workerId`, which `post` adds to every one. */
type Body<T> = Omit<T, 'workerId'>;

/** Pauses before each resend of a request answered 503 (about 8 s in all). */
export const RETRY_DELAYS_MS = [250, 500, 1000, 2000, 4000];

/** The platform says the job is not ours any more. */
export class JobGoneError extends Error {
  override name = 'JobGoneError';
  constructor(
    readonly jobId: string,
    readonly status: string | undefined,
    message: string,
  ) {
    super(message);
  }
}

export class WorkerClient {
  constructor(
    private readonly baseUrl: string,
    private readonly token: string,
    readonly workerId: string,
    private readonly leaseSeconds: number,
    private readonly retryDelaysMs: readonly number[] = RETRY_DELAYS_MS,
  ) {}

  private async send(path: string, body: object): Promise<Response> {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${this.baseUrl.replace(/\/+$/, '')}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ workerId: this.workerId, ...body }),
        signal: AbortSignal.timeout(30_000),
      });
      const delay = this.retryDelaysMs[attempt];
      if (res.status !== 503 || delay === undefined) return res;
      await res.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }

  private async post<S extends z.ZodType>(path: string, body: object, answer: S, jobId?: string): Promise<z.infer<S> | null> {
    const res = await this.send(path, body);
    if (res.status === 204) return null;
    const payload: unknown = await res.json().catch(() => ({}));
    if (!res.ok) {
      const error = workerErrorSchema.safeParse(payload).data;
      if (res.status === 409 && jobId) throw new JobGoneError(jobId, error?.status, error?.message ?? 'job is gone');
      throw new Error(`platform answered ${res.status} to ${path}: ${error?.error ?? ''} ${error?.message ?? ''}`.trim());
    }
    const parsed = answer.safeParse(payload);
    if (!parsed.success) throw new Error(`the platform's answer to ${path} breaks the worker protocol: ${z.prettifyError(parsed.error)}`);
    return parsed.data;
  }

  /** Take the next job this worker can run; `frameworks` and `tasks` declare what it runs. */
  async claim(frameworks: string[], tasks?: string[]): Promise<ClaimedJob | null> {
    const answer = await this.post(
      '/jobs/claim',
      { frameworks, ...(tasks ? { tasks } : {}), leaseSeconds: this.leaseSeconds } satisfies Body<ClaimRequest>,
      claimResponseSchema,
    );
    return answer && 'job' in answer ? answer.job : null;
  }

  /**
   * Take the next training job, export or inference job this worker can run: `exportFormats` and
   * `inference` declare what it does besides training (docs/worker-protocol.md).
   */
  async claimAny(opts: { frameworks: string[]; tasks?: string[]; exportFormats?: ExportFormat[]; inference?: boolean }): Promise<ClaimResponse | null> {
    return this.post(
      '/jobs/claim',
      {
        frameworks: opts.frameworks,
        ...(opts.tasks ? { tasks: opts.tasks } : {}),
        ...(opts.exportFormats ? { exportFormats: opts.exportFormats } : {}),
        ...(opts.inference ? { inference: true } : {}),
        leaseSeconds: this.leaseSeconds,
      } satisfies Body<ClaimRequest>,
      claimResponseSchema,
    );
  }

  /** Renew the lease of an export (`exports`) or inference job (`inference-jobs`), with its progress. */
  async modelJobHeartbeat(kind: ModelJobPath, id: string, percent?: number): Promise<void> {
    await this.post(
      `/${kind}/${id}/heartbeat`,
      { leaseSeconds: this.leaseSeconds, ...(percent === undefined ? {} : { percent }) } satisfies Body<ModelJobHeartbeatRequest>,
      heartbeatResponseSchema,
      id,
    );
  }

  /** Presign, then PUT the export's file (or the predictions) straight to the internal bucket. */
  async uploadModelJobFile(kind: ModelJobPath, id: string, body: Uint8Array, contentType: string): Promise<void> {
    const answer = await this.post(`/${kind}/${id}/upload-url`, {}, uploadUrlResponseSchema, id);
    if (!answer) throw new Error('the platform returned no upload URL');
    const res = await fetch(answer.uploadUrl, { method: 'PUT', body: new Uint8Array(body), headers: { 'Content-Type': contentType } });
    if (!res.ok) throw new Error(`upload answered ${res.status}`);
  }

  async completeExport(id: string, sha256: string): Promise<void> {
    await this.post(`/exports/${id}/complete`, { sha256 } satisfies Body<ExportCompleteRequest>, exportCompleteResponseSchema, id);
  }

  async completeInference(id: string, predictionCount: number): Promise<void> {
    await this.post(`/inference-jobs/${id}/complete`, { predictionCount } satisfies Body<InferenceCompleteRequest>, inferenceCompleteResponseSchema, id);
  }

  async failModelJob(kind: ModelJobPath, id: string, reason: string): Promise<void> {
    await this.post(`/${kind}/${id}/fail`, { reason: reason.slice(0, 2000) } satisfies Body<FailRequest>, failResponseSchema, id);
  }

  async heartbeat(jobId: string): Promise<void> {
    await this.post(`/jobs/${jobId}/heartbeat`, { leaseSeconds: this.leaseSeconds } satisfies Body<HeartbeatRequest>, heartbeatResponseSchema, jobId);
  }

  async events(jobId: string, batch: EventBatch): Promise<void> {
    await this.post(`/jobs/${jobId}/events`, { ...batch, leaseSeconds: this.leaseSeconds } satisfies Body<EventsRequest>, eventsResponseSchema, jobId);
  }

  /** Presign, then PUT the bytes straight to the internal bucket (never through the platform). */
  async uploadCheckpoint(jobId: string, name: string, body: Buffer, contentType: string): Promise<void> {
    const answer = await this.post(
      `/jobs/${jobId}/checkpoint-urls`,
      { names: [name] } satisfies Body<CheckpointUrlsRequest>,
      checkpointUrlsResponseSchema,
      jobId,
    );
    const url = answer?.urls[0]?.uploadUrl;
    if (!url) throw new Error('the platform returned no upload URL');
    const res = await fetch(url, { method: 'PUT', body: new Uint8Array(body), headers: { 'Content-Type': contentType } });
    if (!res.ok) throw new Error(`checkpoint upload answered ${res.status}`);
  }

  async complete(jobId: string, checkpoints: string[]): Promise<void> {
    await this.post(`/jobs/${jobId}/complete`, { checkpoints } satisfies Body<CompleteRequest>, completeResponseSchema, jobId);
  }

  async fail(jobId: string, reason: string): Promise<void> {
    await this.post(`/jobs/${jobId}/fail`, { reason: reason.slice(0, 2000) } satisfies Body<FailRequest>, failResponseSchema, jobId);
  }
}
