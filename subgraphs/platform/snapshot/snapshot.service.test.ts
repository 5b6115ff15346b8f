import { describe, expect, it } from '@jest/globals';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Storage } from '../../../lib/s3';
import { createTestBucket, createTestDatabase } from '../../../test/harness/infra';
import { createPlatformOrm, migratePlatformDb } from '../db';
import { copiesToResume, insertPreparation, preparationsOf, runSnapshotCopy } from './snapshot.copy';
import {
  committedContent,
  contentKeyOf,
  CONTENT_PREFIX,
  copyPending,
  insertSnapshot,
  listSnapshot,
  loadManifest,
  mapLimit,
  pendingCopies,
  prepareSnapshot,
  SnapshotSourceChanged,
  type PreparedSnapshot,
  type SnapshotStores,
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

/** A dataset of `count` small objects in a fresh external bucket, and a fresh internal bucket. */
async function datasetBuckets(count: number) {
  const [external, internal] = await Promise.all([createTestBucket('snap-ext'), createTestBucket('snap-int')]);
  const prefix = 'datasets/ds_0000000000000003/';
  const put = (key: string, body: string) =>
    external.storage.client.send(new PutObjectCommand({ Bucket: external.storage.bucket, Key: prefix + key, Body: body }));
  await Promise.all(Array.from({ length: count }, (_, i) => put(`images/${String(i).padStart(3, '0')}.png`, `pixels ${i}`)));
  const stores: SnapshotStores = {
    external: external.storage,
    internal: internal.storage,
    sameEndpoint: true,
    concurrency: 4,
    inlineCopyMax: 0,
    reuseSeconds: 0,
  };
  return { stores, prefix, put };
}

describe('copying checks the source against the manifest', () => {
  it('refuses a source object that changed after the listing (server-side copy and streamed copy) and leaves no bytes under its content address', async () => {
    const { stores, prefix, put } = await datasetBuckets(6);
    const listed = await listSnapshot(stores, 'ds_0000000000000003', prefix);
    await put('images/003.png', 'other pixels');
    const pending = pendingCopies(prefix, listed.objects, new Set());
    const changed = listed.objects.find((o) => o.key === 'images/003.png')!;

    for (const sameEndpoint of [true, false]) {
      const error = await copyPending({ ...stores, sameEndpoint }, pending).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SnapshotSourceChanged);
      expect((error as SnapshotSourceChanged).code).toBe('SNAPSHOT_SOURCE_CHANGED');
      expect((error as SnapshotSourceChanged).key).toBe(`${prefix}images/003.png`);
      expect(await keysUnder(stores.internal, CONTENT_PREFIX)).not.toContain(changed.contentKey);
    }
  });
});

