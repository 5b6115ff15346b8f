/**
 * The gateway forwards the inference endpoint (`/inference/v1/*`) to the platform subgraph, which
 * serves it (decisions.md #52): the body is streamed both ways, unread, so an image upload costs the
 * gateway no buffering; headers other than hop-by-hop ones pass through, with the request id and
 * the client address appended to `X-Forwarded-For`.
 */
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { Logger } from '../lib/log';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'te', 'trailer', 'transfer-encoding', 'upgrade', 'host']);

export function inferenceProxy(platformUrl: () => string | undefined, log: Logger) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  return (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse) => {
    const base = platformUrl();
    const unavailable = () => {
      if (res.headersSent) return void res.destroy();
      res.statusCode = 503;
      res.setHeader('content-type', 'application/json');
      res.end(
        JSON.stringify({
          errors: [{ message: 'The inference service is unavailable; try again shortly.', extensions: { code: 'UPSTREAM_UNAVAILABLE', service: 'platform' } }],
        }),
      );
    };
    if (!base) return unavailable();
    const target = new URL(req.originalUrl ?? req.url ?? '/', new URL(base).origin);
    const headers: http.OutgoingHttpHeaders = {};
    for (const [name, value] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) headers[name] = value;
    const incoming = req.headers['x-forwarded-for'];
    headers['x-forwarded-for'] = [Array.isArray(incoming) ? incoming.join(', ') : incoming, req.socket.remoteAddress].filter(Boolean).join(', ');
    const upstream = http.request(target, { method: req.method, headers, agent }, (answer) => {
      res.statusCode = answer.statusCode ?? 502;
      for (const [name, value] of Object.entries(answer.headers)) if (!HOP_BY_HOP.has(name) && value !== undefined) res.setHeader(name, value);
      answer.pipe(res);
    });
    upstream.on('error', (err) => {
      log.warn({ err }, 'inference request could not reach the platform');
      unavailable();
    });
    req.pipe(upstream);
  };
}
