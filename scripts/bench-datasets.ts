/**
 * `npm run bench:datasets`: the three dataset reads a console makes, through the gateway under
 * load — the list (20 items), one dataset, and a presigned download URL — with p50/p95/p99,
 * requests/s, errors and Labeler calls per request, beside the seed's p95 targets and ours (ten
 * times lower). Like `npm run bench` it starts a throw-away PostgreSQL and S3 server and the whole
 * stack (Labeler, three subgraphs, gateway) on loopback ports, runs each scenario
 * for a bounded time and removes everything. Latency is measured with one connection (what one
 * user waits), throughput with BENCH_CONNECTIONS (10).
 *
 * Setup (printed with the figures): by default (`BENCH_STACK=services`) every service runs in its
 * OWN process, launched by the `npm start` machinery (scripts/bench-services.ts) — the topology of
 * `npm start` and production — and autocannon in this one, so the load generator's CPU is not
 * billed to the services; the Labeler's calls are read from its `/metrics`. `BENCH_STACK=process`
 * runs the services together in ONE child process (`startStack()`), `BENCH_STACK=in-process`
 * runs everything in this process, as this bench did first. With `services`, the bench also
 * reads every service's `/metrics` around the 1-connection run and prints where the time of one
 * request goes: calls each service answered, the time inside it and its CPU.
 * The 1-connection latency runs are interleaved over BENCH_ROUNDS rounds (A B C, A B C …): the
 * machine is shared, and interleaving spreads its background load over every scenario alike.
 * Percentiles pool every round's responses; each round's own p95 is printed too, to show the spread.
 * Before any measurement each scenario is warmed up for BENCH_WARMUP_SECONDS at BENCH_CONNECTIONS:
 * freshly started services answer their first few thousand requests slower (measured: the first
 * ~2000 presigned-URL requests after a start had p50 9 ms and p95 15 ms, the ones after p50 5.5 ms
 * and p95 8 ms), and the targets are about services that have been running. BENCH_WARMUP_SECONDS=0
 * measures from the first requests.
 * Settings: BENCH_DURATION_SECONDS (5 per run), BENCH_ROUNDS (3), BENCH_WARMUP_SECONDS (10 per scenario),
 * BENCH_CONNECTIONS, BENCH_STACK (services | process | in-process).
 */
import autocannon from 'autocannon';
import pg from 'pg';
import { z } from 'zod';
import { parseEnv } from '../lib/env';
import { createGraphQLClient } from '../test/harness/graphql-client';
import type { Stack, StackOptions } from '../test/harness/stack';
import { insertDataset } from '../labeler/dataset.store';
import { SEED_DATASETS } from '../labeler/seed';
import type { LabelerStats } from '../labeler/server';
import type { ServiceTime } from './bench-services';
import { quietKnownWarnings } from './stack/output';
import { createBenchRun, say, startStackProcess, type BenchRun } from './bench-harness';
import { errorsOf, percentile, pooled, report, type Measured, type Run, type Scenario } from './bench-datasets.report';

quietKnownWarnings();

const settings = parseEnv({
  BENCH_DURATION_SECONDS: z.coerce.number().int().min(1).max(60).default(5),
  BENCH_CONNECTIONS: z.coerce.number().int().min(1).max(200).default(10),
  BENCH_STACK: z.enum(['services', 'process', 'in-process']).default('services'),
  /** 1-connection latency runs per scenario, interleaved (A B C, A B C …) so background load hits all alike. */
  BENCH_ROUNDS: z.coerce.number().int().min(1).max(20).default(3),
  /** Load per scenario before anything is measured (0: none, the services' first requests after a start). */
  BENCH_WARMUP_SECONDS: z.coerce.number().int().min(0).max(120).default(10),
});

