/** HTTP plumbing shared by every service: listen on a port (0 = free port), health, request ids, bodies. */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Request, Response } from 'express';

export interface RunningService {
  name: string;
  /** Base URL, e.g. `http://127.0.0.1:4001`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function listen(server: http.Server, host: string, port: number): Promise<number> {
  // Callers (the gateway, the trainer) keep connections alive; Node's 5 s default closes them
  // under their feet and a request racing the close fails with ECONNRESET.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Close a server, ending keep-alive sockets so tests and Ctrl-C do not hang. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}

/** The caller's `X-Request-ID` when it is well-formed, else a new one (callers echo it on the response). */
export function requestIdOf(req: { headers: http.IncomingHttpHeaders }): string {
  const header = req.headers['x-request-id'];
  const value = Array.isArray(header) ? header[0] : header;
  return value && /^[\w.:-]{1,128}$/.test(value) ? value : randomUUID();
}

/** `GET /health` (kept for existing probes) → `{ status: "ok", service }`; `check` may throw to report "unavailable" (503). */
export function healthHandler(service: string, check?: () => Promise<void>) {
  return async (_req: Request, res: Response) => {
    try {
      await check?.();
      res.json({ status: 'ok', service });
    } catch (error) {
      res.status(503).json({ status: 'unavailable', service, reason: error instanceof Error ? error.message : String(error) });
    }
  };
}

/** What a service needs to answer: each named check resolves when that database, bucket or upstream answers. */
export type ReadinessChecks = Record<string, () => Promise<unknown>>;

/** How long one readiness check may take before it counts as failed. */
export const READINESS_TIMEOUT_MS = 3000;

/** `GET /health/live`: the process is up and its event loop answers; nothing else is asked. */
export function liveHandler(service: string) {
  return (_req: Request, res: Response) => void res.json({ status: 'ok', service });
}

/**
 * `GET /health/ready`: every check runs at once, each within READINESS_TIMEOUT_MS. 200 with
 * `{ status: "ok", service, checks }` when all answer; 503 with `failed` naming the ones that did
 * not. Only the names and `ok` / `unavailable` / `timeout` go out: no URL, host or error text.
 */
export function readyHandler(service: string, checks: ReadinessChecks, timeoutMs = READINESS_TIMEOUT_MS) {
  return async (_req: Request, res: Response) => {
    const results = await Promise.all(
      Object.entries(checks).map(async ([name, check]) => {
        let timer: NodeJS.Timeout | undefined;
        const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
        const outcome = await Promise.race([
          check().then(
            () => 'ok' as const,
            () => 'unavailable' as const,
          ),
          timeout,
        ]);
        clearTimeout(timer);
        return [name, outcome] as const;
      }),
    );
    const failed = results.filter(([, outcome]) => outcome !== 'ok').map(([name]) => name);
    const body = { status: failed.length === 0 ? 'ok' : 'unavailable', service, checks: Object.fromEntries(results) };
    res.setHeader('Cache-Control', 'no-store');
    if (failed.length > 0) res.status(503).json({ ...body, failed });
    else res.json(body);
  };
}

/** `GET url` answers 2xx within READINESS_TIMEOUT_MS (an upstream's health endpoint). */
export async function answers(url: string): Promise<void> {
  const response = await fetch(url, { signal: AbortSignal.timeout(READINESS_TIMEOUT_MS) });
  await response.body?.cancel();
  if (!response.ok) throw new Error(`${response.status}`);
}

/** The health URL of a service given one of its URLs (`http://h:4001/graphql` → `http://h:4001/health/live`). */
export const healthUrlOf = (serviceUrl: string, path = '/health/live') => new URL(path, serviceUrl).toString();

/**
 * The whole request body, or `null` once it passes `limitBytes` (declared or counted). A body over
 * the limit is still read to its end, without being kept, so the answer reaches the client
 * instead of a reset; the server's `requestTimeout` bounds one that never ends.
 */
export function readBodyWithin(req: http.IncomingMessage, limitBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = Number(req.headers['content-length']) > limitBytes;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > limitBytes) {
        over = true;
        chunks.length = 0;
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(over ? null : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Answer with a JSON body and its length; `head`: headers only (a HEAD request). */
export function sendJson(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, head = false): void {
  const text = JSON.stringify(body);
  res.statusCode = status;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/json; charset=utf-8');
  res.setHeader('Content-Length', Buffer.byteLength(text));
  res.end(head ? undefined : text);
}
