/**
 * D7 for download URLs and thumbnails without a separate permission call: the subgraph names the
 * user and the real Labeler reference checks that user's read access in the same call that
 * presigns. Proven with a grantee, a stranger, and a grant revoked after the visibility check.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { GraphQLError } from 'graphql';
import type { AuthUser, Role } from '../../lib/auth';
import { createLogger } from '../../lib/log';
import { SEED_DATASETS } from '../../labeler/seed';
import { startTestLabeler, TEST_SERVICE_KEY, TEST_USER_IDS, type TestLabeler } from '../../labeler/testing';
import { createDatasetLoaders } from './dataset/dataset.loaders';
import { createDatasetService } from './dataset/dataset.service';
import { createLabelerClient } from '../../lib/labeler/labeler-client';

/** Private, owned by the standard engineer, granted read_only to the advanced engineer. */
const PRIVATE = SEED_DATASETS.find((d) => d.visibility === 'private' && d.grants.some((g) => g.role === 'advanced_engineer'))!.id;

let t: TestLabeler;

const user = (role: Role): AuthUser => ({ id: TEST_USER_IDS[role], email: `${role}@example.com`, role });

/** What one GraphQL request of `role` holds: the real client bound to a request id, fresh loaders, the service on them. */
function requestContext(role: Role) {
  const client = createLabelerClient(
    { baseUrl: t.labeler.url, serviceKey: TEST_SERVICE_KEY, timeoutMs: 2000, maxRetries: 0, breakerThreshold: 5, halfOpenAfterMs: 1000 },
    createLogger('datasets', 'silent'),
  );
  const labeler = client.forRequest(`download-access-${role}`);
  const loaders = createDatasetLoaders(labeler, { maxBatchSize: 100 });
  return { loaders, datasets: createDatasetService({ user: user(role), labeler, loaders }) };
}

/** Labeler API requests and permission checks made while `fn` runs. */
async function counted<T>(fn: () => Promise<T>) {
  const before = { ...t.labeler.stats };
  const outcome = await fn().then(
    (value) => ({ value, error: null }),
    (error: GraphQLError) => ({ value: null, error }),
  );
  return { ...outcome, requests: t.labeler.stats.requests - before.requests, permissionChecks: t.labeler.stats.permissionChecks - before.permissionChecks };
}

beforeAll(async () => {
  t = await startTestLabeler('download_access');
});

afterAll(async () => {
  await t?.labeler.close();
});

describe('download URLs and images are authorised by the Labeler in the presigning call (D7)', () => {
  it('gives a grantee a URL with one Labeler call and no separate permission check', async () => {
    const ctx = requestContext('advanced_engineer');
    const dataset = (await ctx.loaders.datasets.load(PRIVATE))!;
    const { value, error, requests, permissionChecks } = await counted(() => ctx.datasets.downloadUrl(dataset, 60));
    expect(error).toBeNull();
    expect(value!.url).toContain(`datasets/${PRIVATE}/`);
    expect({ requests, permissionChecks }).toEqual({ requests: 1, permissionChecks: 0 });
  });

  it('refuses a stranger with FORBIDDEN and no URL, for the archive and for thumbnails', async () => {
    const ctx = requestContext('guest');
    const dataset = (await ctx.loaders.datasets.load(PRIVATE))!;
    for (const read of [(): Promise<unknown> => ctx.datasets.downloadUrl(dataset, 60), (): Promise<unknown> => ctx.datasets.images(dataset, 2)]) {
      const { value, error, permissionChecks } = await counted(read);
      expect(value).toBeNull();
      expect(error?.extensions?.code).toBe('FORBIDDEN');
      expect(permissionChecks).toBe(0);
    }
  });

  it('refuses the URL when the grant is revoked after the dataset was found visible in the same request', async () => {
    const ctx = requestContext('advanced_engineer');
    const dataset = await ctx.datasets.visible(PRIVATE);
    const revoked = await fetch(`${t.labeler.url}/api/v1/datasets/${PRIVATE}/permissions/${TEST_USER_IDS.advanced_engineer}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer ${TEST_SERVICE_KEY}` },
    });
    expect(revoked.status).toBe(200);
    const { value, error } = await counted(() => ctx.datasets.downloadUrl(dataset, 60));
    expect(value).toBeNull();
    expect(error?.extensions?.code).toBe('FORBIDDEN');
  });
});