/** The stack as this bench uses it, wherever it runs. */
type BenchStack = Pick<Stack, 'graphqlUrl' | 'dbUrls' | 'userIds'> & {
  labelerStats(): Promise<LabelerStats>;
  login(email: string): Promise<string>;
  /** Only when each service runs in its own process: their request times and CPU. */
  serviceTimes?(): Promise<Record<string, ServiceTime>>;
};

/** Start the services in their own processes (default), in one child process or in this one; returns it with a setup line. */
async function startBenchStack(run: BenchRun, opts: StackOptions): Promise<{ stack: BenchStack; setup: string }> {
  if (settings.BENCH_STACK === 'services') {
    const { startServiceProcesses } = await import('./bench-services');
    const stack = await startServiceProcesses(run, opts);
    const pids = Object.entries(stack.pids)
      .map(([name, pid]) => `${name} ${pid}`)
      .join(', ');
    return {
      stack,
      setup: `each service in its own process, launched like npm start (${pids}); autocannon in this one (pid ${process.pid}); Labeler calls from its /metrics`,
    };
  }
  if (settings.BENCH_STACK === 'process') {
    const child = await startStackProcess(run, opts);
    return {
      stack: child,
      setup: `services (Labeler, 3 subgraphs, gateway) in one child process (pid ${child.pid}); autocannon in this one (pid ${process.pid})`,
    };
  }
  const { startStack } = await import('../test/harness/stack');
  const stack = await startStack(opts);
  run.defer(() => stack.close());
  return {
    stack: { ...stack, labelerStats: async () => ({ ...stack.labeler.stats }), login: (email) => stack.login(email) },
    setup: `services and autocannon in this one process (pid ${process.pid})`,
  };
}

/** The viewer: not an admin (so visibility is really decided) and a grantee of the private dataset. */
const VIEWER = 'advanced_engineer@example.com';
const PRIVATE = SEED_DATASETS.find((d) => d.visibility === 'private' && d.grants.some((g) => g.role === 'advanced_engineer'));
/** Public datasets added so the viewer's first page is a full 20. */
const EXTRA_DATASETS = 40;
/** Requests per scenario counted exactly for Labeler calls (all awaited, none in flight). */
const COUNTED = 200;

