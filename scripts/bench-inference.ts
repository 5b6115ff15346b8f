/**
 * `npm run bench:inference`: predictions per second and p50/p99 latency of one deployment of the
 * reference model, for 1 and 10 concurrent clients, each sending one 32×32 PNG per request
 * (multipart) through the gateway with a deployment API key.
 *
 * Setup: own throw-away PostgreSQL and S3; the services and the reference trainer run in ONE child
 * process (`startStack({ trainer: true })`), the clients in this one. The model is made for real:
 * a training job on the seeded COCO dataset, registered, deployed (its checkpoint exported to
 * ONNX), READY before the clock starts.
 * Settings: BENCH_SECONDS (10 per concurrency), BENCH_CONCURRENCIES (1,10), BENCH_WARMUP (50 requests).
 */
import os from 'node:os';
import { z } from 'zod';
import { parseEnv } from '../lib/env';
import { generateImages } from '../labeler/sample-data';
import { quietKnownWarnings } from './stack/output';
import { createBenchRun, say, startStackProcess } from './bench-harness';

quietKnownWarnings();
const settings = parseEnv({
  BENCH_SECONDS: z.coerce.number().min(1).max(600).default(10),
  BENCH_CONCURRENCIES: z
    .string()
    .regex(/^\d+(,\d+)*$/)
    .default('1,10'),
  BENCH_WARMUP: z.coerce.number().int().min(0).max(10_000).default(50),
});
const PUBLIC_COCO = 'ds_3f9a1c7e5b2d4f60';
const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;

const run = createBenchRun('bench-inference');

async function main() {
  const s3 = await run.startInfra({ s3: 'process' });
  const stack = await startStackProcess(run, { trainer: true, env: { gateway: { RATE_LIMIT_PER_USER: '0', RATE_LIMIT_PER_ADDRESS: '0' } } });
  const token = await stack.login('standard_engineer@example.com');
  const gql = async <T>(query: string, variables: Record<string, unknown> = {}): Promise<T> => {
    const res = await fetch(stack.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: T; errors?: Array<{ message: string }> };
    if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
    return body.data!;
  };
  const wait = async <T>(read: () => Promise<T>, done: (v: T) => boolean, what: string) => {
    const deadline = Date.now() + 120_000;
    for (;;) {
      const value = await read();
      if (done(value)) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  };

  const projects = await gql<{ projects: { nodes: Array<{ id: string; name: string }> } }>('{ projects(first: 10) { nodes { id name } } }');
  const projectId = projects.projects.nodes.find((p) => p.name === 'Warehouse object detection')!.id;
  const job = await gql<{ createTrainingJob: { id: string } }>(
    'mutation BenchTrain($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }',
    {
      input: { projectId, datasetId: PUBLIC_COCO, name: 'bench inference model', config: JSON.stringify({ epochs: 10, imageSize: 8 }) },
    },
  );
  const jobId = job.createTrainingJob.id;
  await wait(
    async () =>
      (await gql<{ trainingJob: { status: string } }>('query BenchJob($id: ID!) { trainingJob(id: $id) { status } }', { id: jobId })).trainingJob.status,
    (s) => s === 'COMPLETED',
    'the training job',
  );
  const version = await gql<{ registerModelVersion: { id: string } }>(
    'mutation BenchRegister($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { id } }',
    { input: { jobId, modelName: 'bench shapes' } },
  );
  const created = await gql<{ createDeployment: { id: string; endpointPath: string } }>(
    'mutation BenchDeploy($v: ID!) { createDeployment(modelVersionId: $v, name: "bench") { id endpointPath } }',
    { v: version.registerModelVersion.id },
  );
  const { id, endpointPath } = created.createDeployment;
  await wait(
    async () => (await gql<{ deployment: { status: string } }>('query BenchDeployment($id: ID!) { deployment(id: $id) { status } }', { id })).deployment.status,
    (s) => s !== 'PENDING',
    'the deployment',
  );
  const key = (
    await gql<{ createDeploymentApiKey: { key: string } }>('mutation BenchKey($id: ID!) { createDeploymentApiKey(deploymentId: $id, name: "bench") { key } }', {
      id,
    })
  ).createDeploymentApiKey.key;

  const images = generateImages(77, 32, ['circle', 'square', 'triangle']).map((img) => img.png);
  const url = `${stack.gatewayUrl}${endpointPath}`;
  let sent = 0;
  const once = async () => {
    const body = new FormData();
    body.append('image', new Blob([new Uint8Array(images[sent++ % images.length]!)], { type: 'image/png' }), 'image.png');
    const started = performance.now();
    const res = await fetch(url, { method: 'POST', headers: { 'x-api-key': key }, body });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`prediction answered ${res.status}`);
    return performance.now() - started;
  };
  for (let i = 0; i < settings.BENCH_WARMUP; i++) await once();

  say(`setup              services + reference trainer in one child process (pid ${stack.pid}); ${s3}; clients in this process (pid ${process.pid})`);
  say(`model              deployment ${id} of the reference softmax (8×8 RGB input, 3 classes), one 32×32 PNG per request, via the gateway with an API key`);
  say(
    `machine            ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)} at start`,
  );
  for (const concurrency of settings.BENCH_CONCURRENCIES.split(',').map(Number)) {
    const latencies: number[] = [];
    const until = performance.now() + settings.BENCH_SECONDS * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (performance.now() < until) latencies.push(await once());
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    latencies.sort((a, b) => a - b);
    say(
      `${String(concurrency).padStart(2)} client(s)        ${(latencies.length / seconds).toFixed(0).padStart(5)} predictions/s, p50 ${pct(latencies, 50).toFixed(2)} ms, p99 ${pct(latencies, 99).toFixed(2)} ms (${latencies.length} requests in ${seconds.toFixed(1)} s; load average ${os.loadavg()[0]!.toFixed(1)})`,
    );
  }
}

main()
  .then(() => run.cleanUp())
  .then(() => process.exit(0))
  .catch(async (error: Error) => {
    say(`failed: ${error.message}`);
    await run.cleanUp();
    process.exit(1);
  });
