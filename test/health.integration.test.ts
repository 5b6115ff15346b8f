/**
 * Liveness and readiness on every service: `/health/live` answers while the process runs;
 * `/health/ready` answers 200 only while the service's databases, buckets and upstreams do, and
 * 503 naming what failed (names only, no URL or error text) otherwise. `/health` keeps answering.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { RunningService } from '../lib/http';
import { createLabelerServer } from '../labeler/server';
import { parseLabelerEnv } from '../labeler/env';
import { createDatasetsServer } from '../subgraphs/datasets/server';
import { parseDatasetsEnv } from '../subgraphs/datasets/env';
import { createGatewayServer } from '../gateway/server';
import { parseGatewayEnv } from '../gateway/env';
import { startStack, type Stack } from './harness/stack';

/** A port nothing listens on. */
const DEAD = 'http://127.0.0.1:1';
const DEAD_DB = 'postgresql://postgres:secret-password@127.0.0.1:1/nothing';

let stack: Stack;
const extra: RunningService[] = [];

beforeAll(async () => {
  stack = await startStack();
}, 120_000);

afterAll(async () => {
  for (const service of extra.splice(0)) await service.close().catch(() => undefined);
  await stack?.close();
});

const get = async (url: string) => {
  const response = await fetch(url);
  const text = await response.text();
  return { status: response.status, text, body: JSON.parse(text) as { status: string; service: string; checks?: Record<string, string>; failed?: string[] } };
};

