/**
 * What can go wrong when calling the Labeler, split by how the client reacts: transient failures
 * are retried (idempotent calls) and counted by the circuit breaker; 429 waits `Retry-After`;
 * the Labeler's own answers (404, 403, 400) are neither, and become GraphQL errors with our codes.
 */
import { isBrokenCircuitError } from 'cockatiel';
import type { GraphQLError } from 'graphql';
import type { ZodError } from 'zod';
import { appError, badInput, describeZodIssues, forbidden, mustBe, upstreamUnavailable } from '../errors';
import type { LabelerErrorBody } from './contract';

/** Network failure, timeout or 5xx: the Labeler is down or struggling. */
export class LabelerUnavailableError extends Error {
  override name = 'LabelerUnavailableError';
}

/** 429 Too Many Requests, with the wait the Labeler asked for. */
export class LabelerRateLimitedError extends Error {
  override name = 'LabelerRateLimitedError';
  constructor(readonly retryAfterMs: number) {
    super(`Labeler rate limit reached; retry after ${Math.ceil(retryAfterMs / 1000)} s`);
  }
}

/** A definite 4xx answer from the Labeler with its contract error body (null when the body is not one). */
export class LabelerResponseError extends Error {
  override name = 'LabelerResponseError';
  constructor(
    readonly status: number,
    readonly body: LabelerErrorBody | null,
  ) {
    super(`Labeler answered ${status}${body?.error ? ` ${body.error}` : ''}`);
  }
}

/**
 * A 2xx answer whose JSON is not the contract's shape (lib/labeler/contract.ts). Not transient: the
 * same call would get the same answer, so it is neither retried nor counted by the breaker.
 */
export class LabelerContractError extends Error {
  override name = 'LabelerContractError';
  constructor(path: string, error: ZodError) {
    super(`The Labeler's answer to ${path.split('?')[0]} breaks the contract: ${describeZodIssues(error)}`);
  }
}

/**
 * A cockatiel timeout. Checked by its marker property because cockatiel 3.2.1's own
 * `isTaskCancelledError` tests the wrong property and never matches.
 */
export const isTaskCancelledError = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { isTaskCancelledError?: unknown }).isTaskCancelledError === true;

/** Failures that say nothing about the request itself: worth another attempt and counted by the breaker. */
export const isTransient = (error: unknown): boolean => error instanceof LabelerUnavailableError || isTaskCancelledError(error);

/** `Retry-After: <seconds>` or an HTTP date → milliseconds (1 s when absent or unreadable). */
export function parseRetryAfter(header: string | null, now = Date.now()): number {
  if (!header) return 1000;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const date = Date.parse(header);
  return Number.isNaN(date) ? 1000 : Math.max(0, date - now);
}

export interface BackoffSettings {
  initialDelayMs: number;
  maxDelayMs: number;
  /** A 429 asking to wait longer than this is not retried; the client sees RATE_LIMITED. */
  maxRetryAfterMs: number;
}

/**
 * Delay before retry `attempt` (1-based): the Labeler's `Retry-After` when it sent one, otherwise
 * exponential backoff with full jitter so that many subgraph replicas do not retry in step.
 */
export function retryDelayMs(attempt: number, error: unknown, s: BackoffSettings, random = Math.random): number {
  if (error instanceof LabelerRateLimitedError) return error.retryAfterMs;
  const ceiling = Math.min(s.maxDelayMs, s.initialDelayMs * 2 ** (attempt - 1));
  return Math.round(random() * ceiling);
}

/** Map anything the client threw to a GraphQL error carrying one of our codes. */
export function toGraphQLError(error: unknown, context: { datasetId?: string }): GraphQLError {
  if (error instanceof LabelerResponseError) {
    const message = error.body?.message;
    if (error.status === 404 && error.body?.error === 'upload_not_found') {
      const id = String(error.body.upload_id ?? '');
      return appError('NOT_FOUND', `Upload ${id} does not exist.`, { id });
    }
    if (error.status === 413 && error.body?.error === 'file_too_large')
      return appError('UPLOAD_TOO_LARGE', message ?? 'The file is too large.', { maxBytes: error.body.max_bytes });
    if (error.status === 409 && (error.body?.error === 'upload_incomplete' || error.body?.error === 'upload_parts_rejected'))
      return appError('UPLOAD_INCOMPLETE', message ?? 'The upload is not complete.', { missingParts: error.body.missing_parts ?? [] });
    if (error.status === 409) return appError('CONFLICT', message ?? 'The upload is already complete.');
    if (error.status === 404) {
      const id = context.datasetId ?? String(error.body?.dataset_id ?? '');
      return appError('NOT_FOUND', `Dataset ${id} does not exist.`, { id });
    }
    if (error.status === 403) return forbidden(message ?? 'You do not have access to this dataset.');
    if (error.status === 400) {
      // One parameter named: the field the caller sent it as (the contract's snake_case in camelCase).
      const field = error.body?.field;
      const expected = error.body?.expected;
      if (typeof field === 'string' && typeof expected === 'string')
        return mustBe(
          field.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase()),
          expected,
        );
      return badInput(message ?? 'The Labeler rejected the request.');
    }
    // 401 means our service key is wrong: an operator problem, not the caller's.
    return upstreamUnavailable('Labeler', `The Labeler refused the request (${error.status}).`);
  }
  if (error instanceof LabelerRateLimitedError) {
    return appError('RATE_LIMITED', 'The Labeler is busy; try again shortly.', { retryAfterSeconds: Math.ceil(error.retryAfterMs / 1000) });
  }
  if (isBrokenCircuitError(error)) return upstreamUnavailable('Labeler', 'The Labeler is unavailable (circuit open); try again shortly.');
  if (isTaskCancelledError(error)) return upstreamUnavailable('Labeler', 'The Labeler did not answer in time.');
  if (error instanceof LabelerUnavailableError) return upstreamUnavailable('Labeler');
  return upstreamUnavailable('Labeler', 'Unexpected failure talking to the Labeler.');
}
