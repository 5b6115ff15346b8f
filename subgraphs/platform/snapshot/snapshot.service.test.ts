import { describe, expect, it } from '@jest/globals';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Storage } from '../../../lib/s3';
import { createTestBucket, createTestDatabase } from '../../../test/harness/infra';
import { createPlatformOrm, migratePlatformDb } from '../db';
import {
  committedContent,
  contentKeyOf,
  CONTENT_PREFIX,
  insertSnapshot,
  loadManifest,
  mapLimit,
  prepareSnapshot,
  type PreparedSnapshot,
} from './snapshot.service';

/** Counts CopyObject requests this real client sends, and how many were in flight at most. */
function watchCopies(storage: Storage) {
  const seen = { inFlight: 0, max: 0, total: 0 };
  storage.client.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName !== 'CopyObjectCommand') return next(args);
      seen.total += 1;
      seen.max = Math.max(seen.max, ++seen.inFlight);
      try {
        return await next(args);
      } finally {
        seen.inFlight -= 1;
      }
    },
    { step: 'initialize', name: 'watchCopies' },
  );
  return seen;
}

async function keysUnder(storage: Storage, prefix: string): Promise<string[]> {
  const page = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: prefix }));
  return (page.Contents ?? []).map((item) => item.Key!).sort();
}

describe('mapLimit', () => {
  it('keeps at most `limit` calls running and returns the results in input order', async () => {
    let running = 0;
    let most = 0;
    const results = await mapLimit([5, 1, 4, 2, 3, 0, 6], 3, async (n) => {
      most = Math.max(most, ++running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running -= 1;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30, 0, 60]);
    expect(most).toBe(3);
  });
});

describe('prepareSnapshot', () => {
  it('copies each distinct content once into content-addressed storage, never more than `concurrency` copies at a time, then copies nothing for committed content', async () => {
    const [external, internal] = await Promise.all([createTestBucket('snap-ext'), createTestBucket('snap-int')]);
    const prefix = 'datasets/ds_0000000000000001/';
    const bodies = Array.from({ length: 20 }, (_, i) => `pixels ${i}`);
    // Two keys with the same bytes as image 0: one content address, one copy.
    const objects = [
      ...bodies.map((body, i) => ({ key: `images/${i}.png`, body })),
      { key: 'images/dup-a.png', body: bodies[0]! },
      { key: 'images/dup-b.png', body: bodies[0]! },
    ];
    await Promise.all(
      objects.map((o) => external.storage.client.send(new PutObjectCommand({ Bucket: external.storage.bucket, Key: prefix + o.key, Body: o.body }))),
    );
    const copies = watchCopies(internal.storage);
    const stores = { external: external.storage, internal: internal.storage, sameEndpoint: true, concurrency: 4 };

    const first = await prepareSnapshot(stores, 'ds_0000000000000001', prefix, async () => new Set());
    expect(first.objects.map((o) => o.key)).toEqual(objects.map((o) => o.key).sort());
    expect(first.copied).toBe(20);
    expect(copies.total).toBe(20);
    expect(copies.max).toBe(4);
    const contentKeys = [...new Set(first.objects.map((o) => o.contentKey))].sort();
    expect(await keysUnder(internal.storage, CONTENT_PREFIX)).toEqual(contentKeys);
    expect(first.objects.every((o) => o.contentKey === contentKeyOf(o.etag, o.sizeBytes))).toBe(true);

    const second = await prepareSnapshot(stores, 'ds_0000000000000001', prefix, async (keys) => new Set(keys));
    expect(second.copied).toBe(0);
    expect(copies.total).toBe(20);
    expect(second.objects).toEqual(first.objects);
  });
});

describe('the manifest in the Platform DB', () => {
  it('reports only content a committed snapshot references: a rolled-back attempt leaves no rows, a committed manifest larger than one insert chunk is complete', async () => {
    const url = await createTestDatabase('snapshot_service');
    await migratePlatformDb(url);
    const orm = await createPlatformOrm(url);
    try {
      // 5003 keys over three contents: more rows than one insert statement carries.
      const contents = [contentKeyOf('aaa', 1), contentKeyOf('bbb', 2), contentKeyOf('ccc', 3)];
      const objects = Array.from({ length: 5003 }, (_, i) => ({
        key: `images/${String(i).padStart(5, '0')}.png`,
        contentKey: contents[i % 3]!,
        sizeBytes: (i % 3) + 1,
        etag: ['aaa', 'bbb', 'ccc'][i % 3]!,
      }));
      const prepared: PreparedSnapshot = { datasetId: 'ds_0000000000000002', objects, totalBytes: objects.reduce((sum, o) => sum + o.sizeBytes, 0), copied: 3 };

      await expect(
        orm.em.fork().transactional(async (tx) => {
          await insertSnapshot(tx, prepared, '1');
          throw new Error('the job insert failed');
        }),
      ).rejects.toThrow('the job insert failed');
      expect(await committedContent(orm.em.fork(), contents)).toEqual(new Set());

      const snapshot = await orm.em.fork().transactional((tx) => insertSnapshot(tx, prepared, '1'));
      expect(await committedContent(orm.em.fork(), [...contents, contentKeyOf('never', 9)])).toEqual(new Set(contents));
      expect(await loadManifest(orm.em.fork(), snapshot.id)).toEqual(objects);
      expect(snapshot.objectCount).toBe(5003);
    } finally {
      await orm.close(true);
    }
  });
});
