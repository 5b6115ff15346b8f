/**
 * The worker side of `/worker/v1` (docs/worker-protocol.md): one small HTTP client. A 409 means the
 * job is no longer ours (cancelled, requeued after a lost lease, finished): stop working on it.
 */
export interface ManifestObject {
  key: string;
  sizeBytes: number;
  etag: string;
  url: string;
}

export interface ClaimedJob {
  id: string;
  name: string;
  framework: string;
  task: string;
  model: string;
  config: Record<string, unknown>;
  totalEpochs: number;
  attempt: number;
  datasetId: string | null;
  snapshot: { id: string; objectCount: number; totalBytes: number; objects: ManifestObject[] } | null;
}

export interface EventBatch {
  progress?: { epoch: number; step?: number; totalEpochs?: number; percent: number; etaSeconds?: number | null };
  metrics?: Array<{ name: string; epoch?: number; step?: number; value: number }>;
  logs?: Array<{ level: 'DEBUG' | 'INFO' | 'WARNING' | 'ERROR'; message: string; time?: string }>;
  system?: Array<Record<string, number | string | null>>;
  checkpoints?: string[];
}

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
  ) {}

  private async post<T>(path: string, body: Record<string, unknown>, jobId?: string): Promise<T | null> {
    const res = await fetch(`${this.baseUrl.replace(/\/+$/, '')}${path}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${this.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ workerId: this.workerId, ...body }),
      signal: AbortSignal.timeout(30_000),
    });
    if (res.status === 204) return null;
    const payload = (await res.json().catch(() => ({}))) as { error?: string; message?: string; status?: string } & T;
    if (res.status === 409 && jobId) throw new JobGoneError(jobId, payload.status, payload.message ?? 'job is gone');
    if (!res.ok) throw new Error(`platform answered ${res.status} to ${path}: ${payload.error ?? ''} ${payload.message ?? ''}`.trim());
    return payload;
  }

  async claim(frameworks: string[]): Promise<ClaimedJob | null> {
    const answer = await this.post<{ job: ClaimedJob }>('/jobs/claim', { frameworks, leaseSeconds: this.leaseSeconds });
    return answer?.job ?? null;
  }

  async heartbeat(jobId: string): Promise<void> {
    await this.post(`/jobs/${jobId}/heartbeat`, { leaseSeconds: this.leaseSeconds }, jobId);
  }

  async events(jobId: string, batch: EventBatch): Promise<void> {
    await this.post(`/jobs/${jobId}/events`, { ...batch, leaseSeconds: this.leaseSeconds }, jobId);
  }

  /** Presign, then PUT the bytes straight to the internal bucket (never through the platform). */
  async uploadCheckpoint(jobId: string, name: string, body: Buffer, contentType: string): Promise<void> {
    const answer = await this.post<{ urls: Array<{ name: string; uploadUrl: string }> }>(`/jobs/${jobId}/checkpoint-urls`, { names: [name] }, jobId);
    const url = answer?.urls[0]?.uploadUrl;
    if (!url) throw new Error('the platform returned no upload URL');
    const res = await fetch(url, { method: 'PUT', body: new Uint8Array(body), headers: { 'Content-Type': contentType } });
    if (!res.ok) throw new Error(`checkpoint upload answered ${res.status}`);
  }

  async complete(jobId: string, checkpoints: string[]): Promise<void> {
    await this.post(`/jobs/${jobId}/complete`, { checkpoints }, jobId);
  }

  async fail(jobId: string, reason: string): Promise<void> {
    await this.post(`/jobs/${jobId}/fail`, { reason: reason.slice(0, 2000) }, jobId);
  }
}
