import { describe, expect, it } from '@jest/globals';
import { BrokenCircuitError, TaskCancelledError } from 'cockatiel';
import {
  isTransient,
  LabelerRateLimitedError,
  LabelerResponseError,
  LabelerUnavailableError,
  parseRetryAfter,
  retryDelayMs,
  toGraphQLError,
} from './labeler-errors';

const backoff = { initialDelayMs: 100, maxDelayMs: 1000, maxRetryAfterMs: 5000 };

describe('Labeler retry timing', () => {
  it('waits what Retry-After asks, in seconds or as an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4_000)).toBe(6000);
    expect(parseRetryAfter(null)).toBe(1000);
    expect(retryDelayMs(1, new LabelerRateLimitedError(2500), backoff)).toBe(2500);
  });

  it('backs off exponentially with full jitter, capped', () => {
    expect(retryDelayMs(1, new LabelerUnavailableError('down'), backoff, () => 0.999)).toBe(100);
    expect(retryDelayMs(3, new LabelerUnavailableError('down'), backoff, () => 0.999)).toBe(400);
    expect(retryDelayMs(10, new LabelerUnavailableError('down'), backoff, () => 0.999)).toBe(999);
    expect(retryDelayMs(3, new LabelerUnavailableError('down'), backoff, () => 0)).toBe(0);
  });

  it('counts only outages and timeouts as transient, never a definite answer', () => {
    expect(isTransient(new LabelerUnavailableError('down'))).toBe(true);
    expect(isTransient(new TaskCancelledError())).toBe(true);
    expect(isTransient(new LabelerResponseError(404, null))).toBe(false);
    expect(isTransient(new LabelerRateLimitedError(1000))).toBe(false);
  });
});

describe('Labeler errors as GraphQL errors', () => {
  const code = (error: unknown) => toGraphQLError(error, { datasetId: 'ds_1' }).extensions.code;

  it('maps each Labeler answer to a stable code', () => {
    expect(code(new LabelerResponseError(404, { error: 'dataset_not_found', message: 'Dataset ds_1 does not exist' }))).toBe('NOT_FOUND');
    expect(code(new LabelerResponseError(403, { error: 'permission_denied', message: 'no' }))).toBe('FORBIDDEN');
    expect(code(new LabelerResponseError(400, { error: 'invalid_request', message: 'bad' }))).toBe('BAD_USER_INPUT');
    expect(code(new LabelerResponseError(401, { error: 'unauthorized', message: 'key' }))).toBe('UPSTREAM_UNAVAILABLE');
    expect(code(new LabelerRateLimitedError(9000))).toBe('RATE_LIMITED');
    expect(toGraphQLError(new LabelerRateLimitedError(9000), {}).extensions.retryAfterSeconds).toBe(9);
    for (const outage of [new LabelerUnavailableError('down'), new TaskCancelledError(), new BrokenCircuitError(), new Error('?')]) {
      expect(code(outage)).toBe('UPSTREAM_UNAVAILABLE');
    }
  });
});