describe('a snapshot copied after its job was created', () => {
  async function platformDb() {
    const url = await createTestDatabase('snapshot_copy');
    await migratePlatformDb(url);
    const orm = await createPlatformOrm(url);
    const em = orm.em.fork();
    await em.execute(`insert into projects (id, name, owner_id) values ('proj_1', 'p', '1')`);
    return { orm, em };
  }

  /** What createTrainingJob commits when the copy is left for later: snapshot, manifest, preparation and a queued job. */
  async function commitJob(em: ReturnType<Awaited<ReturnType<typeof createPlatformOrm>>['em']['fork']>, stores: SnapshotStores, prefix: string, jobId: string) {
    const listed = await listSnapshot(stores, 'ds_0000000000000003', prefix);
    const pending = pendingCopies(
      prefix,
      listed.objects,
      await committedContent(
        em,
        listed.objects.map((o) => o.contentKey),
      ),
    );
    const snapshot = await em.fork().transactional(async (tx) => {
      const row = await insertSnapshot(tx, { datasetId: listed.datasetId, objects: listed.objects, totalBytes: listed.totalBytes, copied: 0 }, '1');
      await insertPreparation(tx, row.id, listed, { state: 'copying', objectsToCopy: pending.length, datasetVersion: null });
      await tx.execute(
        `insert into training_jobs (id, project_id, owner_id, name, status, dataset_id, dataset_snapshot_id) values (?, 'proj_1', '1', 'j', 'queued', ?, ?)`,
        [jobId, listed.datasetId, row.id],
      );
      return row;
    });
    return { snapshot, listed };
  }

  it('copies every content of a copy nobody holds, then marks the snapshot ready; a second copy of it does nothing', async () => {
    const { stores, prefix } = await datasetBuckets(10);
    const { orm, em } = await platformDb();
    try {
      const { snapshot, listed } = await commitJob(em, stores, prefix, 'job_ready');
      expect((await preparationsOf(em, [snapshot.id])).get(snapshot.id)).toMatchObject({ state: 'copying', objectsToCopy: 10, objectsCopied: 0 });
      expect(
        await committedContent(
          em,
          listed.objects.map((o) => o.contentKey),
        ),
      ).toEqual(new Set());

      // Nobody holds it yet: a sweep in any process would take it over.
      expect(await copiesToResume(em)).toEqual([snapshot.id]);
      expect(await runSnapshotCopy(orm.em.fork(), stores, snapshot.id)).toBe('ready');
      expect(await copiesToResume(em)).toEqual([]);
      expect((await preparationsOf(em, [snapshot.id])).get(snapshot.id)).toMatchObject({ state: 'ready', objectsToCopy: 10, objectsCopied: 10 });
      expect(await keysUnder(stores.internal, CONTENT_PREFIX)).toEqual(listed.objects.map((o) => o.contentKey).sort());
      expect(
        await committedContent(
          em,
          listed.objects.map((o) => o.contentKey),
        ),
      ).toEqual(new Set(listed.objects.map((o) => o.contentKey)));
      expect(await runSnapshotCopy(orm.em.fork(), stores, snapshot.id)).toBe('taken');
    } finally {
      await orm.close(true);
    }
  });

  it('fails the snapshot and its queued job with SNAPSHOT_SOURCE_CHANGED when an object changed between the snapshot and the copy; the manifest stays as listed', async () => {
    const { stores, prefix, put } = await datasetBuckets(10);
    const { orm, em } = await platformDb();
    try {
      const { snapshot, listed } = await commitJob(em, stores, prefix, 'job_changed');
      await put('images/007.png', 'pixels changed after the snapshot');

      expect(await runSnapshotCopy(orm.em.fork(), stores, snapshot.id)).toBe('failed');
      const preparation = (await preparationsOf(em, [snapshot.id])).get(snapshot.id)!;
      expect(preparation.state).toBe('failed');
      expect(preparation.errorCode).toBe('SNAPSHOT_SOURCE_CHANGED');
      expect(preparation.errorMessage).toContain('images/007.png');
      const [job] = await em.execute<{ status: string; error_message: string }[]>(`select status, error_message from training_jobs where id = 'job_changed'`);
      expect(job).toEqual({ status: 'failed', error_message: preparation.errorMessage });
      const events = await em.execute<{ payload: Record<string, unknown> }[]>(`select payload from training_events where job_id = 'job_changed'`);
      expect(events.map((e) => e.payload)).toEqual([
        { from: 'queued', to: 'failed', code: 'SNAPSHOT_SOURCE_CHANGED', reason: preparation.errorMessage, snapshotId: snapshot.id },
      ]);
      expect(await loadManifest(em, snapshot.id)).toEqual(listed.objects);
      expect(
        await committedContent(
          em,
          listed.objects.map((o) => o.contentKey),
        ),
      ).toEqual(new Set());
      const changed = listed.objects.find((o) => o.key === 'images/007.png')!;
      expect(await keysUnder(stores.internal, CONTENT_PREFIX)).not.toContain(changed.contentKey);
    } finally {
      await orm.close(true);
    }
  });
});
