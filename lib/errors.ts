/**
 * The one registry of error codes. Every error a client can see carries one of these codes in
 * `extensions.code` and is built here; anything else is an internal error, logged with its request
 * id and masked. `docs/errors.md` is generated from this list (`npm run errors:doc`).
 */
import { unwrapResolverError } from '@apollo/server/errors';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { ZodError } from 'zod';
import { DATABASE_FAILURE_MESSAGE, databaseFailureOf } from './db-errors';
// zod's messages in the platform's wording, for zodIssues below and every other zod message.
import './validation-wording';

export interface ErrorCodeDefinition {
  code: string;
  description: string;
  /**
   * The HTTP status of an answer refused with this code before execution (`requestError`). An
   * error raised while resolving a field rides in a 200 answer beside the data, whatever its code.
   */
  httpStatus: number;
  /** Where the code is raised and what HTTP status each path answers with (for docs/errors.md). */
  raisedBy: string;
  /** Raised by Apollo Server itself and passed through unchanged. */
  fromApollo: boolean;
}

const makeCodeDefinition = <C extends string>(code: C, description: string, httpStatus: number, raisedBy: string, fromApollo = false) =>
  ({ code, description, httpStatus, raisedBy, fromApollo }) satisfies ErrorCodeDefinition;

export const ERROR_CODES = {
  UNAUTHENTICATED: makeCodeDefinition(
    'UNAUTHENTICATED',
    'No valid credentials were sent, or they have expired.',
    401,
    'A bad or expired token, or a deactivated account, refuses the whole request with 401 (gateway and subgraphs). ' +
      'An anonymous caller of a root field that needs a login gets 401 from the gateway. A resolver (wrong password, ' +
      'expired refresh token) answers 200 with the error. Over WebSocket it is an `error` message.',
  ),
  FORBIDDEN: makeCodeDefinition(
    'FORBIDDEN',
    'The caller is authenticated but its role or permissions do not allow this.',
    403,
    "A root field above the caller's role is refused by the gateway with 403; a resolver answers 200 with the error.",
  ),
  NOT_FOUND: makeCodeDefinition(
    'NOT_FOUND',
    'The object does not exist or is not visible to the caller.',
    404,
    'Resolvers only: a field error in a 200 answer (`data` beside it). Over WebSocket, an event the subscriber may no longer see.',
  ),
  BAD_USER_INPUT: makeCodeDefinition(
    'BAD_USER_INPUT',
    'An argument is invalid; `extensions.fields` names each offending field with what its value must be ("between 1 and 100", "one of coco, yolo, voc"), the words a form shows under the field.',
    400,
    'Resolvers answer 200 with the error; Apollo Server refuses variables that do not coerce with 400, and the gateway and ' +
      'every subgraph refuse text holding a NUL (U+0000) character with 400 (`fields` names the argument). A value PostgreSQL ' +
      'refuses (out of range, not valid text) answers this code too, and so does a name or description holding a control or text-direction ' +
      'character ("free of control and text-direction characters (U+202E found)"). Over WebSocket, a subscription whose variables or selection cannot be planned.',
  ),
  RATE_LIMITED: makeCodeDefinition(
    'RATE_LIMITED',
    'Too many requests; retry after `extensions.retryAfterSeconds`.',
    429,
    "Resolvers (login throttling, the Labeler's rate limit): a field error in a 200 answer. The gateway's rate limit per user and per " +
      'address refuses a whole HTTP request with 429 and `Retry-After`; over WebSocket it is an `error` message for the operation ' +
      '(the socket stays open), or close code 1013 (try again later) for a connection over the address limit.',
  ),
  TOO_MANY_SUBSCRIPTIONS: makeCodeDefinition(
    'TOO_MANY_SUBSCRIPTIONS',
    'A subscription over a budget of its WebSocket or its user (active subscriptions, distinct documents, subscribed objects); ' +
      '`extensions` has `limit` (`subscriptions`, `documents` or `upstreams`), `scope` (`socket` or `user`) and `max`.',
    429,
    'WebSocket only: the gateway refuses the subscription with an `error` message before opening anything; see the Limits table in docs/operations.md.',
  ),
  UPSTREAM_UNAVAILABLE: makeCodeDefinition(
    'UPSTREAM_UNAVAILABLE',
    'A service this field depends on (a database, a subgraph, the Labeler) is down or too slow; `extensions.service` says which.',
    503,
    "A field error in a 200 answer (a subgraph, the Labeler or a database unreachable; the message never carries the driver's words). " +
      'Refused with 503 when the caller cannot even be checked (its account store is down). Over WebSocket, a subscription whose service is gone.',
  ),
  CONFLICT: makeCodeDefinition(
    'CONFLICT',
    'The request conflicts with the current state (e.g. an illegal status change).',
    409,
    'Resolvers only: a field error in a 200 answer.',
  ),
  SNAPSHOT_SOURCE_CHANGED: makeCodeDefinition(
    'SNAPSHOT_SOURCE_CHANGED',
    "An object of the dataset changed between the snapshot's listing and the copy of its bytes; `extensions.key` names it when known. " +
      'Creating the job again snapshots the current objects.',
    409,
    'createTrainingJob: a field error in a 200 answer when the copy made before the job is created finds a changed object. A copy made ' +
      'after the job was created fails the job instead (status FAILED, `errorMessage`, and `code` in its status event).',
  ),
  UPLOAD_TOO_LARGE: makeCodeDefinition(
    'UPLOAD_TOO_LARGE',
    'A dataset file is larger than one upload may carry; `extensions.maxBytes` is the limit (`LABELER_UPLOAD_MAX_BYTES`).',
    413,
    'Resolvers only (`startDatasetUpload`): a field error in a 200 answer.',
  ),
  UPLOAD_INCOMPLETE: makeCodeDefinition(
    'UPLOAD_INCOMPLETE',
    'A dataset upload cannot be completed yet: parts are missing (`extensions.missingParts`) or the bucket rejected them; upload those parts again.',
    409,
    'Resolvers only (`completeDatasetUpload`): a field error in a 200 answer.',
  ),
  BAD_REQUEST: makeCodeDefinition(
    'BAD_REQUEST',
    'The HTTP request itself is malformed: not JSON, too large, a subscription over HTTP, no operation to run.',
    400,
    'Refused before execution with 400 (413 for a body over the size limit). Apollo Server raises it too for requests it cannot read.',
  ),
  OPERATION_TOO_COMPLEX: makeCodeDefinition(
    'OPERATION_TOO_COMPLEX',
    'The document is over an operation limit (tokens, depth, aliases, directives or estimated cost), or a request needs more ' +
      'Labeler calls than one request may make; `extensions` has `limit`, `max` and `actual` (no `actual` for tokens: counting ' +
      'stops at the limit, nor for `labelerCalls`: the calls beyond the cap are never made).',
    400,
    'Refused with 400 before parsing and execution by the gateway (HTTP and WebSocket; anonymous callers have lower limits) ' +
      'and by each subgraph (depth); see the Limits table in docs/operations.md. Over WebSocket it is an `error` message. ' +
      'The datasets and platform subgraphs raise it as a field error in a 200 answer (`limit: "labelerCalls"`) on each field past ' +
      '`LABELER_MAX_CALLS_PER_REQUEST` Labeler calls; the fields before it keep their data.',
  ),
  NOT_AN_IMAGE: makeCodeDefinition(
    'NOT_AN_IMAGE',
    'An uploaded file (or the body behind an image URL) is not an image the model can read (PNG).',
    415,
    'The inference endpoint (`POST /inference/v1/deployments/{id}/predict`) refuses the request with 415; `extensions.index` names the image.',
  ),
  IMAGE_TOO_LARGE: makeCodeDefinition(
    'IMAGE_TOO_LARGE',
    'An image is over the size limit of the inference endpoint; `extensions.max` is the limit in bytes.',
    413,
    'The inference endpoint refuses the request with 413 (`INFERENCE_MAX_IMAGE_BYTES`); see the Limits table in docs/operations.md.',
  ),
  IMAGE_WRONG_SIZE: makeCodeDefinition(
    'IMAGE_WRONG_SIZE',
    "An image's width or height does not fit the model: smaller than its input grid or over the longest side the endpoint decodes; " +
      '`extensions` has `width`, `height`, `min` and `max`.',
    422,
    "The inference endpoint refuses the request with 422 (`INFERENCE_MAX_IMAGE_SIDE`, the model's `vision_platform.input_size`).",
  ),
  DEPLOYMENT_NOT_READY: makeCodeDefinition(
    'DEPLOYMENT_NOT_READY',
    'The deployment does not serve predictions: it is still PENDING, has FAILED or was STOPPED; `extensions.status` says which.',
    409,
    'The inference endpoint refuses the request with 409; `stopDeployment` on a deployment that is already stopped answers it as a field error.',
  ),
  INTERNAL_SERVER_ERROR: makeCodeDefinition(
    'INTERNAL_SERVER_ERROR',
    'Unexpected failure; the server log has the details under the request id.',
    500,
    'An error thrown without a registry code (a plain `Error`, a driver failure) or with a code not in this registry is logged with the ' +
      'request id and answered as this code with the message "Internal server error" outside development (a field error in a 200 answer, ' +
      'or 500 when the request could not be answered at all).',
  ),
  GRAPHQL_PARSE_FAILED: makeCodeDefinition(
    'GRAPHQL_PARSE_FAILED',
    'The query is not valid GraphQL syntax.',
    400,
    'Apollo Server refuses the request with 400; over WebSocket it is an `error` message.',
    true,
  ),
  GRAPHQL_VALIDATION_FAILED: makeCodeDefinition(
    'GRAPHQL_VALIDATION_FAILED',
    'The query does not validate against the schema (unknown field, wrong argument type, …), or introspects where introspection is off.',
    400,
    'Apollo Server refuses the request with 400; so do the gateway and the subgraphs for introspection by a caller who may not ' +
      '(GRAPHQL_INTROSPECTION off: everyone but admins). Over WebSocket it is an `error` message.',
    true,
  ),
  PERSISTED_QUERY_NOT_FOUND: makeCodeDefinition(
    'PERSISTED_QUERY_NOT_FOUND',
    'An automatic persisted query hash is unknown; send the query text with it once.',
    200,
    'Apollo Server answers 200 so the client retries with the full query (the gateway knows the hashes of the operations manifest from the ' +
      'start). Over WebSocket, a subscription sent by an unknown hash is an `error` message with the same code and message.',
    true,
  ),
  PERSISTED_QUERY_NOT_ALLOWED: makeCodeDefinition(
    'PERSISTED_QUERY_NOT_ALLOWED',
    'The gateway runs only known documents (trusted documents) and this one is not in its operations manifest.',
    403,
    'With `TRUSTED_DOCUMENTS=only`, the gateway refuses a document (sent as text, or as a hash to register) that is not in ' +
      '`schema/operations-manifest.json` with 403, before parsing it, unless the caller is an admin. Over WebSocket it is an `error` message.',
  ),
  OPERATION_RESOLUTION_FAILURE: makeCodeDefinition(
    'OPERATION_RESOLUTION_FAILURE',
    'The document has several operations and `operationName` does not pick one of them.',
    400,
    'Refused with 400 before execution, by the gateway and by each subgraph. Over WebSocket it is an `error` message.',
    true,
  ),
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/** An error raised while resolving a field: it rides in a 200 answer beside the data. */
export function appError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...extensions, code } });
}

