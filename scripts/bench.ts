/**
 * `npm run bench`: the cross-service query (users + platform + datasets + the Labeler) through the
 * gateway under load. Starts its own throw-away PostgreSQL and S3 server in a temp folder and the
 * whole stack in-process on loopback ports (test/harness/stack.ts), drives it with autocannon for a
 * bounded time, prints the figures and removes everything. Settings: BENCH_DURATION_SECONDS (10),
 * BENCH_CONNECTIONS (10).
 */
import os from 'node:os';
import autocannon from 'autocannon';
import { z } from 'zod';
import { parseEnv } from '../lib/env';
import { quietKnownWarnings } from './stack/output';
import { createBenchRun, say } from './bench-harness';

quietKnownWarnings();

const QUERY = '{ trainingJobs(first: 20) { nodes { id owner { email } dataset { name numImages } } } }';

const settings = parseEnv({
  BENCH_DURATION_SECONDS: z.coerce.number().int().min(1).max(120).default(10),
  BENCH_CONNECTIONS: z.coerce.number().int().min(1).max(200).default(10),
});

interface JobsData {
  trainingJobs: { nodes: Array<{ id: string; owner: { email: string }; dataset: { name: string; numImages: number } | null }> };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const run = createBenchRun('bench');
const cleanUp = run.cleanUp;

try {
  const startedAt = Date.now();
  await run.startInfra();
  const { startStack } = await import('../test/harness/stack');
  const stack = await startStack({ logLevel: 'error' });
  run.defer(() => stack.close());
  say(`stack ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (gateway ${stack.graphqlUrl})`);

  const admin = stack.graphql.withToken(await stack.login('admin@example.com'));
  // autocannon sends the same request the client does.
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${admin.token}` };
  const body = JSON.stringify({ query: QUERY });

  const probe = await admin.request<JobsData>(QUERY);
  if (probe.errors?.length || !probe.data) throw new Error(`the query fails before the bench: ${JSON.stringify(probe.errors)}`);
  const nodes = probe.data.trainingJobs.nodes;
  const distinct = new Set(nodes.map((n) => n.dataset?.name).filter(Boolean)).size;
  say(`query returns ${nodes.length} jobs using ${distinct} distinct datasets`);

  // Warm-up (JIT, query plan cache, connection pools), not counted.
  await autocannon({ url: stack.graphqlUrl, method: 'POST', headers, body, connections: settings.BENCH_CONNECTIONS, duration: 2 });

  await sleep(1000); // let warm-up requests still in flight finish
  say(`running ${settings.BENCH_CONNECTIONS} connections for ${settings.BENCH_DURATION_SECONDS} s: ${QUERY}`);
  const result = await autocannon({
    url: stack.graphqlUrl,
    method: 'POST',
    headers,
    body,
    connections: settings.BENCH_CONNECTIONS,
    duration: settings.BENCH_DURATION_SECONDS,
  });
  const completed = result.requests.total;
  await sleep(1000);

  // Labeler calls per request, counted exactly: a fixed number of requests, all awaited (a timed
  // run ends with requests in flight that reach the Labeler but are not counted as completed).
  const counted = 200;
  const batchBefore = stack.labeler.stats.batchCalls;
  const labelerBefore = stack.labeler.stats.requests;
  const exact = await autocannon({ url: stack.graphqlUrl, method: 'POST', headers, body, connections: settings.BENCH_CONNECTIONS, amount: counted });
  const batchCalls = stack.labeler.stats.batchCalls - batchBefore;
  const labelerRequests = stack.labeler.stats.requests - labelerBefore;

  const check = await admin.request<JobsData>(QUERY);
  const lines = [
    `machine          ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`,
    `requests/s       ${result.requests.average.toFixed(0)} (total ${completed} in ${result.duration.toFixed(1)} s)`,
    `latency          p50 ${result.latency.p50} ms · p99 ${result.latency.p99} ms · max ${result.latency.max} ms`,
    `errors           ${result.errors} transport, ${result.timeouts} timeouts, ${result.non2xx} non-2xx; after the run: ${check.errors?.length ?? 0} GraphQL errors`,
    `Labeler          ${(batchCalls / exact.requests.total).toFixed(2)} batch calls per request (${batchCalls} batch, ${labelerRequests} calls in all, for ${exact.requests.total} requests)`,
  ];
  process.stdout.write(`\n${lines.map((l) => `  ${l}`).join('\n')}\n\n`);
  process.exitCode = result.errors + result.non2xx + exact.errors + exact.non2xx > 0 ? 1 : 0;
} catch (error) {
  process.stderr.write(`✗ bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
await cleanUp();
process.exit(process.exitCode ?? 0);
