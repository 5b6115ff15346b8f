/**
 * A worker-protocol call as a hand-driven worker makes it in tests: POST `path` with the stack's
 * worker token and `workerId`, expect 200, and return the JSON answer (null for an empty body).
 */
import { expect } from '@jest/globals';
import type { Stack } from './stack';

export async function callWorker(
  worker: { url: string; token: string },
  workerId: string,
  path: string,
  body: Record<string, unknown>,
): Promise<Record<string, unknown> | null> {
  const res = await fetch(`${worker.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${worker.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ workerId, ...body }),
  });
  expect(res.status).toBe(200);
  const text = await res.text();
  return text ? (JSON.parse(text) as Record<string, unknown>) : null;
}

/**
 * A new reference training job (`input` as for `createTrainingJob`), created as `token` through the
 * gateway and claimed by the hand-driven worker `workerId`: it is RUNNING and takes that worker's
 * reports. No other queued reference job may exist (the claim must get this one).
 */
export async function claimedJob(stack: Pick<Stack, 'worker' | 'graphql'>, token: string, workerId: string, input: Record<string, unknown>): Promise<string> {
  const created = await stack.graphql.request<{ createTrainingJob: { id: string } }>(
    'mutation ClaimedJob($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }',
    { input },
    { token },
  );
  expect(created.errors).toBeUndefined();
  const jobId = created.data!.createTrainingJob.id;
  const claim = await callWorker(stack.worker, workerId, '/jobs/claim', { frameworks: ['reference'], tasks: ['classification'] });
  expect((claim!.job as { id: string }).id).toBe(jobId);
  return jobId;
}
