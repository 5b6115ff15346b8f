/**
 * Training end to end (issue 5, T2–T5): jobs created through the gateway are snapshotted from the
 * external bucket and trained by the real reference trainer through the worker protocol.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import pg from 'pg';
import type { Storage } from '../lib/s3';
import { startStack, type Stack } from './harness/stack';

const PUBLIC_COCO = 'ds_3f9a1c7e5b2d4f60';
const PRIVATE_YOLO = 'ds_8b41e0d29c7a5f13';
const UNLABELED = 'ds_c2d7f4a8e1b36950';

const JOB_FIELDS = 'id status errorMessage attempts framework datasetSnapshotId datasetSnapshot { id objectCount totalBytes createdAt }';
const CREATE = `mutation Create($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { ${JOB_FIELDS} } }`;

interface Job {
  id: string;
  status: string;
  errorMessage: string | null;
  attempts: number;
  framework: string;
  datasetSnapshotId: string;
  datasetSnapshot: { id: string; objectCount: number; totalBytes: number; createdAt: string };
}

let stack: Stack;
let db: pg.Pool;
let engineer: string;
let manager: string;
let projectId: string;

async function listKeys(storage: Storage, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let token: string | undefined;
  do {
    const page = await storage.client.send(new ListObjectsV2Command({ Bucket: storage.bucket, Prefix: prefix, ContinuationToken: token }));
    keys.push(...(page.Contents ?? []).map((o) => o.Key!));
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
  return keys;
}

async function create(token: string, input: Record<string, unknown>) {
  return stack.graphql.request<{ createTrainingJob: Job }>(CREATE, { input: { projectId, ...input } }, { token });
}

async function job(token: string, id: string, extra = '') {
  const body = await stack.graphql.request<{ trainingJob: Job & Record<string, unknown> }>(
    `query($id: ID!) { trainingJob(id: $id) { ${JOB_FIELDS} ${extra} } }`,
    { id },
    { token },
  );
  expect(body.errors).toBeUndefined();
  return body.data!.trainingJob;
}

async function waitForStatus(token: string, id: string, statuses: string[], timeoutMs = 30_000): Promise<Job> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await job(token, id);
    if (statuses.includes(current.status)) return current;
    if (Date.now() > deadline) throw new Error(`job ${id} is still ${current.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function counts(): Promise<{ jobs: number; snapshots: number }> {
  const { rows } = await db.query<{ jobs: string; snapshots: string }>(
    'select (select count(*) from training_jobs) as jobs, (select count(*) from dataset_snapshots) as snapshots',
  );
  return { jobs: Number(rows[0]!.jobs), snapshots: Number(rows[0]!.snapshots) };
}

async function worker(path: string, body: Record<string, unknown>, token = stack.worker.token) {
  const res = await fetch(`${stack.worker.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as Record<string, unknown>) };
}

beforeAll(async () => {
  // SNAPSHOT_REUSE_SECONDS=0: every job lists the bucket, so objects changed behind the Labeler's back are seen at once.
  stack = await startStack({ trainer: true, env: { platform: { LEASE_SWEEP_INTERVAL_MS: '200', JOB_MAX_ATTEMPTS: '2', SNAPSHOT_REUSE_SECONDS: '0' } } });
  db = new pg.Pool({ connectionString: stack.dbUrls.platform, max: 2 });
  engineer = await stack.login('advanced_engineer@example.com');
  manager = await stack.login('manager@example.com');
  const body = await stack.graphql.request<{ projects: { nodes: Array<{ id: string }> } }>('{ projects(first: 5) { nodes { id } } }', {}, { token: manager });
  projectId = body.data!.projects.nodes[0]!.id;
}, 120_000);

afterAll(async () => {
  await db?.end();
  await stack?.close();
});

describe('creating a training job', () => {
  let first: Job;

  it('snapshots a seeded dataset with every object, then the reference trainer runs it to COMPLETED with decreasing loss and a downloadable checkpoint', async () => {
    const external = await listKeys(stack.storage, `datasets/${PUBLIC_COCO}/`);
    const body = await create(engineer, { datasetId: PUBLIC_COCO, name: 'softmax on shapes', config: JSON.stringify({ epochs: 15 }) });
    expect(body.errors).toBeUndefined();
    first = body.data!.createTrainingJob;
    expect(first.framework).toBe('reference');
    expect(first.datasetSnapshot.id).toMatch(/^snap_[0-9a-f]{16}$/);
    expect(first.datasetSnapshot.objectCount).toBe(external.length);
    expect(first.datasetSnapshot.totalBytes).toBeGreaterThan(0);

    const done = await waitForStatus(engineer, first.id, ['COMPLETED', 'FAILED']);
    expect(done.errorMessage).toBeNull();
    expect(done.status).toBe('COMPLETED');

    const details = await job(
      engineer,
      first.id,
      'progress epoch totalEpochs metrics(name: "loss") { epoch value } accuracy: metrics(name: "accuracy") { value } logs(first: 100) { nodes { level message } } warnings: logs(level: WARNING) { nodes { level } } systemSamples { cpuPercent memoryBytes } checkpoints { name sizeBytes downloadUrl }',
    );
    const loss = details.metrics as Array<{ epoch: number; value: number }>;
    expect(loss.map((p) => p.epoch)).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    expect(loss[loss.length - 1]!.value).toBeLessThan(loss[0]!.value);
    expect((details.accuracy as Array<{ value: number }>).at(-1)!.value).toBeGreaterThan(0.5);
    expect(details.progress).toBe(100);
    expect(details.epoch).toBe(15);
    const logs = (details.logs as { nodes: Array<{ level: string; message: string }> }).nodes;
    expect(logs.some((l) => l.message.startsWith('epoch 15/15 loss'))).toBe(true);
    expect((details.warnings as { nodes: Array<{ level: string }> }).nodes.every((l) => l.level === 'WARNING' || l.level === 'ERROR')).toBe(true);
    const samples = details.systemSamples as Array<{ memoryBytes: number }>;
    expect(samples.length).toBeGreaterThan(0);
    expect(samples[0]!.memoryBytes).toBeGreaterThan(1_000_000);

    const checkpoints = details.checkpoints as Array<{ name: string; sizeBytes: number; downloadUrl: string }>;
    const final = checkpoints.find((c) => c.name === 'final.json')!;
    expect(final.sizeBytes).toBeGreaterThan(100);
    // The mid-run checkpoint came with an events report (not with complete): registered with its size too.
    expect(checkpoints.find((c) => /^epoch-\d+\.json$/.test(c.name))?.sizeBytes).toBeGreaterThan(100);
    const weights = (await (await fetch(final.downloadUrl)).json()) as { format: string; classes: string[]; weights: number[][]; snapshotId: string };
    expect(weights.format).toBe('vision-platform/softmax-v1');
    expect(weights.snapshotId).toBe(first.datasetSnapshot.id);
    expect(weights.weights.length).toBe(weights.classes.length);
  }, 60_000);

  it('lists the snapshots and training jobs of a dataset on the Dataset entity', async () => {
    const body = await stack.graphql.request<{
      dataset: {
        name: string;
        snapshots: Array<{ id: string; objectCount: number; createdBy: { email: string } }>;
        trainingJobs: { nodes: Array<{ id: string }> };
      };
    }>(
      'query($id: ID!) { dataset(id: $id) { name snapshots { id objectCount createdBy { email } } trainingJobs { nodes { id } } } }',
      { id: PUBLIC_COCO },
      { token: engineer },
    );
    expect(body.errors).toBeUndefined();
    expect(body.data!.dataset.snapshots).toContainEqual({
      id: first.datasetSnapshot.id,
      objectCount: first.datasetSnapshot.objectCount,
      createdBy: { email: 'advanced_engineer@example.com' },
    });
    expect(body.data!.dataset.trainingJobs.nodes.map((j) => j.id)).toContain(first.id);
  });

  it('reuses the snapshot and copies no object again when a second job lists the same unchanged dataset', async () => {
    const before = await listKeys(stack.internalStorage, 'snapshots/objects/');
    const snapshotsBefore = (await counts()).snapshots;
    const body = await create(engineer, { datasetId: PUBLIC_COCO, name: 'second run', config: JSON.stringify({ epochs: 2 }) });
    expect(body.errors).toBeUndefined();
    const second = body.data!.createTrainingJob;
    expect(second.datasetSnapshot).toEqual(first.datasetSnapshot);
    expect((await counts()).snapshots).toBe(snapshotsBefore);
    expect(second.datasetSnapshot.objectCount).toBe(first.datasetSnapshot.objectCount);
    expect(await listKeys(stack.internalStorage, 'snapshots/objects/')).toEqual(before);
    await waitForStatus(engineer, second.id, ['COMPLETED']);
  }, 60_000);

  it('keeps a snapshot unchanged after the dataset objects change, and the database refuses to edit it', async () => {
    const manifest = async (snapshotId: string) =>
      (await db.query<{ key: string; content_key: string }>('select key, content_key from snapshot_objects where snapshot_id = $1 order by key', [snapshotId]))
        .rows;
    const original = await manifest(first.datasetSnapshot.id);
    const image = original.find((row) => row.key === 'images/img_000.png')!;
    const read = async (storage: Storage, key: string) =>
      Buffer.from(await (await storage.client.send(new GetObjectCommand({ Bucket: storage.bucket, Key: key }))).Body!.transformToByteArray());
    const originalBytes = await read(stack.internalStorage, image.content_key);

    const put = (key: string, body: Buffer) => stack.storage.client.send(new PutObjectCommand({ Bucket: stack.storage.bucket, Key: key, Body: body }));
    await put(`datasets/${PUBLIC_COCO}/images/img_000.png`, await read(stack.storage, `datasets/${PUBLIC_COCO}/images/img_001.png`));
    await put(`datasets/${PUBLIC_COCO}/images/img_new.png`, originalBytes);

    const body = await create(engineer, { datasetId: PUBLIC_COCO, name: 'after the change', config: JSON.stringify({ epochs: 1 }) });
    expect(body.errors).toBeUndefined();
    const later = body.data!.createTrainingJob;
    expect(later.datasetSnapshot.objectCount).toBe(first.datasetSnapshot.objectCount + 1);

    expect(await manifest(first.datasetSnapshot.id)).toEqual(original);
    expect((await read(stack.internalStorage, image.content_key)).equals(originalBytes)).toBe(true);
    const changed = (await manifest(later.datasetSnapshot.id)).find((row) => row.key === 'images/img_000.png')!;
    expect(changed.content_key).not.toBe(image.content_key);
    const again = await job(engineer, first.id);
    expect(again.datasetSnapshot).toEqual(first.datasetSnapshot);
    await expect(db.query('update dataset_snapshots set object_count = 0 where id = $1', [first.datasetSnapshot.id])).rejects.toThrow(/immutable/);
    await waitForStatus(engineer, later.id, ['COMPLETED']);
  }, 60_000);

  it('answers a dataset the user cannot read word for word like a missing one, and writes neither a job nor a snapshot', async () => {
    const before = await counts();
    const body = await create(manager, { datasetId: PRIVATE_YOLO, name: 'not mine' });
    expect(body.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['NOT_FOUND', `Dataset ${PRIVATE_YOLO} does not exist.`]]);
    expect(body.data).toBeNull();
    const missing = await create(manager, { datasetId: 'ds_0000000000000000', name: 'no such dataset' });
    expect(missing.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([['NOT_FOUND', 'Dataset ds_0000000000000000 does not exist.']]);
    expect(await counts()).toEqual(before);
  });

  it('lets a platform admin train on a private dataset nobody granted them, as the datasets list offers it', async () => {
    const admin = await stack.login('admin@example.com');
    const listed = await stack.graphql.request<{ dataset: { myPermission: string } }>(
      'query($id: ID!) { dataset(id: $id) { myPermission } }',
      { id: PRIVATE_YOLO },
      { token: admin },
    );
    expect(listed.data?.dataset.myPermission).toBe('ADMIN');
    const body = await create(admin, { datasetId: PRIVATE_YOLO, name: 'admin on a private dataset', config: JSON.stringify({ epochs: 2 }) });
    expect(body.errors).toBeUndefined();
    const started = body.data!.createTrainingJob;
    expect(started.datasetSnapshot.objectCount).toBeGreaterThan(0);
    expect((await waitForStatus(admin, started.id, ['COMPLETED', 'FAILED'])).status).toBe('COMPLETED');
  }, 60_000);

  it('returns the same job for a repeated idempotency key, also when the requests race', async () => {
    const before = await counts();
    const input = { datasetId: PRIVATE_YOLO, name: 'idempotent', idempotencyKey: 'create-42', config: JSON.stringify({ epochs: 3 }) };
    const [a, b] = await Promise.all([create(engineer, input), create(engineer, input)]);
    const c = await create(engineer, input);
    const ids = [a, b, c].map((r) => r.data?.createTrainingJob.id);
    expect(ids[0]).toBeDefined();
    expect(new Set(ids).size).toBe(1);
    expect((await counts()).jobs).toBe(before.jobs + 1);
    await waitForStatus(engineer, ids[0]!, ['COMPLETED']);
  }, 60_000);

  it("gives a job's configuration as the same text when it is created and whenever it is read", async () => {
    const config = JSON.stringify({ learningRate: 0.05, epochs: 2, imageSize: 8, batchSize: 4 });
    const created = await stack.graphql.request<{ createTrainingJob: { id: string; config: string } }>(
      'mutation Create($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id config } }',
      { input: { projectId, datasetId: PUBLIC_COCO, name: 'config text', config } },
      { token: engineer },
    );
    expect(created.errors).toBeUndefined();
    const { id, config: answered } = created.data!.createTrainingJob;
    expect(JSON.parse(answered)).toMatchObject(JSON.parse(config));
    expect((await job(engineer, id, 'config')).config).toBe(answered);
    await waitForStatus(engineer, id, ['COMPLETED']);
  }, 60_000);

  it('rejects an invalid configuration with field-level errors', async () => {
    const body = await create(engineer, {
      datasetId: PUBLIC_COCO,
      name: 'bad',
      config: JSON.stringify({ epochs: 0, learningRate: -1, colour: 'pink', bogus: 1 }),
    });
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const fields = body.errors![0]!.extensions!.fields as Record<string, string>;
    expect(Object.keys(fields).sort()).toEqual(['config.bogus', 'config.colour', 'config.epochs', 'config.learningRate']);
  });

  it('refuses a job on an unlabeled dataset at creation with BAD_USER_INPUT, before any job or snapshot exists', async () => {
    const before = await counts();
    const body = await create(engineer, { datasetId: UNLABELED, name: 'nothing to learn' });
    expect(body.data?.createTrainingJob ?? null).toBeNull();
    expect(body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(body.errors?.[0]?.message).toBe(`Dataset "unlabeled-captures" (${UNLABELED}) is not labeled; label it in the Labeler before training on it.`);
    expect(body.errors?.[0]?.extensions?.fields).toEqual({ datasetId: 'a labeled dataset' });
    expect(await counts()).toEqual(before);
  });
});

describe('job status moves', () => {
  it('answers CONFLICT to cancelling or retrying a completed job, and a retry of a cancelled job trains on the same snapshot', async () => {
    const body = await create(engineer, { datasetId: PUBLIC_COCO, name: 'to be cancelled', framework: 'ultralytics', model: 'yolov8n' });
    const queued = body.data!.createTrainingJob;
    const cancel = await stack.graphql.request('mutation($id: ID!) { cancelTrainingJob(id: $id) { status } }', { id: queued.id }, { token: engineer });
    expect(cancel.errors).toBeUndefined();
    const again = await stack.graphql.request('mutation($id: ID!) { cancelTrainingJob(id: $id) { status } }', { id: queued.id }, { token: engineer });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');

    const retry = await stack.graphql.request<{ retryTrainingJob: Job & { retryOf: { id: string } } }>(
      `mutation($id: ID!) { retryTrainingJob(id: $id) { ${JOB_FIELDS} retryOf { id } } }`,
      { id: queued.id },
      { token: engineer },
    );
    expect(retry.errors).toBeUndefined();
    expect(retry.data!.retryTrainingJob).toMatchObject({ status: 'QUEUED', datasetSnapshotId: queued.datasetSnapshotId, retryOf: { id: queued.id } });

    const { rows } = await db.query<{ id: string }>("select id from training_jobs where status = 'completed' and framework = 'reference' limit 1");
    const completed = rows[0]!.id;
    const retryDone = await stack.graphql.request('mutation($id: ID!) { retryTrainingJob(id: $id) { id } }', { id: completed }, { token: engineer });
    expect(retryDone.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    const completeAgain = await worker(`/jobs/${completed}/complete`, { workerId: 'stack-trainer-1' });
    expect(completeAgain.status).toBe(409);
    expect(completeAgain.body).toMatchObject({ error: 'job_not_running', status: 'completed' });
  });
});

describe('cancelling a running job', () => {
  it('makes the reference trainer stop at its next report, without completing or failing the job', async () => {
    const abandoned = stack.trainer!.stats.abandoned;
    const body = await create(engineer, { datasetId: PUBLIC_COCO, name: 'long run', config: JSON.stringify({ epochs: 500 }) });
    const id = body.data!.createTrainingJob.id;
    const deadline = Date.now() + 20_000;
    while (((await job(engineer, id, 'epoch')) as unknown as { epoch: number; status: string }).epoch < 3 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 50));
    const cancel = await stack.graphql.request('mutation($id: ID!) { cancelTrainingJob(id: $id) { status } }', { id }, { token: engineer });
    expect(cancel.errors).toBeUndefined();
    while (stack.trainer!.stats.abandoned === abandoned && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(stack.trainer!.stats.abandoned).toBe(abandoned + 1);
    const after = (await job(engineer, id, 'epoch checkpoints { name }')) as unknown as { status: string; epoch: number; checkpoints: Array<{ name: string }> };
    expect(after.status).toBe('CANCELLED');
    expect(after.epoch).toBeLessThan(500);
    expect(after.checkpoints.map((c) => c.name)).not.toContain('final.json');
  }, 30_000);
});

describe('worker protocol', () => {
  it('refuses a wrong worker token', async () => {
    expect((await worker('/jobs/claim', { workerId: 'w' }, 'wrong-token')).status).toBe(401);
  });

  it('requeues a job whose worker stopped heartbeating, with the reason, and lets another worker finish it', async () => {
    const body = await create(engineer, {
      datasetId: PUBLIC_COCO,
      name: 'orphaned',
      framework: 'ultralytics',
      model: 'yolov8n',
      config: JSON.stringify({ epochs: 1 }),
    });
    const mine = body.data!.createTrainingJob.id;
    let claimed: string | undefined;
    for (let i = 0; i < 10 && claimed !== mine; i++) {
      const answer = await worker('/jobs/claim', { workerId: 'dying-worker', frameworks: ['ultralytics'], leaseSeconds: 1 });
      expect(answer.status).toBe(200);
      claimed = (answer.body!.job as { id: string; snapshot: { objects: Array<{ url: string }> } }).id;
      if (claimed === mine) {
        const snapshot = (answer.body!.job as { snapshot: { objectCount: number; objects: Array<{ url: string }> } }).snapshot;
        expect(snapshot.objects.length).toBe(snapshot.objectCount);
        expect((await fetch(snapshot.objects[0]!.url)).status).toBe(200);
      }
    }
    expect(claimed).toBe(mine);
    // The "dying worker" never reports again: the sweeper requeues the job after the 1 s lease.
    const requeued = await waitForStatus(engineer, mine, ['QUEUED'], 10_000);
    expect(requeued.attempts).toBe(1);
    expect(requeued.errorMessage).toMatch(/dying-worker stopped reporting \(lease expired\); requeued/);
    const late = await worker(`/jobs/${mine}/events`, { workerId: 'dying-worker', logs: [{ level: 'INFO', message: 'still here?' }] });
    expect(late.status).toBe(409);

    let second: { status: number; body: Record<string, unknown> | null } | undefined;
    for (let i = 0; i < 10; i++) {
      second = await worker('/jobs/claim', { workerId: 'healthy-worker', frameworks: ['ultralytics'] });
      if ((second.body?.job as { id: string } | undefined)?.id === mine) break;
    }
    expect((second!.body!.job as { attempt: number }).attempt).toBe(2);
    const events = await worker(`/jobs/${mine}/events`, {
      workerId: 'healthy-worker',
      progress: { epoch: 1, totalEpochs: 1, percent: 100, etaSeconds: 0 },
      metrics: [{ name: 'loss', epoch: 1, value: 0.5 }],
      logs: [{ level: 'INFO', message: 'done' }],
      system: [{ cpuPercent: 50, memoryBytes: 1024, gpuPercent: 90, gpuMemoryBytes: 2048 }],
    });
    expect(events).toEqual({ status: 200, body: { stored: 4 } });
    expect((await worker(`/jobs/${mine}/complete`, { workerId: 'healthy-worker' })).status).toBe(200);
    expect((await job(engineer, mine)).status).toBe('COMPLETED');
  }, 30_000);

  it('fails a job whose lease expired on its last allowed attempt (JOB_MAX_ATTEMPTS = 2)', async () => {
    const body = await create(engineer, { datasetId: PUBLIC_COCO, name: 'cursed', framework: 'ultralytics', model: 'yolov8m' });
    const mine = body.data!.createTrainingJob.id;
    for (const attempt of [1, 2]) {
      let claimed: string | undefined;
      for (let i = 0; i < 10 && claimed !== mine; i++) {
        claimed = (
          (await worker('/jobs/claim', { workerId: `dying-${attempt}`, frameworks: ['ultralytics'], leaseSeconds: 1 })).body?.job as { id: string } | undefined
        )?.id;
      }
      expect(claimed).toBe(mine);
      await waitForStatus(engineer, mine, attempt === 1 ? ['QUEUED'] : ['FAILED'], 10_000);
    }
    const failed = await job(engineer, mine);
    expect(failed).toMatchObject({ status: 'FAILED', attempts: 2 });
    expect(failed.errorMessage).toMatch(/dying-2 stopped reporting \(lease expired\) on attempt 2 of 2; giving up/);
  }, 30_000);

  it('keeps log lines and a failure reason as a terminal showed them: no colour codes, progress bars at their last state', async () => {
    const body = await create(engineer, { datasetId: PUBLIC_COCO, name: 'colourful', framework: 'ultralytics', model: 'yolov8s' });
    const mine = body.data!.createTrainingJob.id;
    let claimed: string | undefined;
    for (let i = 0; i < 10 && claimed !== mine; i++) {
      claimed = ((await worker('/jobs/claim', { workerId: 'tty-worker', frameworks: ['ultralytics'] })).body?.job as { id: string } | undefined)?.id;
    }
    expect(claimed).toBe(mine);
    // What a Python trainer writes to its terminal: ANSI colours, a progress bar redrawn with \r, a stray bell and U+202E.
    const events = await worker(`/jobs/${mine}/events`, {
      workerId: 'tty-worker',
      logs: [
        { level: 'INFO', message: '\u001b[34m\u001b[1mtrain: \u001b[0mScanning images... 12 found' },
        { level: 'INFO', message: 'epoch 1/3:  10%|#         |\repoch 1/3:  60%|######    |\repoch 1/3: 100%|##########|' },
        { level: 'WARNING', message: 'odd\u0007 file \u202Etxt.exe\r\nsecond line' },
      ],
    });
    expect(events).toEqual({ status: 200, body: { stored: 3 } });
    const traceback =
      '\u001b[31mTraceback (most recent call last):\u001b[0m\n  File "train.py", line 3\n\u001b[1;31mRuntimeError\u001b[0m: CUDA out of memory\n';
    expect((await worker(`/jobs/${mine}/fail`, { workerId: 'tty-worker', reason: traceback })).status).toBe(200);

    const shown = await job(engineer, mine, 'logs { nodes { level message } }');
    expect(shown.status).toBe('FAILED');
    expect(shown.errorMessage).toBe('Traceback (most recent call last):\n  File "train.py", line 3\nRuntimeError: CUDA out of memory');
    expect(shown.logs).toEqual({
      nodes: [
        { level: 'INFO', message: 'train: Scanning images... 12 found' },
        { level: 'INFO', message: 'epoch 1/3: 100%|##########|' },
        { level: 'WARNING', message: 'odd\uFFFD file \uFFFDtxt.exe\nsecond line' },
      ],
    });
  }, 30_000);
});

describe('faults', () => {
  it('still serves every snapshot object after the dataset objects are deleted from the external bucket', async () => {
    const body = await create(engineer, { datasetId: PRIVATE_YOLO, name: 'dataset goes away', framework: 'ultralytics', model: 'yolov8s' });
    const mine = body.data!.createTrainingJob;
    const { DeleteObjectsCommand } = await import('@aws-sdk/client-s3');
    const keys = await listKeys(stack.storage, `datasets/${PRIVATE_YOLO}/`);
    await stack.storage.client.send(new DeleteObjectsCommand({ Bucket: stack.storage.bucket, Delete: { Objects: keys.map((Key) => ({ Key })) } }));
    expect(await listKeys(stack.storage, `datasets/${PRIVATE_YOLO}/`)).toEqual([]);

    let claimed: { id: string; snapshot: { objectCount: number; objects: Array<{ url: string; sizeBytes: number }> } } | undefined;
    for (let i = 0; i < 10 && claimed?.id !== mine.id; i++) {
      claimed = (await worker('/jobs/claim', { workerId: 'reader', frameworks: ['ultralytics'] })).body?.job as typeof claimed;
    }
    expect(claimed?.id).toBe(mine.id);
    expect(claimed!.snapshot.objects).toHaveLength(keys.length);
    for (const object of claimed!.snapshot.objects) {
      const res = await fetch(object.url);
      expect(res.status).toBe(200);
      expect((await res.arrayBuffer()).byteLength).toBe(object.sizeBytes);
    }
    expect((await worker(`/jobs/${mine.id}/fail`, { workerId: 'reader', reason: 'test over' })).status).toBe(200);
    // A new job on the emptied dataset is refused instead of training on nothing.
    const empty = await create(engineer, { datasetId: PRIVATE_YOLO, name: 'empty now' });
    expect(empty.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  }, 30_000);

  it('answers UPSTREAM_UNAVAILABLE when the Labeler is down and writes neither a job nor a snapshot', async () => {
    const before = await counts();
    await stack.labeler.close();
    const body = await create(engineer, { datasetId: PUBLIC_COCO, name: 'labeler is down' });
    expect(body.errors?.[0]?.extensions?.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(await counts()).toEqual(before);
  }, 30_000);
});
