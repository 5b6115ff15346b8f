/**
 * The one registry of error codes. Every error a client can see carries one of these codes in
 * `extensions.code`; anything else is an internal error, logged with its request id and masked.
 */
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ZodError } from 'zod';

export const ERROR_CODES = {
  UNAUTHENTICATED: 'No valid credentials were sent, or they have expired.',
  FORBIDDEN: 'The caller is authenticated but its role or permissions do not allow this.',
  NOT_FOUND: 'The object does not exist or is not visible to the caller.',
  BAD_USER_INPUT: 'An argument is invalid; `extensions.fields` names the offending fields.',
  RATE_LIMITED: 'Too many requests; retry after `extensions.retryAfterSeconds`.',
  UPSTREAM_UNAVAILABLE: 'A service this field depends on (e.g. the Labeler) is down or too slow.',
  CONFLICT: 'The request conflicts with the current state (e.g. an illegal status change).',
  INTERNAL_SERVER_ERROR: 'Unexpected failure; the server log has the details under the request id.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

export function appError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

export const unauthenticated = (message = 'You must be logged in.') => appError('UNAUTHENTICATED', message);
export const forbidden = (message = 'You are not allowed to do this.') => appError('FORBIDDEN', message);
export const notFound = (what: string, id: string) => appError('NOT_FOUND', `${what} ${id} does not exist.`, { id });
export const badInput = (message: string, fields: Record<string, string> = {}) =>
  appError('BAD_USER_INPUT', message, { fields });
export const conflict = (message: string) => appError('CONFLICT', message);
export const upstreamUnavailable = (service: string, message?: string) =>
  appError('UPSTREAM_UNAVAILABLE', message ?? `${service} is unavailable; try again shortly.`, { service });

const KNOWN = new Set<string>([...Object.keys(ERROR_CODES), 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE']);

/**
 * Apollo `formatError`: known codes pass through; anything else becomes a masked
 * INTERNAL_SERVER_ERROR outside development. Stack traces never leave the process in production.
 */
export function createFormatError(opts: { exposeInternals: boolean; log?: (err: unknown) => void }) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && KNOWN.has(code)) {
      if (opts.exposeInternals) return formatted;
      const { stacktrace: _drop, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions };
    }
    opts.log?.(error);
    if (opts.exposeInternals) return formatted;
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      ...(formatted.locations ? { locations: formatted.locations } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}

/** The message of a REST `invalid_request` (Labeler, worker API): each invalid field and why, `a.b: reason; …`. */
export const describeZodIssues = (error: ZodError): string => error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
