/** The Labeler client reads only answers that match the contract (lib/labeler/contract.ts). */
import { execFile } from 'node:child_process';
import http from 'node:http';
import { promisify } from 'node:util';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { GraphQLError } from 'graphql';
import { createLogger } from '../log';
import { createLabelerClient, type LabelerApi } from './labeler-client';

const DATASET = {
  id: 'ds_0123456789abcdef',
  name: 'parts',
  description: null,
  format: 'coco',
  labeled: true,
  storage_type: 's3',
  storage_path: 'datasets/ds_0123456789abcdef/',
  visibility: 'public',
  owner_id: 1,
  num_classes: 1,
  num_images: 2,
  class_names: ['circle'],
  tags: [],
  created_at: '2025-11-20T10:00:00Z',
  updated_at: '2025-11-20T10:00:00Z',
};

const run = promisify(execFile);

/** Paths this fake Labeler answers, and how often each was asked. */
const answers: Record<string, { status: number; body: unknown }> = {
  '/api/v1/datasets/ds_good': { status: 200, body: DATASET },
  '/api/v1/datasets/ds_broken': { status: 200, body: { ...DATASET, owner_id: 'one', tags: undefined } },
  '/api/v1/datasets/ds_missing': { status: 404, body: 'no such thing' },
};
const hits = new Map<string, number>();
let server: http.Server;
let api: LabelerApi;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const path = req.url ?? '/';
    hits.set(path, (hits.get(path) ?? 0) + 1);
    const slow = path === '/api/v1/datasets/ds_slow';
    const answer = slow ? answers['/api/v1/datasets/ds_good']! : (answers[path] ?? { status: 404, body: { error: 'not_found', message: path } });
    setTimeout(() => res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body)), slow ? 150 : 0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const settings = { baseUrl: `http://127.0.0.1:${port}`, serviceKey: 'k', timeoutMs: 2000, maxRetries: 2, breakerThreshold: 5, halfOpenAfterMs: 1000 };
  api = createLabelerClient(settings, createLogger('labeler-client-test', 'silent')).forRequest('req-1');
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

describe('Labeler client and the contract', () => {
  it('returns an answer that matches the contract as it came', async () => {
    expect(await api.getDataset('ds_good')).toEqual(DATASET);
  });

  it('refuses an answer that breaks the contract with UPSTREAM_UNAVAILABLE, without retrying it', async () => {
    const error = (await api.getDataset('ds_broken').catch((e: unknown) => e)) as GraphQLError;
    expect(error.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(hits.get('/api/v1/datasets/ds_broken')).toBe(1);
  });

  it('still answers NOT_FOUND for a 404 whose body is not a contract error body', async () => {
    const error = (await api.getDataset('ds_missing').catch((e: unknown) => e)) as GraphQLError;
    expect(error.extensions.code).toBe('NOT_FOUND');
    expect(error.extensions.id).toBe('ds_missing');
  });

  it('makes many calls at once without piling listeners on one shared signal (no MaxListenersExceededWarning)', async () => {
    // In a process of its own: Node prints the warning to that process's stderr, which jest's sandbox would not show.
    const { port } = server.address() as AddressInfo;
    const client = new URL('./labeler-client.ts', import.meta.url).href;
    const log = new URL('../log.ts', import.meta.url).href;
    const code = `
      const { createLabelerClient } = await import(${JSON.stringify(client)});
      const { createLogger } = await import(${JSON.stringify(log)});
      const settings = { baseUrl: 'http://127.0.0.1:${port}', serviceKey: 'k', timeoutMs: 5000, maxRetries: 2, breakerThreshold: 5, halfOpenAfterMs: 1000 };
      const api = createLabelerClient(settings, createLogger('t', 'silent')).forRequest('req-2');
      const answers = await Promise.all(Array.from({ length: 25 }, () => api.getDataset('ds_slow')));
      await new Promise((resolve) => setTimeout(resolve, 50));
      console.log('answers', answers.length);`;
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code]);
    expect(stdout.trim()).toBe('answers 25');
    expect(stderr).not.toContain('MaxListenersExceededWarning');
  }, 30_000);
});
