/**
 * The one way the platform talks to the Labeler (decisions.md #22): the keep-alive client of lib/http-client (decisions.md #8) with
 * `Authorization: Bearer <service key>` and the GraphQL request's `X-Request-ID`, wrapped in
 * cockatiel policies — a timeout per attempt, a circuit breaker shared by every call, and retries
 * with jittered backoff (or `Retry-After`) for idempotent calls only. Every answer is checked
 * against the contract's schema (./contract.ts) before anything reads it. Failures surface as
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
import type { z } from 'zod';
import { createLeanFetch } from '../http-client';
import type { Logger } from '../log';
import {
  batchResponseSchema,
  datasetListSchema,
  datasetSchema,
  downloadUrlSchema,
  finalizeSchema,
  imagesSchema,
  uploadPartSchema,
  uploadSchema,
  labelerErrorSchema,
  permissionSchema,
  grantSchema,
  revokeSchema,
  type PermissionLevel,
  type LabelerGrant,
  type LabelerRevoke,
  type LabelerBatch,
  type LabelerBatchRequest,
  type LabelerCreateDataset,
  type LabelerFinalize,
  type LabelerUpload,
  type LabelerDataset,
  type LabelerDatasetPage,
  type LabelerDownloadUrl,
  type LabelerDownloadUrlRequest,
  type LabelerImages,
  type LabelerPermission,
} from './contract';
import {
  isTransient,
  LabelerContractError,
  LabelerRateLimitedError,
  LabelerResponseError,
  LabelerUnavailableError,
  parseRetryAfter,
  retryDelayMs,
  toGraphQLError,
  type BackoffSettings,
} from './labeler-errors';

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
  /** `offset` and `annotations` are contract extensions (paging, boxes and statistics). */
  getImages(datasetId: string, input: { limit: number; offset?: number; annotations?: boolean; userId?: string }): Promise<LabelerImages>;
  /** Management calls; `actingUserId` omitted: the platform has authorised the caller itself (platform admins). */
  createDataset(input: LabelerCreateDataset): Promise<LabelerDataset>;
  startUpload(datasetId: string, input: { path: string; sizeBytes: number; contentType: string; actingUserId?: string }): Promise<LabelerUpload>;
  getUpload(datasetId: string, uploadId: string, actingUserId?: string): Promise<LabelerUpload>;
  recordUploadPart(
    datasetId: string,
    uploadId: string,
    input: { partNumber: number; etag: string; actingUserId?: string },
  ): Promise<{ part_number: number; etag: string }>;
  completeUpload(datasetId: string, uploadId: string, actingUserId?: string): Promise<LabelerUpload>;
  finalizeDataset(datasetId: string, actingUserId?: string): Promise<LabelerFinalize>;
  /** Give `userId` the level on the dataset (the platform has authorised the caller itself). */
  grantPermission(datasetId: string, userId: string, level: PermissionLevel): Promise<LabelerGrant>;
  /** Remove `userId`'s grant; `revoked` false when there was none. */
  revokePermission(datasetId: string, userId: string): Promise<LabelerRevoke>;
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
  /** Finalize (reads and archives a whole dataset) and completing an upload (the bucket assembles the parts): their one attempt may take this long (default 10 minutes). */
  finalizeTimeoutMs?: number;
  maxRetries: number;
  breakerThreshold: number;
  halfOpenAfterMs: number;
  backoff?: Partial<BackoffSettings>;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

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

  const retryable = (error: Error) => isTransient(error) || (error instanceof LabelerRateLimitedError && error.retryAfterMs <= backoff.maxRetryAfterMs);
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
  // Not under the breaker: a slow finalize is the dataset's size, not the Labeler failing.
  const long: IPolicy = timeout(settings.finalizeTimeoutMs ?? 600_000, { strategy: TimeoutStrategy.Aggressive, abortOnReturn: false });
  // Kept-alive sockets to the Labeler, on a client lighter than the global fetch (lib/http-client).
  const fetch = createLeanFetch();

  async function attempt<S extends z.ZodType>(
    method: Method,
    path: string,
    answer: S,
    body: unknown,
    requestId: string,
    signal: AbortSignal,
  ): Promise<z.infer<S>> {
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
    if (res.ok) {
      const parsed = answer.safeParse(await res.json());
      if (!parsed.success) throw new LabelerContractError(path, parsed.error);
      return parsed.data;
    }
    const payload = labelerErrorSchema.safeParse(await res.json().catch(() => null)).data ?? null;
    if (res.status === 429) throw new LabelerRateLimitedError(parseRetryAfter(res.headers.get('retry-after')));
    if (res.status >= 500) throw new LabelerUnavailableError(`Labeler answered ${res.status}`);
    if (res.status === 401) log.error({ requestId }, 'the Labeler rejected LABELER_SERVICE_KEY');
    throw new LabelerResponseError(res.status, payload);
  }

  async function call<S extends z.ZodType>(
    method: Method,
    path: string,
    answer: S,
    opts: {
      requestId: string;
      body?: LabelerBatchRequest | LabelerDownloadUrlRequest | Record<string, unknown>;
      idempotent: boolean;
      datasetId?: string;
      long?: boolean;
    },
  ): Promise<z.infer<S>> {
    const policy = opts.long ? long : opts.idempotent ? idempotent : once;
    try {
      // A signal of the call's own: without one cockatiel hangs every call's abort listener on one
      // shared signal, and more than ten calls at once print MaxListenersExceededWarning.
      return await policy.execute(({ signal }) => attempt(method, path, answer, opts.body, opts.requestId, signal), new AbortController().signal);
    } catch (error) {
      if (!(error instanceof LabelerResponseError)) log.warn({ requestId: opts.requestId, path, err: error }, 'Labeler call failed');
      throw toGraphQLError(error, { datasetId: opts.datasetId });
    }
  }

  const enc = encodeURIComponent;
  const acting = (userId?: string) => (userId ? { acting_user_id: Number(userId) } : {});
  return {
    get circuitState() {
      return CircuitState[breaker.state]?.toLowerCase().replace('halfopen', 'half-open') ?? 'unknown';
    },
    forRequest: (requestId) => ({
      getDataset: (id) => call('GET', `/datasets/${enc(id)}`, datasetSchema, { requestId, idempotent: true, datasetId: id }),
      listDatasets: (q) => {
        const params = new URLSearchParams({ page: String(q.page), limit: String(q.limit) });
        if (q.userId) params.set('user_id', q.userId);
        if (q.visibility) params.set('visibility', q.visibility);
        if (q.labeled !== undefined) params.set('labeled', String(q.labeled));
        if (q.format) params.set('format', q.format);
        if (q.accessibleTo) params.set('accessible_to', q.accessibleTo);
        for (const tag of q.tags ?? []) params.append('tags', tag);
        return call('GET', `/datasets?${params}`, datasetListSchema, { requestId, idempotent: true });
      },
      // A POST, but read-only: safe to retry.
      batchGetDatasets: (ids, userId) =>
        call('POST', '/datasets/batch', batchResponseSchema, {
          requestId,
          idempotent: true,
          body: { dataset_ids: ids, ...(userId ? { user_id: Number(userId) } : {}) },
        }),
      getPermission: (datasetId, userId) =>
        call('GET', `/datasets/${enc(datasetId)}/permissions/${enc(userId)}`, permissionSchema, { requestId, idempotent: true, datasetId }),
      createDownloadUrl: (datasetId, input) =>
        call('POST', `/datasets/${enc(datasetId)}/download-url`, downloadUrlSchema, {
          requestId,
          idempotent: false,
          datasetId,
          body: { expires_in: input.expiresIn, ...(input.userId ? { user_id: Number(input.userId) } : {}) },
        }),
      getImages: (datasetId, input) => {
        const params = new URLSearchParams({ limit: String(input.limit) });
        if (input.offset) params.set('offset', String(input.offset));
        if (input.annotations) params.set('annotations', 'true');
        if (input.userId) params.set('user_id', input.userId);
        return call('GET', `/datasets/${enc(datasetId)}/images?${params}`, imagesSchema, { requestId, idempotent: true, datasetId });
      },
      createDataset: (input) => call('POST', '/datasets', datasetSchema, { requestId, idempotent: false, body: { ...input } }),
      startUpload: (datasetId, input) =>
        call('POST', `/datasets/${enc(datasetId)}/uploads`, uploadSchema, {
          requestId,
          idempotent: false,
          datasetId,
          body: { path: input.path, size_bytes: input.sizeBytes, content_type: input.contentType, ...acting(input.actingUserId) },
        }),
      getUpload: (datasetId, uploadId, actingUserId) =>
        call('GET', `/datasets/${enc(datasetId)}/uploads/${enc(uploadId)}${actingUserId ? `?user_id=${enc(actingUserId)}` : ''}`, uploadSchema, {
          requestId,
          idempotent: true,
          datasetId,
        }),
      // Recording the same ETag twice is harmless: safe to retry.
      recordUploadPart: (datasetId, uploadId, input) =>
        call('PUT', `/datasets/${enc(datasetId)}/uploads/${enc(uploadId)}/parts/${input.partNumber}`, uploadPartSchema, {
          requestId,
          idempotent: true,
          datasetId,
          body: { etag: input.etag, ...acting(input.actingUserId) },
        }),
      completeUpload: (datasetId, uploadId, actingUserId) =>
        call('POST', `/datasets/${enc(datasetId)}/uploads/${enc(uploadId)}/complete`, uploadSchema, {
          requestId,
          idempotent: false,
          long: true, // the bucket assembles the parts: as long as the file is large
          datasetId,
          body: acting(actingUserId),
        }),
      finalizeDataset: (datasetId, actingUserId) =>
        call('POST', `/datasets/${enc(datasetId)}/finalize`, finalizeSchema, {
          requestId,
          idempotent: false,
          long: true,
          datasetId,
          body: acting(actingUserId),
        }),
      // PUT and DELETE of one grant: repeating either leaves the same state, so both may be retried.
      grantPermission: (datasetId, userId, level) =>
        call('PUT', `/datasets/${enc(datasetId)}/permissions/${enc(userId)}`, grantSchema, {
          requestId,
          idempotent: true,
          datasetId,
          body: { permission_level: level },
        }),
      revokePermission: (datasetId, userId) =>
        call('DELETE', `/datasets/${enc(datasetId)}/permissions/${enc(userId)}`, revokeSchema, { requestId, idempotent: true, datasetId }),
    }),
  };
}
