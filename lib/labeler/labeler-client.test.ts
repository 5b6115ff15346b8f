/** The Labeler client reads only answers that match the contract (lib/labeler/contract.ts). */
import http from 'node:http';
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
    const answer = answers[path] ?? { status: 404, body: { error: 'not_found', message: path } };
    res.writeHead(answer.status, { 'Content-Type': 'application/json' }).end(JSON.stringify(answer.body));
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
});
