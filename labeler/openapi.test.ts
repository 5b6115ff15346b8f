/** labeler/openapi.yaml describes exactly the routes the reference serves, with the contract's error bodies. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import type pg from 'pg';
import { parse } from 'yaml';
import type { Storage } from '../lib/s3';
import type { ApiRoute } from './api-route';
import { createLogger } from '../lib/log';
import { createUserDbAuthRouter } from './auth.routes';
import { datasetRoutes } from './dataset.routes';
import { manageRoutes } from './manage.routes';
import { uploadRoutes } from './upload.routes';

interface OpenApi {
  openapi: string;
  paths: Record<string, Record<string, { requestBody?: unknown; responses?: Record<string, unknown>; security?: unknown[] }>>;
  components: { schemas: Record<string, unknown>; responses: Record<string, { headers?: Record<string, unknown>; content?: unknown }> };
}

/** The users' routes (labeler/auth.routes.ts), mounted at /api/v1/auth without the service key. */
function authRoutes(): string[] {
  const settings = {
    userDatabaseUrl: 'postgresql://nobody@127.0.0.1:1/none',
    jwt: null,
    login: { maxPerAccount: 5, maxPerAddress: 50, windowSeconds: 900 },
    trustedProxyHops: 0,
  };
  const router = createUserDbAuthRouter(settings, createLogger('labeler', 'silent'));
  return router.stack.flatMap((layer) =>
    layer.route
      ? Object.keys((layer.route as unknown as { methods: Record<string, boolean> }).methods).map((m) => `${m.toUpperCase()} /auth${layer.route!.path}`)
      : [],
  );
}

const spec = parse(readFileSync(new URL('./openapi.yaml', import.meta.url), 'utf8')) as OpenApi;
const METHODS = ['get', 'post', 'put', 'patch', 'delete'];

/** `METHOD /path/{param}` of every route served. */
const routesOf = (routes: ApiRoute[]): string[] => routes.map((r) => `${r.method} ${r.path.replace(/:(\w+)/g, '{$1}').replace('{id}', '{dataset_id}')}`);

describe('labeler/openapi.yaml', () => {
  it('is OpenAPI 3.0 and documents every route of the reference, and no others', () => {
    expect(spec.openapi).toMatch(/^3\.0\./);
    const deps = {
      db: {} as pg.Pool,
      storage: {} as Storage,
      stats: { requests: 0, batchCalls: 0, permissionChecks: 0, rateLimited: 0, lastRequestId: null },
      peersOf: async () => new Set<number>(),
    };
    const limits = { maxBytes: 1, partBytes: 1, maxAnnotationBytes: 1, maxFileBytes: 1 };
    const served = [...routesOf([...datasetRoutes(deps), ...manageRoutes({ ...deps, limits }), ...uploadRoutes({ ...deps, limits })]), ...authRoutes()].sort();
    const documented = Object.entries(spec.paths)
      .flatMap(([path, item]) =>
        Object.keys(item)
          .filter((k) => METHODS.includes(k))
          .map((m) => `${m.toUpperCase()} ${path}`),
      )
      .sort();
    expect(documented).toEqual(served);
  });

  it('documents 401 and 429 on every service-key operation, 413 and 415 on every one with a body, and the seed error bodies', () => {
    for (const [path, item] of Object.entries(spec.paths)) {
      for (const method of Object.keys(item).filter((k) => METHODS.includes(k))) {
        const operation = item[method]!;
        if (operation.security) continue; // the users' auth routes, below
        const expected = operation.requestBody ? ['401', '413', '415', '429'] : ['401', '429'];
        expect([path, method, Object.keys(operation.responses ?? {})]).toEqual([path, method, expect.arrayContaining(expected)]);
      }
    }
    expect(Object.keys(spec.components.schemas)).toEqual(
      expect.arrayContaining(['Dataset', 'Permission', 'ErrorDatasetNotFound', 'ErrorPermissionDenied', 'ErrorRateLimited']),
    );
  });

  it('documents the login of users without the service key, throttled with 429 and Retry-After', () => {
    const login = spec.paths['/auth/login']!.post!;
    expect(login.security).toEqual([]);
    expect(Object.keys(login.responses ?? {})).toEqual(expect.arrayContaining(['200', '400', '401', '413', '429', '503']));
    expect(login.responses!['429']).toEqual({ $ref: '#/components/responses/LoginRateLimited' });
    expect(spec.components.responses.LoginRateLimited!.headers).toHaveProperty('Retry-After');
  });
});
