/**
 * What a route of the Labeler's `/api/v1` is: a function from a parsed request to a reply, never
 * touching the socket. The router (api.ts), the rate limits (rate-limit.ts) and the routes
 * (dataset.routes.ts, manage.routes.ts) all build on these; this module imports none of them.
 */
import type { ZodError } from 'zod';
import { describeZodIssues } from '../lib/errors';
import { invalidRequest } from './errors';

export type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequest {
  method: string;
  /** Below the prefix, e.g. `/datasets/ds_1/download-url`. */
  path: string;
  params: Record<string, string>;
  /** Repeated keys give arrays (`tags=a&tags=b`), like any URL query. */
  query: Record<string, string | string[] | undefined>;
  /** The parsed JSON object or array; `undefined` when the request has no JSON body. */
  body: unknown;
  requestId: string;
}

export interface ApiReply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

export type ApiHandler = (req: ApiRequest) => Promise<ApiReply>;

export interface ApiRoute {
  method: Method;
  /** Express-style pattern below the prefix: `/datasets/:id/download-url`. */
  path: string;
  handler: ApiHandler;
}

/** Counters the router and the routes keep (tests and `/metrics` read them). */
export interface LabelerStats {
  /** Requests to `/api/v1`, authorised or not. */
  requests: number;
  /** `POST /api/v1/datasets/batch` calls. */
  batchCalls: number;
  /** `GET /api/v1/datasets/{id}/permissions/{user_id}` calls. */
  permissionChecks: number;
  /** Requests refused with 429 by the rate limit. */
  rateLimited: number;
  /** `X-Request-ID` of the latest API request (lets tests follow a request across services). */
  lastRequestId: string | null;
}

export const reply = (status: number, body: unknown, headers?: Record<string, string>): ApiReply => ({ status, body, headers });
export const ok = (body: unknown): ApiReply => reply(200, body);
export const route = (method: Method, path: string, handler: ApiHandler): ApiRoute => ({ method, path, handler });
/** 400 `invalid_request`, naming each invalid field of a zod error (`expires_in: Number must be …`). */
export const badRequest = (error: ZodError | string): ApiReply => reply(400, invalidRequest(typeof error === 'string' ? error : describeZodIssues(error)));