/** An error that refuses the whole request before execution, with the code's HTTP status. */
export function requestError(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return appError(code, message, { ...extensions, http: { status: ERROR_CODES[code].httpStatus } });
}

/** The GraphQL-shaped body of a request refused before it reached Apollo (lib/graphql-http.ts). */
export const errorBody = (code: ErrorCode, message: string) => ({ errors: [{ message, extensions: { code } }] });

export const unauthenticated = (message = 'You must be logged in.') => appError('UNAUTHENTICATED', message);
export const forbidden = (message = 'You are not allowed to do this.') => appError('FORBIDDEN', message);
export const notFound = (what: string, id: string) => appError('NOT_FOUND', `${what} ${id} does not exist.`, { id });
export const badInput = (message: string, fields: Record<string, string> = {}) => appError('BAD_USER_INPUT', message, { fields });
/**
 * BAD_USER_INPUT for one argument or input field. `expected` is what the value must be, in the words
 * a form shows under the field ("between 1 and 100", "one of coco, yolo, voc", "1 to 200
 * characters"; lib/validation-wording.ts `expectationOf` words zod's rules alike); the message
 * reads "`first` must be between 1 and 100."
 */
export const mustBe = (field: string, expected: string) => badInput(`\`${field}\` must be ${expected}.`, { [field]: expected });
/**
 * `value` when it is a whole number from `min` to `max` (a page size, a part number, an expiry);
 * otherwise BAD_USER_INPUT "`first` must be between 1 and 100." (`suffix` follows the bounds: "seconds").
 */