describe('liveness and readiness', () => {
  it('every service answers /health/live and /health/ready with all its dependencies up, and /health still', async () => {
    const expected: Record<string, { url: string; checks: string[] }> = {
      gateway: { url: stack.gatewayUrl, checks: ['datasets', 'platform', 'users'] },
      users: { url: stack.urls.users, checks: ['user-db'] },
      platform: { url: stack.urls.platform, checks: ['events', 'external-bucket', 'internal-bucket', 'labeler', 'platform-db', 'user-db'] },
      datasets: { url: stack.urls.datasets, checks: ['labeler', 'user-db'] },
      labeler: { url: stack.urls.labeler, checks: ['external-bucket', 'labeler-db'] },
    };
    for (const [service, { url, checks }] of Object.entries(expected)) {
      const live = await get(`${url}/health/live`);
      expect({ service, status: live.status, body: live.body }).toEqual({ service, status: 200, body: { status: 'ok', service } });
      const ready = await get(`${url}/health/ready`);
      expect({ service, status: ready.status }).toEqual({ service, status: 200 });
      expect(ready.body.status).toBe('ok');
      expect(Object.keys(ready.body.checks ?? {}).sort()).toEqual(checks);
      expect(Object.values(ready.body.checks ?? {}).every((v) => v === 'ok')).toBe(true);
      expect((await fetch(`${url}/health`)).status).toBe(200);
    }
  });

  it('the Labeler is not ready with its database down, while it stays live; the answer names the database and nothing more', async () => {
    const labeler = await createLabelerServer(
      parseLabelerEnv({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        HOST: '127.0.0.1',
        LABELER_PORT: '0',
        LABELER_DATABASE_URL: DEAD_DB,
        EXTERNAL_STORAGE_ENDPOINT: process.env.TEST_S3_ENDPOINT,
        EXTERNAL_STORAGE_ACCESS_KEY: 'S3RVER',
        EXTERNAL_STORAGE_SECRET_KEY: 'S3RVER',
        EXTERNAL_STORAGE_BUCKET: stack.storage.bucket,
      }),
    );
    extra.push(labeler);
    const ready = await get(`${labeler.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body).toEqual({
      status: 'unavailable',
      service: 'labeler',
      checks: { 'labeler-db': 'unavailable', 'external-bucket': 'ok' },
      failed: ['labeler-db'],
    });
    expect(ready.text).not.toMatch(/secret-password|127\.0\.0\.1|ECONNREFUSED|postgres/);
    expect((await get(`${labeler.url}/health/live`)).status).toBe(200);
  });

  it('the gateway is not ready while a subgraph does not answer', async () => {
    const gateway = await createGatewayServer(
      parseGatewayEnv({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        HOST: '127.0.0.1',
        GATEWAY_PORT: '0',
        JWT_SECRET: stack.jwt.secret,
        USERS_URL: `${stack.urls.users}/graphql`,
        PLATFORM_URL: `${stack.urls.platform}/graphql`,
        DATASETS_URL: `${DEAD}/graphql`,
      }),
    );
    extra.push(gateway);
    const ready = await get(`${gateway.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(ready.body.failed).toEqual(['datasets']);
    expect(ready.body.checks).toEqual({ users: 'ok', platform: 'ok', datasets: 'unavailable' });
    expect((await get(`${gateway.url}/health/live`)).status).toBe(200);
  });

  it('the trainer is ready while the platform answers, and not when it points at one that does not', async () => {
    const trainer = async (platformWorkerUrl: string) => {
      const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('../trainer/main.ts', import.meta.url))], {
        env: {
          PATH: process.env.PATH,
          NODE_ENV: 'test',
          LOG_LEVEL: 'info',
          HOST: '127.0.0.1',
          TRAINER_PORT: '0',
          PLATFORM_WORKER_URL: platformWorkerUrl,
          WORKER_TOKEN: 'not-the-stack-worker-token',
          TRAINER_POLL_INTERVAL_MS: '60000',
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        const timer = setTimeout(() => reject(new Error(`trainer did not start: ${out}`)), 60_000);
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const match = /\(health (http:\/\/[\d.:]+)\/health\)/.exec(out);
          if (match) {
            clearTimeout(timer);
            resolve(match[1]!);
          }
        });
        child.once('exit', (code) => reject(new Error(`trainer exited (${code}): ${out}`)));
      });
      return {
        url,
        stop: () =>
          new Promise<void>((resolve) => {
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      };
    };
    const [up, down] = await Promise.all([trainer(stack.worker.url), trainer(`${DEAD}/worker/v1`)]);
    try {
      const ready = await get(`${up.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(ready.body).toEqual({ status: 'ok', service: 'trainer', checks: { platform: 'ok' } });
      const notReady = await get(`${down.url}/health/ready`);
      expect(notReady.status).toBe(503);
      expect(notReady.body).toEqual({ status: 'unavailable', service: 'trainer', checks: { platform: 'unavailable' }, failed: ['platform'] });
      expect((await get(`${down.url}/health/live`)).status).toBe(200);
      expect((await get(`${down.url}/health`)).status).toBe(200);
    } finally {
      await Promise.all([up.stop(), down.stop()]);
    }
  });

  // Last: it stops the stack's Labeler.
  it('with the Labeler stopped, the datasets and platform subgraphs are not ready but stay live', async () => {
    const datasets = await createDatasetsServer(
      parseDatasetsEnv({
        NODE_ENV: 'test',
        LOG_LEVEL: 'silent',
        HOST: '127.0.0.1',
        DATASETS_PORT: '0',
        JWT_SECRET: stack.jwt.secret,
        USER_DATABASE_URL: stack.dbUrls.users,
        LABELER_API_URL: stack.urls.labeler,
        LABELER_SERVICE_KEY: stack.labelerServiceKey,
      }),
    );
    extra.push(datasets);
    expect((await get(`${datasets.url}/health/ready`)).status).toBe(200);

    await stack.services.labeler.close();
    for (const [service, url] of [
      ['datasets', datasets.url],
      ['datasets', stack.urls.datasets],
      ['platform', stack.urls.platform],
    ] as const) {
      const ready = await get(`${url}/health/ready`);
      expect({ service, status: ready.status, failed: ready.body.failed }).toEqual({ service, status: 503, failed: ['labeler'] });
      expect(ready.body.checks?.['user-db']).toBe('ok');
      expect((await get(`${url}/health/live`)).status).toBe(200);
    }
    // The gateway's upstreams are the subgraphs, which still answer.
    expect((await get(`${stack.gatewayUrl}/health/ready`)).status).toBe(200);
  });
});
