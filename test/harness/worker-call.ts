/**
 * A worker-protocol call as a hand-driven worker makes it in tests: POST `path` with the stack's
 * worker token and `workerId`, expect 200, and return the JSON answer (null for an empty body).
 */
import { expect } from '@jest/globals';

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