export function wholeNumberIn(field: string, value: number, min: number, max: number, suffix?: string): number {
  if (Number.isInteger(value) && value >= min && value <= max) return value;
  throw mustBe(field, `between ${min} and ${max}${suffix ? ` ${suffix}` : ''}`);
}
/** A page cursor this API did not hand out (forged, truncated, from another list). */
export const invalidCursor = (field = 'after') => mustBe(field, 'the endCursor of a previous page');
export const conflict = (message: string) => appError('CONFLICT', message);
export const upstreamUnavailable = (service: string, message?: string) =>
  appError('UPSTREAM_UNAVAILABLE', message ?? `${service} is unavailable; try again shortly.`, { service });

/**
 * The one rule for internals (stack traces, the messages of unexpected errors): shown in
 * development only. Tests and production see what a client would see.
 */
export const exposeInternals = (nodeEnv: string): boolean => nodeEnv === 'development';

const isRegistered = (code: unknown): code is ErrorCode => typeof code === 'string' && Object.hasOwn(ERROR_CODES, code);

/**
 * The code the error was raised with. Apollo gives a resolver's plain `Error` the code
 * INTERNAL_SERVER_ERROR before `formatError` sees it, so the formatted code alone would let a
 * driver's message (hosts, credentials) through; only a code the original error carries counts.
 */
