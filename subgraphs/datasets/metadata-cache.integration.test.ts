/**
 * The datasets subgraph's Labeler metadata cache (subscription events only, LABELER_METADATA_TTL_MS):
 * requests that miss it at the same moment — the events of a watched job resolving together when
 * an entry has just expired — share one Labeler call instead of one each. Against the reference Labeler.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { AuthUser } from '../../lib/auth';
import { createLabelerClient } from '../../lib/labeler/labeler-client';
import { createLogger } from '../../lib/log';
import { SEED_DATASETS } from '../../labeler/seed';
import { startTestLabeler, TEST_SERVICE_KEY, TEST_USER_IDS, type TestLabeler } from '../../labeler/testing';
import { createLabelerMetadataCache } from './dataset/dataset.cache';
import { createDatasetLoaders } from './dataset/dataset.loaders';

let t: TestLabeler;
const engineer: AuthUser = { id: TEST_USER_IDS.advanced_engineer, email: 'advanced_engineer@example.com', role: 'advanced_engineer' };
const PUBLIC = SEED_DATASETS.find((d) => d.visibility === 'public')!.id;

beforeAll(async () => {
  t = await startTestLabeler('metadata_cache');
});

afterAll(async () => {
  await t?.labeler.close();
});

/** One request's loaders (as each event's query gets), on the cache they share. */
function requestLoaders(cache: ReturnType<typeof createLabelerMetadataCache>, n: number) {
  const client = createLabelerClient(
    { baseUrl: t.labeler.url, serviceKey: TEST_SERVICE_KEY, timeoutMs: 2000, maxRetries: 0, breakerThreshold: 5, halfOpenAfterMs: 1000 },
    createLogger('datasets', 'silent'),
  );
  return createDatasetLoaders(client.forRequest(`metadata-cache-${n}`), { maxBatchSize: 100, permissionsFor: engineer.id, cache });
}

describe('the Labeler metadata cache', () => {
  it('asks the Labeler once for requests that miss the same entry at the same moment, and not again while the entry lives', async () => {
    const cache = createLabelerMetadataCache(60_000);
    const before = t.labeler.stats.requests;
    const answers = await Promise.all([1, 2, 3, 4, 5].map((n) => requestLoaders(cache, n).datasets.load(PUBLIC)));
    for (const answer of answers) expect(answer).toMatchObject({ id: PUBLIC });
    expect(t.labeler.stats.requests - before).toBe(1);
    await requestLoaders(cache, 6).datasets.load(PUBLIC);
    expect(t.labeler.stats.requests - before).toBe(1);

    // Without a cache (ordinary requests) every request asks.
    const uncached = createLabelerMetadataCache(0);
    const start = t.labeler.stats.requests;
    await Promise.all([1, 2, 3].map((n) => requestLoaders(uncached, n).datasets.load(PUBLIC)));
    expect(t.labeler.stats.requests - start).toBe(3);
  });
});
