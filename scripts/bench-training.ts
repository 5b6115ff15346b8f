/**
 * `npm run bench:training`: job creation (Labeler checks + snapshot + job) for a 1000-image dataset,
 * the first snapshot (copies every object) against repeated ones (copy nothing), and worker event
 * ingest (rows stored and NOTIFYs published per second). Own throw-away PostgreSQL and S3 in a temp
 * folder, the whole stack in-process. Settings: BENCH_IMAGES (1000), BENCH_REPEATS (20),
 * BENCH_INGEST_SECONDS (5), BENCH_INGEST_CONCURRENCY (8), BENCH_BATCH (50 events per request).
 */
import os from 'node:os';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import pg from 'pg';
import { z } from 'zod';
import { parseEnv } from '../lib/env';
import { insertDataset } from '../labeler/dataset.store';
import { cocoAnnotations, generateImages, type ShapeClass } from '../labeler/sample-data';
import { mapLimit } from '../subgraphs/platform/snapshot/snapshot.service';
import { quietKnownWarnings } from './stack/output';
import { createBenchRun, say } from './bench-harness';

quietKnownWarnings();
const settings = parseEnv({
  BENCH_IMAGES: z.coerce.number().int().min(1).max(20_000).default(1000),
  BENCH_REPEATS: z.coerce.number().int().min(1).max(500).default(20),
  BENCH_INGEST_SECONDS: z.coerce.number().int().min(1).max(120).default(5),
  BENCH_INGEST_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  BENCH_BATCH: z.coerce.number().int().min(1).max(1000).default(50),
});
const pct = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
};

const run = createBenchRun('bench-training');
const cleanUp = run.cleanUp;

try {
  await run.startInfra();
  const { startStack } = await import('../lib/testing/stack');
  const stack = await startStack({ logLevel: 'error', labelerEnv: { LABELER_RATE_LIMIT_SERVICE_PER_MIN: '100000', LABELER_RATE_LIMIT_USER_PER_MIN: '100000' } });
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
    id: datasetId, name: 'bench-1000', format: 'coco', labeled: true, storage_type: 's3', storage_path: prefix, visibility: 'public',
    owner_id: Number(stack.userIds.admin), num_classes: 3, num_images: images.length, class_names: classes, tags: ['bench'],
  });
  await labelerDb.end();
  say(`dataset ${datasetId}: ${images.length} images + annotations uploaded`);

  const token = await stack.login('admin@example.com');
  const gql = async <T>(query: string, variables: Record<string, unknown> = {}) => {
    const res = await fetch(stack.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
    const body = (await res.json()) as { data?: T; errors?: Array<{ message: string }> };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data!;
  };
  const projectId = (await gql<{ projects: { nodes: Array<{ id: string }> } }>('{ projects(first: 1) { nodes { id } } }')).projects.nodes[0]!.id;
  const createJob = async (name: string) => {
    const started = performance.now();
    const data = await gql<{ createTrainingJob: { id: string; datasetSnapshot: { objectCount: number } } }>(
      'mutation($i: CreateTrainingJobInput!) { createTrainingJob(input: $i) { id datasetSnapshot { objectCount } } }',
      { i: { projectId, datasetId, name, framework: 'ultralytics', config: '{"epochs": 1}' } },
    );
    return { ms: performance.now() - started, ...data.createTrainingJob };
  };

  const first = await createJob('first');
  say(`first snapshot: ${first.datasetSnapshot.objectCount} objects copied in ${first.ms.toFixed(0)} ms (job creation included)`);
  const repeated: number[] = [];
  for (let i = 0; i < settings.BENCH_REPEATS; i++) repeated.push((await createJob(`repeat ${i}`)).ms);

  // Event ingest: one claimed job, N workers posting batches of metrics and logs.
  const worker = async (p: string, body: Record<string, unknown>) => {
    const res = await fetch(`${stack.worker.url}${p}`, { method: 'POST', headers: { authorization: `Bearer ${stack.worker.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
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
    `machine            ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    `dataset            ${settings.BENCH_IMAGES} images + 1 annotation file (${first.datasetSnapshot.objectCount} objects)`,
    `first snapshot     ${first.ms.toFixed(0)} ms (lists, copies every object server-side, writes the manifest and the job)`,
    `repeated snapshot  p50 ${pct(repeated, 50).toFixed(0)} ms · p95 ${pct(repeated, 95).toFixed(0)} ms · max ${Math.max(...repeated).toFixed(0)} ms over ${repeated.length} jobs (nothing copied)`,
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