function ownCode(formatted: GraphQLFormattedError, error: unknown): unknown {
  if (error === null || error === undefined) return formatted.extensions?.code;
  const original = unwrapResolverError(error);
  if (original instanceof GraphQLError) return original.extensions?.code;
  if (original instanceof Error) return undefined;
  // The gateway's errors from a subgraph wrap the subgraph's JSON error, already formatted there.
  return formatted.extensions?.code;
}

/** The 4xx HTTP status a GraphQLError of Apollo Server carries, if any. */
function clientErrorStatus(error: unknown): number | undefined {
  const original = error === null || error === undefined ? undefined : unwrapResolverError(error);
  if (!(original instanceof GraphQLError)) return undefined;
  const status = (original.extensions?.http as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' && status >= 400 && status < 500 ? status : undefined;
}

/**
 * Apollo `formatError` (and the subscription servers'): a registry code passes through, with a
 * stack trace only for INTERNAL_SERVER_ERROR when internals are exposed (an expected error is
 * explained by its message); an Apollo Server refusal with a 4xx status becomes BAD_REQUEST; any
 * other code is logged and, unless internals are exposed, becomes a masked INTERNAL_SERVER_ERROR.
 */
export function createFormatError(opts: {
  exposeInternals: boolean;
  /** An unexpected error (a bug). */
  log?: (err: unknown) => void;
  /** A database failure answered with its own code (lib/db-errors.ts): expected in an outage, logged as a warning. */
  warn?: (err: unknown, message: string) => void;
}) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const code = ownCode(formatted, error);
    // A database that is down, or a value PostgreSQL refused, is not a bug (lib/db-errors.ts).
    const failure = isRegistered(code) || error === null || error === undefined ? null : databaseFailureOf(unwrapResolverError(error));
    if (failure) {
      (opts.warn ?? ((err: unknown) => opts.log?.(err)))(error, failure === 'unavailable' ? 'database unavailable' : 'value refused by the database');
      return {
        message: DATABASE_FAILURE_MESSAGE[failure],
        ...(formatted.path ? { path: formatted.path } : {}),
        ...(formatted.locations ? { locations: formatted.locations } : {}),
        extensions: failure === 'unavailable' ? { code: 'UPSTREAM_UNAVAILABLE', service: 'database' } : { code: 'BAD_USER_INPUT', fields: {} },
      };
    }
    if (isRegistered(code)) {
      if (!formatted.extensions?.stacktrace || (code === 'INTERNAL_SERVER_ERROR' && opts.exposeInternals)) return formatted;
      const { stacktrace: _drop, ...extensions } = formatted.extensions;
      return { ...formatted, extensions };
    }
    // Apollo's own refusals of a malformed request (a persisted-query hash that does not match
    // its query, …) carry a 4xx status but no code of ours: they are the caller's mistake.
    const status = clientErrorStatus(error);
    if (status !== undefined) {
      const { stacktrace: _drop, http: _http, ...extensions } = formatted.extensions ?? {};
      return { ...formatted, extensions: { ...extensions, code: 'BAD_REQUEST' } };
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

/** Each invalid field of a REST `invalid_request` and why: `path` is `a.b` (`metrics.3.name`: list items by index), `body` for the whole. */
export const zodIssues = (error: ZodError): Array<{ path: string; message: string }> =>
  error.issues.map((i) => ({ path: i.path.map(String).join('.') || 'body', message: i.message }));
/** The message of a REST `invalid_request` (Labeler, worker API): each invalid field and why, `a.b: reason; …`. */
export const describeZodIssues = (error: ZodError): string =>
  zodIssues(error)
    .map((i) => `${i.path}: ${i.message}`)
    .join('; ');
