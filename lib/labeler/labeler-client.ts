/**
 * The one way the platform talks to the Labeler (ARCHITECTURE decision 5): the keep-alive client of lib/http-client (docs/decisions.md 8) with
 * `Authorization: Bearer <service key>` and the GraphQL request's `X-Request-ID`, wrapped in
 * cockatiel policies — a timeout per attempt, a circuit breaker shared by every call, and retries
 * with jittered backoff (or `Retry-After`) for idempotent calls only. Failures surface as
 * GraphQL errors with NOT_FOUND / FORBIDDEN / BAD_USER_INPUT / RATE_LIMITED / UPSTREAM_UNAVAILABLE.
 */
import {
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  DelegateBackoff,
  handleWhen,
  retry,
  timeout,
  TimeoutStrategy,
  wrap,
  type IPolicy,
  type IRetryBackoffContext,
} from 'cockatiel';
import { createLeanFetch } from '../http-client';
import type { Logger } from '../log';
import {
  isTransient,
  LabelerRateLimitedError,
  LabelerResponseError,
  LabelerUnavailableError,
  parseRetryAfter,
  retryDelayMs,
  toGraphQLError,
  type BackoffSettings,
} from './labeler-errors';

/** A dataset as the Labeler contract returns it (seed 2.5.2). */
export interface LabelerDataset {
  id: string;
  name: string;
  description: string | null;
  format: string;
  labeled: boolean;
  storage_type: string;
  storage_path: string;
  visibility: 'public' | 'private' | 'organization';
  owner_id: number;
  num_classes: number;
  num_images: number;
  class_names: string[];
  tags: string[];
  created_at: string;
  updated_at: string;
}

export interface LabelerDatasetPage {
  datasets: LabelerDataset[];
  total: number;
  page: number;
  limit: number;
}

export interface LabelerBatch {
  /** `permission`: the batch extension's answer for the `user_id` sent; absent from a Labeler without it. */
  datasets: Array<LabelerDataset & { permission?: LabelerPermission }>;
  not_found: string[];
}

export interface LabelerPermission {
  has_access: boolean;
  permission_level: 'read_only' | 'read_write' | 'admin' | null;
  granted_at: string | null;
}

export interface LabelerDownloadUrl {
  download_url: string;
  expires_at: string;
}

export interface LabelerImages {
  images: Array<{ key: string; url: string; size_bytes?: number | null }>;
  total: number;
}

export interface DatasetListQuery {
  userId?: string;
  visibility?: string;
  labeled?: boolean;
  tags?: string[];
  format?: string;
  /** Reference-Labeler extension: only what this user may read (public, owned or granted). */
  accessibleTo?: string;
  page: number;
  limit: number;
}

/** The Labeler API bound to one GraphQL request (its `X-Request-ID`). */
export interface LabelerApi {
  getDataset(id: string): Promise<LabelerDataset>;
  listDatasets(query: DatasetListQuery): Promise<LabelerDatasetPage>;
  /** With `userId` (batch extension), each dataset may also carry that user's permission. */
  batchGetDatasets(ids: string[], userId?: string): Promise<LabelerBatch>;
  getPermission(datasetId: string, userId: string): Promise<LabelerPermission>;
  /** `userId` omitted: the platform has authorised the caller itself (platform admins). */
  createDownloadUrl(datasetId: string, input: { expiresIn: number; userId?: string }): Promise<LabelerDownloadUrl>;
  getImages(datasetId: string, input: { limit: number; userId?: string }): Promise<LabelerImages>;
}

export interface LabelerClient {
  forRequest(requestId: string): LabelerApi;
  /** `closed`, `open`, `half-open` or `isolated`, for health and logs. */
  readonly circuitState: string;
}

export interface LabelerClientSettings {
  baseUrl: string;
  serviceKey: string;
  timeoutMs: number;
  maxRetries: number;
  breakerThreshold: number;
  halfOpenAfterMs: number;
  backoff?: Partial<BackoffSettings>;
}

type Method = 'GET' | 'POST';

