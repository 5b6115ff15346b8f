/**
 * Snapshots whose content is copied after the job is created (decisions.md #47): the job waits
 * QUEUED until the copy ends, a worker then gets presigned URLs to exactly the listed bytes, and a
 * second job on the unchanged dataset reuses the snapshot and is claimable at once.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import pg from 'pg';
import { startStack, type Stack } from './harness/stack';

const PUBLIC_COCO = 'ds_3f9a1c7e5b2d4f60';
const CREATE = 'mutation Create($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id status datasetSnapshot { id objectCount } } }';

interface Created {
  id: string;
  status: string;
  datasetSnapshot: { id: string; objectCount: number };
}
interface Claimed {
  id: string;
  snapshot: { id: string; objectCount: number; objects: Array<{ key: string; etag: string; url: string }> };
}

let stack: Stack;
let db: pg.Pool;
let engineer: string;
let projectId: string;

async function claim(): Promise<Claimed | null> {
  const res = await fetch(`${stack.worker.url}/jobs/claim`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.worker.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ workerId: 'w-snapshot', frameworks: ['reference'] }),
  });
  if (res.status === 204) return null;
  expect(res.status).toBe(200);
  return ((await res.json()) as { job: Claimed }).job;
}

async function claimWithin(timeoutMs: number): Promise<Claimed> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await claim();
    if (job) return job;
    if (Date.now() > deadline) throw new Error(`nothing claimable after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function create(name: string): Promise<Created> {
  const body = await stack.graphql.request<{ createTrainingJob: Created }>(CREATE, { input: { projectId, datasetId: PUBLIC_COCO, name } }, { token: engineer });
  expect(body.errors).toBeUndefined();
  return body.data!.createTrainingJob;
}

const firstEvent = async (jobId: string) =>
  (
    await db.query<{ payload: Record<string, unknown> }>(`select payload from training_events where job_id = $1 and kind = 'status' order by id limit 1`, [
      jobId,
    ])
  ).rows[0]!.payload;

beforeAll(async () => {
  // Every copy goes after the job's creation, one object at a time.
  stack = await startStack({ env: { platform: { SNAPSHOT_INLINE_COPY_MAX: '0', SNAPSHOT_COPY_CONCURRENCY: '1' } } });
  db = new pg.Pool({ connectionString: stack.dbUrls.platform, max: 2 });
  engineer = await stack.login('advanced_engineer@example.com');
  const manager = await stack.login('manager@example.com');
  const body = await stack.graphql.request<{ projects: { nodes: Array<{ id: string }> } }>('{ projects(first: 5) { nodes { id } } }', {}, { token: manager });
  projectId = body.data!.projects.nodes[0]!.id;
  // Fixture jobs of the seed would be claimed first: leave only this file's jobs in the queue.
  await db.query(`update training_jobs set status = 'cancelled', finished_at = now() where status = 'queued'`);
}, 120_000);

afterAll(async () => {
  await db?.end();
  await stack?.close();
});

describe('a snapshot copied after its job was created', () => {
  let first: Created;

  it('answers with the manifest at once; the job is claimed only after the copy, with URLs to the listed bytes', async () => {
    first = await create('copied later');
    expect(first.status).toBe('QUEUED');
    const payload = await firstEvent(first.id);
    expect(payload.copiedObjects).toBe(0);
    expect(payload.copyingObjects).toBeGreaterThan(0);

    const claimed = await claimWithin(30_000);
    expect(claimed.id).toBe(first.id);
    expect(claimed.snapshot.objectCount).toBe(first.datasetSnapshot.objectCount);
    const { rows } = await db.query<{ state: string; objects_copied: number; objects_to_copy: number }>(
      'select state, objects_copied, objects_to_copy from snapshot_preparations where snapshot_id = $1',
      [first.datasetSnapshot.id],
    );
    expect(rows[0]).toEqual({ state: 'ready', objects_copied: payload.copyingObjects, objects_to_copy: payload.copyingObjects });
    for (const object of claimed.snapshot.objects) {
      const served = Buffer.from(await (await fetch(object.url)).arrayBuffer());
      const source = await stack.storage.client.send(new GetObjectCommand({ Bucket: stack.storage.bucket, Key: `datasets/${PUBLIC_COCO}/${object.key}` }));
      expect(served.equals(Buffer.from(await source.Body!.transformToByteArray()))).toBe(true);
    }
  }, 60_000);

  it('reuses the snapshot for a second job on the unchanged dataset, which is claimable at once', async () => {
    const second = await create('reused');
    expect(second.datasetSnapshot).toEqual(first.datasetSnapshot);
    expect(await firstEvent(second.id)).toMatchObject({ copiedObjects: 0, reusedSnapshot: true, snapshotId: first.datasetSnapshot.id });
    expect((await claim())?.id).toBe(second.id);
  });
});