const scenarios = (datasetId: string): Scenario[] => [
  {
    // The floor on this machine right now: gateway, JWT check, no subgraph, no Labeler.
    name: 'baseline __typename',
    query: '{ __typename }',
    seedP95: null,
    ourP95: null,
    describe: () => 'the gateway alone, for scale',
  },
  {
    name: 'dataset list (20)',
    query:
      '{ datasets(first: 20) { totalCount pageInfo { hasNextPage endCursor } nodes { id name format labeled visibility numImages numClasses tags owner { email } } } }',
    seedP95: 500,
    ourP95: 50,
    describe: (data) => {
      const page = data.datasets as { nodes: unknown[]; totalCount: number };
      if (page.nodes.length !== 20) throw new Error(`the list returned ${page.nodes.length} datasets, not 20`);
      return `${page.nodes.length} of ${page.totalCount} datasets, with owners`;
    },
  },
  {
    name: 'single dataset',
    query:
      'query ($id: ID!) { dataset(id: $id) { id name description format labeled visibility numImages numClasses classNames tags myPermission owner { email } } }',
    variables: { id: datasetId },
    seedP95: 200,
    ourP95: 20,
    describe: (data) => {
      const d = data.dataset as { name: string; visibility: string; myPermission: string | null };
      return `${d.name} (${d.visibility}, viewer has ${d.myPermission ?? 'no grant'})`;
    },
  },
  {
    name: 'presigned URL',
    query: 'query ($id: ID!) { dataset(id: $id) { id downloadUrl(expiresIn: 600) { url expiresAt } } }',
    variables: { id: datasetId },
    seedP95: 100,
    ourP95: 10,
    describe: (data) => {
      const url = new URL((data.dataset as { downloadUrl: { url: string } }).downloadUrl.url);
      return `downloadUrl → ${url.host}${url.pathname}`;
    },
  },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function addPublicDatasets(stack: BenchStack): Promise<void> {
  const db = new pg.Pool({ connectionString: stack.dbUrls.labeler, max: 1 });
  const owners = Object.values(stack.userIds);
  try {
    for (let i = 0; i < EXTRA_DATASETS; i++) {
      const id = `ds_be0c${String(i).padStart(12, '0')}`;
      await insertDataset(db, {
        id,
        name: `bench-${i}`,
        description: 'Bench dataset',
        format: ['coco', 'yolo', 'voc'][i % 3]!,
        labeled: i % 2 === 0,
        storage_type: 's3',
        storage_path: `datasets/${id}/`,
        visibility: 'public',
        owner_id: Number(owners[i % owners.length]),
        num_classes: 2,
        num_images: 100 + i,
        class_names: ['circle', 'square'],
        tags: ['bench'],
      });
    }
  } finally {
    await db.end();
  }
}

function timedRun(opts: autocannon.Options, body: string): Promise<Run> {
  let graphqlErrors = 0;
  const latencies: number[] = [];
  return new Promise<Run>((resolve, reject) => {
    const options = {
      ...opts,
      duration: settings.BENCH_DURATION_SECONDS,
      // GraphQL errors arrive with HTTP 200; count them from the bodies.
      requests: [
        {
          method: 'POST' as const,
          headers: opts.headers,
          body,
          onResponse: (_status: number, text: string) => void (text.includes('"errors"') && graphqlErrors++),
        },
      ],
    };
    // autocannon's histogram has p97.5 but no p95: keep every response time and sort them.
    const instance = autocannon(options, (error, result) => {
      if (error) return reject(error);
      latencies.sort((a, b) => a - b);
      resolve({
        latencies,
        requestsPerSecond: result.requests.average,
        total: result.requests.total,
        transportErrors: result.errors + result.timeouts,
        non2xx: result.non2xx,
        graphqlErrors,
      });
    });
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

/** One scenario's request, checked once and warmed up (JIT, query plans, keep-alive pools). */
async function prepare(stack: BenchStack, headers: Record<string, string>, scenario: Scenario) {
  const body = JSON.stringify({ query: scenario.query, variables: scenario.variables ?? {} });
  const base = { url: stack.graphqlUrl, method: 'POST' as const, headers, body };
  const probe = await createGraphQLClient(stack.graphqlUrl).request(scenario.query, scenario.variables ?? {}, { headers });
  if (probe.errors?.length || !probe.data) throw new Error(`${scenario.name} fails before the bench: ${JSON.stringify(probe.errors)}`);
  say(`${scenario.name}: ${scenario.describe(probe.data)}`);
  if (settings.BENCH_WARMUP_SECONDS > 0) {
    const warm = await autocannon({ ...base, connections: settings.BENCH_CONNECTIONS, duration: settings.BENCH_WARMUP_SECONDS });
    say(`${scenario.name}: warmed up with ${warm.requests.total} requests in ${settings.BENCH_WARMUP_SECONDS} s`);
  }
  return { scenario, body, base };
}

type Prepared = Awaited<ReturnType<typeof prepare>>;

/** Rounds of one run per scenario in turn; per scenario, every round's run and the service times around them. */
async function latencyRounds(stack: BenchStack, prepared: Prepared[]) {
  const rounds = prepared.map(() => [] as Run[]);
  const spent = prepared.map(() => [] as Array<{ before: Record<string, ServiceTime>; after: Record<string, ServiceTime> }>);
  for (let round = 0; round < settings.BENCH_ROUNDS; round++) {
    for (const [i, p] of prepared.entries()) {
      await sleep(300);
      const before = await stack.serviceTimes?.();
      rounds[i]!.push(await timedRun({ ...p.base, connections: 1 }, p.body));
      const after = await stack.serviceTimes?.();
      if (before && after) spent[i]!.push({ before, after });
    }
    say(`latency round ${round + 1} of ${settings.BENCH_ROUNDS} done`);
  }
  return prepared.map((_, i) => ({ runs: rounds[i]!, spent: spent[i]! }));
}

async function measure(stack: BenchStack, p: Prepared, latency: Awaited<ReturnType<typeof latencyRounds>>[number]): Promise<Measured> {
  await sleep(300);
  const loaded = await timedRun({ ...p.base, connections: settings.BENCH_CONNECTIONS }, p.body);
  await sleep(300);
  // Counted exactly: a fixed number of requests, all awaited (a timed run ends with some in flight).
  const before = await stack.labelerStats();
  const exact = await autocannon({ ...p.base, connections: settings.BENCH_CONNECTIONS, amount: COUNTED });
  const done = exact.requests.total || COUNTED;
  const stats = await stack.labelerStats();
  const single = pooled(latency.runs);
  return {
    scenario: p.scenario,
    single,
    roundP95s: latency.runs.map((r) => percentile(r.latencies, 95)),
    loaded,
    exactErrors: exact.errors + exact.timeouts + exact.non2xx,
    labelerPerRequest: (stats.requests - before.requests) / done,
    batchPerRequest: (stats.batchCalls - before.batchCalls) / done,
    permissionPerRequest: (stats.permissionChecks - before.permissionChecks) / done,
    perService: latency.spent.length ? perService(latency.spent, single.total) : null,
  };
}

/** Per service, per client request of the 1-connection runs: calls it answered, time inside it, CPU. */
function perService(spent: Array<{ before: Record<string, ServiceTime>; after: Record<string, ServiceTime> }>, clientRequests: number) {
  return Object.keys(spent[0]!.after).map((name) => {
    const d = (pick: (t: ServiceTime) => number) => spent.reduce((n, { before, after }) => n + pick(after[name]!) - pick(before[name]!), 0) / clientRequests;
    return { name, calls: d((t) => t.requests), ms: d((t) => t.seconds) * 1000, cpuMs: d((t) => t.cpuSeconds) * 1000 };
  });
}

const run = createBenchRun('bench-datasets');
const cleanUp = run.cleanUp;

try {
  if (!PRIVATE) throw new Error('the Labeler seed has no private dataset granted to the advanced engineer');
  const startedAt = Date.now();
  await run.startInfra();
  // D4's limits (1000/min per service, 100/min per user) would turn a load test into a 429 test.
  const { stack, setup } = await startBenchStack(run, {
    logLevel: 'error',
    env: { labeler: { LABELER_RATE_LIMIT_SERVICE_PER_MIN: '1000000', LABELER_RATE_LIMIT_USER_PER_MIN: '1000000' } },
  });
  await addPublicDatasets(stack);
  say(`stack ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s (gateway ${stack.graphqlUrl})`);
  say(`setup: ${setup}`);

  const token = await stack.login(VIEWER);
  const headers = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
  const prepared: Prepared[] = [];
  for (const scenario of scenarios(PRIVATE.id)) prepared.push(await prepare(stack, headers, scenario));
  const latency = await latencyRounds(stack, prepared);
  const results: Measured[] = [];
  for (const [i, p] of prepared.entries()) results.push(await measure(stack, p, latency[i]!));

  process.stdout.write(
    `\n${report(results, { setup, viewer: VIEWER, rounds: settings.BENCH_ROUNDS, connections: settings.BENCH_CONNECTIONS, durationSeconds: settings.BENCH_DURATION_SECONDS, warmupSeconds: settings.BENCH_WARMUP_SECONDS, counted: COUNTED })}\n\n`,
  );
  const failed = results.some((r) => errorsOf(r) > 0);
  process.exitCode = failed ? 1 : 0;
} catch (error) {
  process.stderr.write(`✗ bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
await cleanUp();
process.exit(process.exitCode ?? 0);