export function createLabelerClient(settings: LabelerClientSettings, log: Logger): LabelerClient {
  const base = settings.baseUrl.replace(/\/+$/, '') + '/api/v1';
  const backoff: BackoffSettings = { initialDelayMs: 100, maxDelayMs: 2000, maxRetryAfterMs: 5000, ...settings.backoff };

  const breaker = circuitBreaker(handleWhen(isTransient), {
    halfOpenAfter: settings.halfOpenAfterMs,
    breaker: new ConsecutiveBreaker(settings.breakerThreshold),
  });
  breaker.onBreak(() => log.warn('Labeler circuit opened: calls fail fast until a trial call succeeds'));
  breaker.onHalfOpen(() => log.info('Labeler circuit half-open: trying one call'));
  breaker.onReset(() => log.info('Labeler circuit closed: the Labeler answers again'));

  const retryable = (error: Error) =>
    isTransient(error) || (error instanceof LabelerRateLimitedError && error.retryAfterMs <= backoff.maxRetryAfterMs);
  const retries = retry(handleWhen(retryable), {
    maxAttempts: settings.maxRetries,
    backoff: new DelegateBackoff((ctx: IRetryBackoffContext<unknown>) =>
      retryDelayMs(ctx.attempt, 'error' in ctx.result ? ctx.result.error : undefined, backoff),
    ),
  });
  // An attempt returns only once its response is read, so nothing is left to abort then. cockatiel's
  // default aborts anyway, and building that abort's DOMException cost 7 % of this subgraph's CPU.
  const perAttempt = timeout(settings.timeoutMs, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  // Retries sit outside the breaker so that each attempt counts and an open circuit is not retried.
  const idempotent: IPolicy = wrap(retries, breaker, perAttempt);
  const once: IPolicy = wrap(breaker, perAttempt);
  // Kept-alive sockets to the Labeler, on a client lighter than the global fetch (lib/http-client).
  const fetch = createLeanFetch();

  async function attempt<T>(method: Method, path: string, body: unknown, requestId: string, signal: AbortSignal): Promise<T> {
    let res: Awaited<ReturnType<typeof fetch>>;
    try {
      res = await fetch(`${base}${path}`, {
        method,
        signal,
        headers: {
          Authorization: `Bearer ${settings.serviceKey}`,
          'X-Request-ID': requestId,
          Accept: 'application/json',
          ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (error) {
      const cause = (error as { code?: string }).code ?? (error as Error).message;
      throw new LabelerUnavailableError(`Labeler unreachable (${cause})`);
    }
    if (res.ok) return (await res.json()) as T;
    const payload = (await res.json().catch(() => null)) as LabelerResponseError['body'];
    if (res.status === 429) throw new LabelerRateLimitedError(parseRetryAfter(res.headers.get('retry-after')));
    if (res.status >= 500) throw new LabelerUnavailableError(`Labeler answered ${res.status}`);
    if (res.status === 401) log.error({ requestId }, 'the Labeler rejected LABELER_SERVICE_KEY');
    throw new LabelerResponseError(res.status, payload);
  }

  async function call<T>(method: Method, path: string, opts: { requestId: string; body?: unknown; idempotent: boolean; datasetId?: string }): Promise<T> {
    const policy = opts.idempotent ? idempotent : once;
    try {
      return await policy.execute(({ signal }) => attempt<T>(method, path, opts.body, opts.requestId, signal));
    } catch (error) {
      if (!(error instanceof LabelerResponseError)) log.warn({ requestId: opts.requestId, path, err: error }, 'Labeler call failed');
      throw toGraphQLError(error, { datasetId: opts.datasetId });
    }
  }

  const enc = encodeURIComponent;
  return {
    get circuitState() {
      return CircuitState[breaker.state]?.toLowerCase().replace('halfopen', 'half-open') ?? 'unknown';
    },
    forRequest: (requestId) => ({
      getDataset: (id) => call('GET', `/datasets/${enc(id)}`, { requestId, idempotent: true, datasetId: id }),
      listDatasets: (q) => {
        const params = new URLSearchParams({ page: String(q.page), limit: String(q.limit) });
        if (q.userId) params.set('user_id', q.userId);
        if (q.visibility) params.set('visibility', q.visibility);
        if (q.labeled !== undefined) params.set('labeled', String(q.labeled));
        if (q.format) params.set('format', q.format);
        if (q.accessibleTo) params.set('accessible_to', q.accessibleTo);
        for (const tag of q.tags ?? []) params.append('tags', tag);
        return call('GET', `/datasets?${params}`, { requestId, idempotent: true });
      },
      // A POST, but read-only: safe to retry.
      batchGetDatasets: (ids, userId) =>
        call('POST', '/datasets/batch', { requestId, idempotent: true, body: { dataset_ids: ids, ...(userId ? { user_id: Number(userId) } : {}) } }),
      getPermission: (datasetId, userId) =>
        call('GET', `/datasets/${enc(datasetId)}/permissions/${enc(userId)}`, { requestId, idempotent: true, datasetId }),
      createDownloadUrl: (datasetId, input) =>
        call('POST', `/datasets/${enc(datasetId)}/download-url`, {
          requestId,
          idempotent: false,
          datasetId,
          body: { expires_in: input.expiresIn, ...(input.userId ? { user_id: Number(input.userId) } : {}) },
        }),
      getImages: (datasetId, input) => {
        const params = new URLSearchParams({ limit: String(input.limit) });
        if (input.userId) params.set('user_id', input.userId);
        return call('GET', `/datasets/${enc(datasetId)}/images?${params}`, { requestId, idempotent: true, datasetId });
      },
    }),
  };
}
