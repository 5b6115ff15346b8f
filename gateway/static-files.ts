/**
 * The built console at `/` (SPA: unknown GET paths that want HTML get `index.html`) and the
 * self-hosted explorer at `/explorer`. Existence is checked per request so that a console built
 * after the gateway started is served without a restart. Every answer here carries the security
 * headers below.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import express, { type Express, type Request, type Response, type NextFunction } from 'express';

const NOT_BUILT = (what: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Vision Platform Graph</title></head>
<body style="font-family: sans-serif; max-width: 40rem; margin: 3rem auto">
<h1>The ${what} is not built</h1>
<p>Run <code>npm run build</code>, then reload this page. The GraphQL API is running at <code>/graphql</code>.</p>
</body></html>`;

/**
 * Both pages are bundles served from this origin (no inline script, nothing from a CDN); the
 * GraphQL API and its WebSocket are on the same origin too (`'self'` covers `ws:`/`wss:` of this
 * host). Monaco (the explorer's editor) inserts `<style>` elements and loads its workers from
 * same-origin module URLs, hence `'unsafe-inline'` for styles only. Dataset thumbnails are
 * presigned URLs of the object store (R2, MinIO, the local S3 server), an origin the gateway is not
 * told, so images may come from any http(s) origin; an image runs no code, and no referrer is sent.
 */
export const consoleCsp = (uploadOrigins: string[] = []) =>
  [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob: http: https:",
    "font-src 'self' data:",
    // Dataset uploads PUT their parts straight to the bucket (CONSOLE_UPLOAD_ORIGINS), nowhere else.
    ["connect-src 'self'", ...uploadOrigins].join(' '),
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

export const consoleSecurityHeaders = (uploadOrigins: string[] = []): Record<string, string> => ({
  'Content-Security-Policy': consoleCsp(uploadOrigins),
  'X-Frame-Options': 'DENY',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
});

const securityHeaders = (uploadOrigins: string[]) => {
  const headers = Object.entries(consoleSecurityHeaders(uploadOrigins));
  return (_req: Request, res: Response, next: NextFunction): void => {
    for (const [name, value] of headers) res.setHeader(name, value);
    next();
  };
};

/** A page navigation: GET/HEAD asking for text/html explicitly (a bare wildcard accept is not a page), for a path without a file extension. */
const wantsHtml = (req: Request) =>
  (req.method === 'GET' || req.method === 'HEAD') && (req.headers.accept ?? '').includes('text/html') && !path.extname(req.path);

function sendIndexOr(res: Response, index: string, what: string): void {
  if (existsSync(index)) res.sendFile(index);
  else res.status(503).type('html').send(NOT_BUILT(what));
}

export function mountConsole(app: Express, distDir: string, uploadOrigins: string[] = []): void {
  const root = path.resolve(distDir);
  const explorerDir = path.join(root, 'explorer');
  const pages = express.Router();
  pages.use(securityHeaders(uploadOrigins));

  pages.use('/explorer', express.static(explorerDir, { index: 'index.html', redirect: false }));
  pages.use('/explorer', (req: Request, res: Response, next: NextFunction) => {
    if (!wantsHtml(req)) return next();
    sendIndexOr(res, path.join(explorerDir, 'index.html'), 'explorer');
  });

  pages.use(express.static(root, { index: 'index.html' }));
  pages.use((req: Request, res: Response, next: NextFunction) => {
    if (!wantsHtml(req) || req.path.startsWith('/graphql') || req.path === '/health' || req.path.startsWith('/health/')) return next();
    sendIndexOr(res, path.join(root, 'index.html'), 'web console');
  });
  app.use(pages);
}
