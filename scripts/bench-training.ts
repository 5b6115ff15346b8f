/**
 * `npm run bench:training`: job creation (Labeler checks + snapshot + job) for a 1000-image dataset,
 * the first snapshot (lists and records the manifest; its content is copied after the job is
 * created, and the job becomes claimable when that copy ends) against repeated ones (reuse the
 * snapshot), the listing alone, copy time per concurrency, and worker event ingest (rows stored
 * and NOTIFYs published per second).
 * Own throw-away PostgreSQL and S3 in a temp folder; the services run in this process.
 *
 * Setup: S3 (s3rver) runs in a CHILD process by default, as a real S3 never shares the API's event
 * loop and CPU; `BENCH_S3=in-process` runs it inside this process like the tests do (then every
 * request's server-side work — file copies, MD5 reads, XML — is billed to the services too).
 * Settings: BENCH_IMAGES (1000), BENCH_REPEATS (20), BENCH_INGEST_SECONDS (5),
 * BENCH_INGEST_CONCURRENCY (8), BENCH_BATCH (50 events per request), BENCH_S3 (process | in-process),
 * BENCH_COPY_CONCURRENCIES (8,16,32,64; `none` skips the table), SNAPSHOT_COPY_CONCURRENCY and
 * SNAPSHOT_REUSE_SECONDS (platform defaults; `SNAPSHOT_REUSE_SECONDS=0` makes every repeat list the bucket).
 */
import os from 'node:os';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import pg from 'pg';
import { z } from 'zod';
import { parseEnv } from '../lib/env';
import { createTestBucket } from '../test/harness/infra';
import { insertDataset } from '../labeler/dataset.store';
import { cocoAnnotations, generateImages, type ShapeClass } from '../labeler/sample-data';
import { platformEnvShape } from '../subgraphs/platform/env';
import { mapLimit, prepareSnapshot } from '../subgraphs/platform/snapshot/snapshot.service';
import { quietKnownWarnings } from './stack/output';
import { createBenchRun, say } from './bench-harness';

quietKnownWarnings();
const settings = parseEnv({
  BENCH_IMAGES: z.coerce.number().int().min(1).max(20_000).default(1000),
  BENCH_REPEATS: z.coerce.number().int().min(1).max(500).default(20),
  BENCH_INGEST_SECONDS: z.coerce.number().int().min(1).max(120).default(5),
  BENCH_INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  BENCH_BATCH: z.coerce.number().int().min(1).max(1000).default(50),
  BENCH_S3: z.enum(['process', 'in-process']).default('process'),
  BENCH_COPY_CONCURRENCIES: z
    .string()
    .regex(/^(none|\d+(,\d+)*)$/)
    .default('8,16,32,64'),
  SNAPSHOT_COPY_CONCURRENCY: platformEnvShape.SNAPSHOT_COPY_CONCURRENCY,
  SNAPSHOT_REUSE_SECONDS: platformEnvShape.SNAPSHOT_REUSE_SECONDS,
});
const reuseSeconds = settings.SNAPSHOT_REUSE_SECONDS;
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

const ms = (value: number) => `${value.toFixed(0)} ms`;
/** A small public dataset of the Labeler's seed (warms the job-creation path up). */
const WARM_UP_DATASET = 'ds_3f9a1c7e5b2d4f60';

const run = createBenchRun('bench-training');
const cleanUp = run.cleanUp;

