/**
 * `Subscription.trainingJobCreated` through the gateway on the real stack: new jobs reach exactly
 * the viewers who may see them (the rule of `trainingJobs`), a `projectId` narrows them to one
 * project, and the payload is resolved per viewer like any query (dataset included).
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Client } from 'graphql-ws';
import { stableId } from '../subgraphs/platform/seed';
import { startStack, type Stack } from './harness/stack';
import { watch, wsClient, type Watch } from './helpers';

const PUBLIC_COCO = 'ds_3f9a1c7e5b2d4f60';
const INSPECTION = stableId('prj', 'inspection');
const DETECTION = stableId('prj', 'detection');
const CREATED = 'subscription Created($projectId: ID) { trainingJobCreated(projectId: $projectId) { id name project { id } dataset { name } } }';

let stack: Stack;
const clients: Client[] = [];
const tokens: Record<'advanced' | 'standard' | 'guest', string> = { advanced: '', standard: '', guest: '' };

beforeAll(async () => {
  stack = await startStack();
  tokens.advanced = await stack.login('advanced_engineer@example.com');
  tokens.standard = await stack.login('standard_engineer@example.com');
  tokens.guest = await stack.login('guest@example.com');
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await stack?.close();
});

function follow(token: string, projectId?: string): Watch {
  const client = wsClient(stack.wsUrl, token);
  clients.push(client);
  return watch(client, CREATED, projectId ? { projectId } : {});
}

async function createJob(token: string, projectId: string, name: string): Promise<string> {
  const body = await stack.graphql.request<{ createTrainingJob: { id: string } }>(
    'mutation($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }',
    { input: { projectId, datasetId: PUBLIC_COCO, name, framework: 'ultralytics', model: 'yolov8n' } },
    { token },
  );
  expect(body.errors).toBeUndefined();
  return body.data!.createTrainingJob.id;
}

const createdId = (result: { data?: Record<string, unknown> | null }) => (result.data?.trainingJobCreated as { id: string } | undefined)?.id;

describe('trainingJobCreated', () => {
  it('emits a new job to the viewers who may see it, narrowed by projectId, and to nobody else', async () => {
    const everything = follow(tokens.advanced);
    const detectionOnly = follow(tokens.advanced, DETECTION);
    const notMember = follow(tokens.standard); // no role in the inspection project
    const inspectionViewer = follow(tokens.guest, INSPECTION);
    // Let every upstream subscription reach the platform before the job is created.
    await new Promise((resolve) => setTimeout(resolve, 1500));

    const inspectionJob = await createJob(tokens.advanced, INSPECTION, 'created in inspection');
    const first = await everything.next();
    expect(first.errors).toBeUndefined();
    expect(first.data?.trainingJobCreated).toEqual({
      id: inspectionJob,
      name: 'created in inspection',
      project: { id: INSPECTION },
      dataset: { name: expect.any(String) },
    });
    expect(createdId(await inspectionViewer.next())).toBe(inspectionJob);

    // A job in detection: the engineer outside inspection and the detection-only viewer hear of this
    // one first, so they never received the inspection job.
    const detectionJob = await createJob(tokens.standard, DETECTION, 'created in detection');
    expect(createdId(await notMember.next())).toBe(detectionJob);
    expect(createdId(await detectionOnly.next())).toBe(detectionJob);
    expect(createdId(await everything.next())).toBe(detectionJob);
    // A retry is a new job too.
    const cancelled = await stack.graphql.request(
      'mutation($id: ID!) { cancelTrainingJob(id: $id) { id } }',
      { id: inspectionJob },
      { token: tokens.advanced },
    );
    expect(cancelled.errors).toBeUndefined();
    const retry = await stack.graphql.request<{ retryTrainingJob: { id: string } }>(
      'mutation($id: ID!) { retryTrainingJob(id: $id) { id } }',
      { id: inspectionJob },
      { token: tokens.advanced },
    );
    expect(retry.errors).toBeUndefined();
    expect(createdId(await inspectionViewer.next())).toBe(retry.data!.retryTrainingJob.id);
    expect(createdId(await everything.next())).toBe(retry.data!.retryTrainingJob.id);
    for (const w of [everything, detectionOnly, notMember, inspectionViewer]) w.stop();
  }, 60_000);

  it('needs a token', async () => {
    const client = wsClient(stack.wsUrl);
    clients.push(client);
    const w = watch(client, CREATED);
    await expect(w.failure).resolves.toBeTruthy();
  }, 30_000);
});
