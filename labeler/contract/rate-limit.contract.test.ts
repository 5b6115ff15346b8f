/** D4 against any Labeler: over the per-user limit it answers 429 with `Retry-After` and an error body. */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiFor, contractTarget, createFixture, freshUserId, type Api, type ContractTarget } from './harness';

let target: ContractTarget;
let api: Api;
let datasetId: string;

beforeAll(async () => {
  target = await contractTarget();
  api = apiFor(target);
  const fixture = await createFixture(api, {
    name: 'contract-rate-limit',
    format: 'coco',
    visibility: 'public',
    ownerId: freshUserId(),
    tags: [],
    classes: ['circle'],
    images: 1,
    labeled: true,
  });
  datasetId = fixture.id;
});

afterAll(async () => {
  await target?.close();
});

describe('Labeler contract: rate limits (D4)', () => {
  it('answers 429 with Retry-After and rate_limited once one user exceeds the per-user limit, and not for other users', async () => {
    const user = freshUserId();
    const check = () => api(`/datasets/${datasetId}/permissions/${user}`);
    const allowed = await Promise.all(Array.from({ length: target.userRateLimit }, check));
    expect(allowed.map((r) => r.status).every((s) => s === 200)).toBe(true);

    const refused = await check();
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(Number.isInteger(retryAfter)).toBe(true);
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect(refused.body).toMatchObject({ error: 'rate_limited', message: expect.any(String) });

    // The limit is per user: the same user named in a query or body is refused too, another user is not.
    expect((await api(`/datasets?user_id=${user}`)).status).toBe(429);
    expect((await api(`/datasets/${datasetId}/download-url`, { method: 'POST', json: { user_id: user } })).status).toBe(429);
    expect((await api(`/datasets/${datasetId}/permissions/${freshUserId()}`)).status).toBe(200);
  });
});