try {
  const s3Setup = await run.startInfra({ s3: settings.BENCH_S3 });
  const concurrency = settings.SNAPSHOT_COPY_CONCURRENCY;
  const setup = `${s3Setup} · services in this process · SNAPSHOT_COPY_CONCURRENCY ${concurrency}`;
  say(`setup: ${setup}`);
  const { startStack } = await import('../test/harness/stack');
  const stack = await startStack({
    logLevel: 'error',
    env: {
      labeler: { LABELER_RATE_LIMIT_SERVICE_PER_MIN: '100000', LABELER_RATE_LIMIT_USER_PER_MIN: '100000' },
      platform: { SNAPSHOT_COPY_CONCURRENCY: String(concurrency), SNAPSHOT_REUSE_SECONDS: String(reuseSeconds) },
    },
  });
  run.defer(() => stack.close());

  // A 1000-image COCO dataset in the external bucket, registered in the Labeler.
  const datasetId = 'ds_be4c4000000000aa';
  const classes: ShapeClass[] = ['circle', 'square', 'triangle'];
  const images = generateImages(4242, settings.BENCH_IMAGES, classes);
  const prefix = `datasets/${datasetId}/`;
  const put = (key: string, body: Buffer) => stack.storage.client.send(new PutObjectCommand({ Bucket: stack.storage.bucket, Key: key, Body: body }));
  await mapLimit(images, 16, (img) => put(`${prefix}images/${img.fileName}`, img.png));
  await put(`${prefix}annotations/instances.json`, Buffer.from(cocoAnnotations(images, classes)));
  const labelerDb = new pg.Pool({ connectionString: stack.dbUrls.labeler, max: 1 });
  await insertDataset(labelerDb, {
    id: datasetId,
    name: 'bench-1000',
    format: 'coco',
    labeled: true,
    storage_type: 's3',
    storage_path: prefix,
    visibility: 'public',
    owner_id: Number(stack.userIds.admin),
    num_classes: 3,
    num_images: images.length,
    class_names: classes,
    tags: ['bench'],
  });
  await labelerDb.end();
  say(`dataset ${datasetId}: ${images.length} images + annotations uploaded`);

  const admin = stack.graphql.withToken(await stack.login('admin@example.com'));
  const projectId = (await admin.data<{ projects: { nodes: Array<{ id: string }> } }>('{ projects(first: 1) { nodes { id } } }')).projects.nodes[0]!.id;
  const createJob = async (name: string) => {
    const started = performance.now();
    const data = await admin.data<{ createTrainingJob: { id: string; datasetSnapshot: { objectCount: number } } }>(
      'mutation($i: CreateTrainingJobInput!) { createTrainingJob(input: $i) { id datasetSnapshot { objectCount } } }',
      { i: { projectId, datasetId, name, framework: 'ultralytics', config: '{"epochs": 1}' } },
    );
    return { ms: performance.now() - started, ...data.createTrainingJob };
  };

  // The service records how many objects each creation copied in the job's first status event.
  const platformDb = new pg.Pool({ connectionString: stack.dbUrls.platform, max: 1 });
  const copiedBy = async (jobIds: string[]) => {
    const { rows } = await platformDb.query<{ copied: string }>(
      "select coalesce(sum((payload->>'copiedObjects')::int), 0) as copied from training_events where kind = 'status' and job_id = any($1)",
      [jobIds],
    );
    return Number(rows[0]!.copied);
  };

  // The first job's content copy runs after its creation: wait until its snapshot is ready (claimable).
  const readyAfter = async (snapshotId: string, startedAt: number) => {
    for (;;) {
      const { rows } = await platformDb.query<{ state: string; copied: number; total: number }>(
        'select state, objects_copied as copied, objects_to_copy as total from snapshot_preparations where snapshot_id = $1',
        [snapshotId],
      );
      const row = rows[0];
      if (!row || row.state === 'ready') return { ms: performance.now() - startedAt, copied: row?.total ?? 0 };
      if (row.state === 'failed') throw new Error(`snapshot ${snapshotId} failed to copy`);
      await new Promise((r) => setTimeout(r, 20));
    }
  };
  // A server has created jobs before: one on a small seeded dataset first, so the first snapshot
  // below is not also the process's first job creation (cold code paths, pools and caches).
  await admin.data('mutation($i: CreateTrainingJobInput!) { createTrainingJob(input: $i) { id } }', {
    i: { projectId, datasetId: WARM_UP_DATASET, name: 'warm-up', framework: 'ultralytics', config: '{"epochs": 1}' },
  });
  const firstStarted = performance.now();
  const first = await createJob('first');
  const firstSnapshotId = (await platformDb.query<{ id: string }>('select dataset_snapshot_id as id from training_jobs where id = $1', [first.id])).rows[0]!.id;
  const firstReady = await readyAfter(firstSnapshotId, firstStarted);
  const firstCopied = (await copiedBy([first.id])) + firstReady.copied;
  say(
    `first snapshot: manifest of ${first.datasetSnapshot.objectCount} objects and job in ${ms(first.ms)}; ${firstCopied} objects copied, claimable after ${ms(firstReady.ms)}`,
  );
  const repeatedJobs = [];
  for (let i = 0; i < settings.BENCH_REPEATS; i++) repeatedJobs.push(await createJob(`repeat ${i}`));
  const repeated = repeatedJobs.map((job) => job.ms);
  const repeatedCopied = await copiedBy(repeatedJobs.map((job) => job.id));
  const reusedCount = Number(
    (
      await platformDb.query<{ n: string }>('select count(*) as n from training_jobs where id = any($1) and dataset_snapshot_id = $2', [
        repeatedJobs.map((job) => job.id),
        firstSnapshotId,
      ])
    ).rows[0]!.n,
  );
  await platformDb.end();

  // The listing alone (what every snapshot must do to see the dataset's current objects).
  const listings: number[] = [];
  for (let i = 0; i < settings.BENCH_REPEATS; i++) {
    const t = performance.now();
    let token: string | undefined;
    do {
      const page = await stack.storage.client.send(new ListObjectsV2Command({ Bucket: stack.storage.bucket, Prefix: prefix, ContinuationToken: token }));
      token = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (token);
    listings.push(performance.now() - t);
  }

  // List + copy of every object into a fresh internal bucket, per copy concurrency (the service's own code).
  const copyTable: string[] = [];
  for (const limit of settings.BENCH_COPY_CONCURRENCIES.split(',')
    .filter((v) => v !== 'none')
    .map(Number)) {
    const fresh = await createTestBucket('bench-copy');
    const t = performance.now();
    const cpu = process.cpuUsage();
    const prepared = await prepareSnapshot(
      { external: stack.storage, internal: fresh.storage, sameEndpoint: true, concurrency: limit },
      datasetId,
      prefix,
      async () => new Set(),
    );
    const used = process.cpuUsage(cpu);
    copyTable.push(
      `${String(limit).padStart(4)} → ${ms(performance.now() - t).padStart(8)}  (${prepared.copied} copied, this process's CPU ${ms((used.user + used.system) / 1000)})`,
    );
  }

  // Event ingest: one claimed job, N workers posting batches of metrics and logs.
  const worker = async (p: string, body: Record<string, unknown>) => {
    const res = await fetch(`${stack.worker.url}${p}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.worker.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${p} answered ${res.status}`);
    return res.status === 204 ? null : ((await res.json()) as Record<string, unknown>);
  };
  const claim = (await worker('/jobs/claim', { workerId: 'bench', frameworks: ['ultralytics'] }))!.job as { id: string };
  const listener = new pg.Client({ connectionString: stack.dbUrls.platform });
  await listener.connect();
  let published = 0;
  listener.on('notification', () => (published += 1));
  await listener.query('listen training_job_updated');
  let stored = 0;
  let requests = 0;
  const latencies: number[] = [];
  const until = Date.now() + settings.BENCH_INGEST_SECONDS * 1000;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: settings.BENCH_INGEST_CONCURRENCY }, async (_, lane) => {
      for (let step = 0; Date.now() < until; step++) {
        const half = Math.ceil(settings.BENCH_BATCH / 2);
        const t = performance.now();
        const answer = await worker(`/jobs/${claim.id}/events`, {
          workerId: 'bench',
          progress: { epoch: step, percent: 50, etaSeconds: 10 },
          metrics: Array.from({ length: half - 1 }, (_, k) => ({ name: `m${k % 4}`, step: step * 100 + lane, value: Math.random() })),
          logs: Array.from({ length: settings.BENCH_BATCH - half }, (_, k) => ({ level: 'INFO', message: `lane ${lane} step ${step} line ${k}` })),
        });
        latencies.push(performance.now() - t);
        stored += Number(answer!.stored);
        requests += 1;
      }
    }),
  );
  const seconds = (Date.now() - started) / 1000;
  await new Promise((r) => setTimeout(r, 500));
  await listener.end();

  const lines = [
    `machine            ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)}`,
    `setup              ${setup}`,
    `dataset            ${settings.BENCH_IMAGES} images + 1 annotation file (${first.datasetSnapshot.objectCount} objects)`,
    `first snapshot     ${ms(first.ms)} (lists, writes the manifest and the job); ${firstCopied} objects copied server-side after it, job claimable after ${ms(firstReady.ms)}`,
    `repeated snapshot  p50 ${ms(pct(repeated, 50))} · p95 ${ms(pct(repeated, 95))} · max ${ms(Math.max(...repeated))} over ${repeated.length} jobs, ${repeatedCopied} objects copied, ${reusedCount} reused the first snapshot (SNAPSHOT_REUSE_SECONDS ${reuseSeconds})`,
    `  listing alone    p50 ${ms(pct(listings, 50))} · p95 ${ms(pct(listings, 95))} (ListObjectsV2 of the ${first.datasetSnapshot.objectCount} objects)`,
    ...(copyTable.length > 0 ? ['copy concurrency   → list + copy of every object into an empty bucket', ...copyTable.map((l) => `  ${l}`)] : []),
    `job creation       all ${repeated.length + 1}: p50 ${pct([first.ms, ...repeated], 50).toFixed(0)} ms · p95 ${pct([first.ms, ...repeated], 95).toFixed(0)} ms  (seed target: snapshot < 1000 ms)`,
    `event ingest       ${(stored / seconds).toFixed(0)} events/s stored (${stored} in ${seconds.toFixed(1)} s, ${requests} batches of ${settings.BENCH_BATCH}, ${settings.BENCH_INGEST_CONCURRENCY} senders), batch p50 ${pct(latencies, 50).toFixed(0)} ms · p95 ${pct(latencies, 95).toFixed(0)} ms`,
    `published          ${published} NOTIFYs (${(published / seconds).toFixed(0)}/s, one per stored batch)`,
  ];
  process.stdout.write(`\n${lines.map((l) => `  ${l}`).join('\n')}\n\n`);
} catch (error) {
  process.stderr.write(`✗ bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
await cleanUp();
process.exit(process.exitCode ?? 0);
