/**
 * `npm run bench:subscriptions`: live job updates through the gateway under many viewers. Each
 * service runs in its OWN process, launched by the `npm start` machinery (scripts/bench-services.ts)
 * on a throw-away PostgreSQL and S3 server; the viewers run in a process of their own
 * (bench-subscriptions.viewers.child.ts; `--client-processes N` shares them out to N), so that the
 * hand-played worker in this one sends each report on time however many events the viewers parse.
 *
 * Per run, on a fresh stack (the gateway gets `SUBSCRIPTION_SHARING` = the run's sharing):
 *  - distinct users (`bench-viewer-N@example.com`, role guest) are written to the User DB and made
 *    viewers of the job's project; their tokens are signed with the JWT secret the bench gave the stack;
 *  - each viewer opens its own graphql-ws socket and subscribes to `trainingJobUpdated(id)` with the
 *    console job page's selection (and, with `--metrics`, to the delta stream `trainingJobMetrics`);
 *    the idle run packs `--per-socket` subscriptions on each socket, one user per socket;
 *  - a worker played over the worker protocol (docs/worker-protocol.md) reports `--rate` times a
 *    second; report k carries `progress.epoch = k` (and a metric point with `step = k`), so each
 *    receipt is matched to the moment its report was sent: latency = receipt − send, both read from
 *    the machine's clock (`performance.timeOrigin + performance.now()`, the same in every process);
 *  - the gateway's RSS and CPU are read from /proc/<pid> (RSS every 250 ms), as are the client
 *    processes' CPU; this process's from `process.cpuUsage()`, the machine's from /proc/stat.
 * Before measuring, a warm-up report is sent every 500 ms until every subscription has received one
 * (at most 60 s, 180 s for the idle run), then for `--warm-up` seconds (3) at the measured rate
 * (the window measures the steady state, not the first second of a cold pipeline); the bench then
 * waits until no event arrived for a second (at most 60 s), so that no warm-up event counts in the
 * measured window. After the last report it waits until every expected event (and metric point) arrived, or nothing
 * arrived for 5 s (at most 60 s).
 * The gateway's rate limit is off and its subscription budgets raised for the bench (printed).
 */
import os from 'node:os';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { signAccessToken, type JwtSettings } from '../lib/auth';
import { gatewayEnvShape } from '../gateway/env';
import { stableId } from '../subgraphs/platform/seed';
import { createGraphQLClient } from '../test/harness/graphql-client';
import { startServiceProcesses, type ServiceProcesses } from './bench-services';
import { createBenchRun, say } from './bench-harness';
import { quietKnownWarnings } from './stack/output';
import {
  USAGE,
  behaveAlike,
  clientBound,
  goals,
  latenciesOf,
  machineClock,
  parseArgs,
  plannedRuns,
  shareSockets,
  summarise,
  table,
  type BenchOptions,
  type RunPhase,
  type RunPlan,
  type RunResult,
  type ViewersAsk,
  type ViewersCollected,
  type ViewersStatus,
} from './bench-subscriptions.report';
import { goalsLine } from './bench-goals';
import { forkIpcChild, type IpcChild } from './bench-ipc';

quietKnownWarnings();

let options: BenchOptions;
try {
  options = parseArgs(process.argv.slice(2));
} catch (error) {
  process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
  process.exit(2);
}

/** The seed's Inspection project and its public COCO dataset (subgraphs/platform/seed.ts, labeler/seed.ts). */
const PROJECT = stableId('prj', 'inspection');
const DATASET = 'ds_3f9a1c7e5b2d4f60';
const WORKER_ID = 'bench-worker';
/** The console job page's selection (client/src/components/training/JobPage.tsx). */
const UPDATED = 'subscription JobPageUpdated($id: ID!) { trainingJobUpdated(id: $id) { id status progress epoch updatedAt } }';
/** The console job page's metric stream, as the console sends it (client/src/components/training/live/MetricCharts.tsx). */
const METRICS =
  'subscription JobMetricsStream($after: String, $jobId: ID!) { trainingJobMetrics(jobId: $jobId, after: $after) { __typename cursor points { __typename cursor epoch name step value } } }';
/** The gateway's setting this bench passes per run; today's gateway may not know it yet. */
const SHARING_SETTING = 'SUBSCRIPTION_SHARING';
const gatewayKnowsSharing = SHARING_SETTING in gatewayEnvShape;

/** Reports the hand-played worker may have waiting for the platform at once. */
const IN_FLIGHT = 8;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU seconds (user + system) and RSS of a process, from /proc. */
function procStat(pid: number): { cpuSeconds: number; rssMb: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 and 15 of stat (utime, stime) are 11 and 12 after "pid (comm) "; clock ticks of 1/100 s on Linux.
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / 100;
  const rss = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return { cpuSeconds, rssMb: rss ? Number(rss[1]) / 1024 : Number.NaN };
}

/** Busy and total jiffies of the whole machine. */
function machineTicks(): { busy: number; total: number } {
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.reduce((a, b) => a + b, 0);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  return { busy: total - idle, total };
}

/** Rows in the User DB for `count` bench viewers, members (viewer role) of the project; returns their ids and emails. */
async function ensureViewers(usersDb: string, count: number): Promise<Array<{ id: string; email: string }>> {
  const db = new pg.Client({ connectionString: usersDb });
  await db.connect();
  try {
    await db.query(
      `insert into users (email, hashed_password, full_name, role, organization_id, is_active)
       select 'bench-viewer-' || g || '@example.com', '!bench-no-login', 'Bench viewer ' || g, 'guest', (select min(id) from organizations), true
       from generate_series(1, $1::int) g
       on conflict (email) do nothing`,
      [count],
    );
    const { rows } = await db.query<{ id: number; email: string }>(`select id, email from users where email like 'bench-viewer-%' order by id limit $1`, [
      count,
    ]);
    await db.query(
      `insert into project_members (project_id, user_id, role) select $1, unnest($2::int[]), 'viewer' on conflict (project_id, user_id) do nothing`,
      [PROJECT, rows.map((r) => r.id)],
    );
    return rows.map((r) => ({ id: String(r.id), email: r.email }));
  } finally {
    await db.end();
  }
}

const VIEWERS_CHILD = fileURLToPath(new URL('./bench-subscriptions.viewers.child.ts', import.meta.url));

/** A client process (bench-subscriptions.viewers.child.ts), asked over IPC. */
type ViewerProcess = IpcChild<unknown, ViewersAsk>;

/** `A=1 B=2` (an environment variable of the bench) → { A: '1', B: '2' }: settings for a service in an experiment. */
const settingsOf = (pairs = ''): Record<string, string> =>
  Object.fromEntries(
    pairs
      .split(/\s+/)
      .filter((pair) => pair.includes('='))
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );

async function runOnce(plan: RunPlan, run: ReturnType<typeof createBenchRun>): Promise<RunResult> {
  const isIdle = plan.kind === 'idle';
  const perSocket = isIdle ? options.perSocket : 1;
  const subscriptions = isIdle ? options.idle : options.viewers;
  const sockets = Math.ceil(subscriptions / perSocket);
  const rate = isIdle ? options.idleRate : options.rate;
  const withMetrics = options.metrics && !isIdle;
  const budget = String(Math.max(300, perSocket * (withMetrics ? 2 : 1)));
  const gatewayEnv: Record<string, string> = {
    [SHARING_SETTING]: plan.sharing,
    RATE_LIMIT_PER_USER: '0',
    RATE_LIMIT_PER_ADDRESS: '0',
    SUBSCRIPTION_MAX_PER_SOCKET: budget,
    SUBSCRIPTION_MAX_PER_USER: budget,
    SUBSCRIPTION_MAX_UPSTREAMS_PER_SOCKET: budget,
    SUBSCRIPTION_MAX_UPSTREAMS_PER_USER: budget,
    // Profiling the gateway: e.g. BENCH_GATEWAY_NODE_FLAGS="--cpu-prof --cpu-prof-dir=/tmp/prof"
    // (written when the gateway stops); with --heapsnapshot-signal=SIGUSR2 the bench signals it at the end of the window.
    ...(process.env.BENCH_GATEWAY_NODE_FLAGS ? { NODE_FLAGS_EXTRA: process.env.BENCH_GATEWAY_NODE_FLAGS } : {}),
    ...(process.env.BENCH_GATEWAY_LOG_LEVEL ? { LOG_LEVEL: process.env.BENCH_GATEWAY_LOG_LEVEL } : {}),
    // Any other gateway setting for an experiment: BENCH_GATEWAY_ENV="ACCOUNT_STATUS_TTL_MS=60000 …".
    ...settingsOf(process.env.BENCH_GATEWAY_ENV),
  };
  say(
    `── ${plan.label}: starting the stack (gateway ${Object.entries(gatewayEnv)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ')})`,
  );
  // The platform too: BENCH_PLATFORM_NODE_FLAGS, and BENCH_PLATFORM_LOG_LEVEL (e.g. warn) to see why it refuses.
  const platformEnv: Record<string, string> = {
    ...(process.env.BENCH_PLATFORM_NODE_FLAGS ? { NODE_FLAGS_EXTRA: process.env.BENCH_PLATFORM_NODE_FLAGS } : {}),
    ...(process.env.BENCH_PLATFORM_LOG_LEVEL ? { LOG_LEVEL: process.env.BENCH_PLATFORM_LOG_LEVEL } : {}),
    // Any other platform setting: BENCH_PLATFORM_ENV="STREAM_FRAME_INTERVAL_MS=250 …".
    ...settingsOf(process.env.BENCH_PLATFORM_ENV),
  };
  const stack: ServiceProcesses = await startServiceProcesses(run, { logLevel: 'silent', env: { gateway: gatewayEnv, platform: platformEnv } });
  const errors: string[] = [];
  const viewerProcesses: ViewerProcess[] = [];
  try {
    const gatewayPid = stack.pids.gateway!;
    const platformPid = stack.pids.platform!;
    const platformEnv = stack.serviceEnvs.platform!;
    const gatewayVars = stack.serviceEnvs.gateway!;
    const jwt: JwtSettings = {
      secret: gatewayVars.JWT_SECRET!,
      algorithm: (gatewayVars.JWT_ALGORITHM ?? 'HS256') as JwtSettings['algorithm'],
      expiresInSeconds: 3600,
    };
    const workerUrl = `${stack.urls.platform}/worker/v1`;
    const workerToken = platformEnv.WORKER_TOKEN!;

    const viewers = await ensureViewers(stack.dbUrls.users, sockets);
    const tokens = await Promise.all(viewers.map((v) => signAccessToken({ id: v.id, email: v.email, role: 'guest' }, jwt).then((t) => t.token)));

    // The job, created by the admin through the API, and claimed by the hand-played worker.
    const admin = createGraphQLClient(stack.graphqlUrl).withToken(await stack.login('admin@example.com'));
    const jobId = (
      await admin.data<{ createTrainingJob: { id: string } }>('mutation($i: CreateTrainingJobInput!) { createTrainingJob(input: $i) { id } }', {
        i: { projectId: PROJECT, datasetId: DATASET, name: `bench ${plan.label}` },
      })
    ).createTrainingJob.id;
    const worker = async (path: string, body: Record<string, unknown>) => {
      const res = await fetch(`${workerUrl}${path}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${workerToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ workerId: WORKER_ID, ...body }),
        signal: AbortSignal.timeout(30_000),
      });
      if (res.status === 204) return null;
      if (!res.ok) throw new Error(`worker ${path} answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      return (await res.json()) as Record<string, unknown>;
    };
    // Claims take the oldest queued job first: the seed's queued jobs may come before ours.
    for (let tries = 0; ; tries++) {
      const claim = await worker('/jobs/claim', { frameworks: ['reference'], tasks: ['classification'], leaseSeconds: 3600 });
      if ((claim?.job as { id?: string } | undefined)?.id === jobId) break;
      if (!claim || tries > 20) throw new Error(`could not claim job ${jobId}`);
    }

    // Viewers: one socket per user, `perSocket` subscriptions on each, shared out to the client processes.
    const shares = shareSockets(sockets, options.clientProcesses);
    const rssBefore = procStat(gatewayPid).rssMb;
    viewerProcesses.push(...(await Promise.all(shares.map(() => forkIpcChild<unknown, ViewersAsk>(VIEWERS_CHILD, [])))));
    const opened = await Promise.all(
      viewerProcesses.map((viewers, k) => {
        const { first, count } = shares[k]!;
        return viewers.ask<number>({
          type: 'init',
          init: {
            url: stack.graphqlUrl.replace(/^http/, 'ws'),
            tokens: tokens.slice(first, first + count),
            firstSocket: first,
            perSocket,
            subscriptions: Math.min(count * perSocket, subscriptions - first * perSocket),
            jobId,
            updated: UPDATED,
            ...(withMetrics ? { metrics: METRICS } : {}),
          },
        });
      }),
    );
    const subscribed = opened.reduce((n, count) => n + count, 0);
    say(
      `${subscribed} subscriptions on ${sockets} sockets opened by ${viewerProcesses.length} client process${viewerProcesses.length === 1 ? '' : 'es'}; warming up`,
    );
    const status = async () => {
      const all = await Promise.all(viewerProcesses.map((viewers) => viewers.ask<ViewersStatus>({ type: 'status' })));
      return {
        live: all.reduce((n, s) => n + s.live, 0),
        received: all.reduce((n, s) => n + s.received, 0),
        metricPoints: all.reduce((n, s) => n + s.metricPoints, 0),
        lastEventAt: Math.max(...all.map((s) => s.lastEventAt)),
        setupErrors: all.reduce((n, s) => n + s.setupErrors, 0),
      };
    };
    const toAll = (phase: RunPhase) => Promise.all(viewerProcesses.map((viewers) => viewers.ask({ type: 'phase', phase })));

    /**
     * `count` reports at `rate`: report k is due at start + (k-1)/rate; up to IN_FLIGHT reports may
     * wait for the platform at once (a slow store then delays the rate less), the next one waits for
     * a place. `sending(k)` is called just before report k's POST; returns once all are answered.
     */
    const reportAtRate = async (count: number, body: (k: number) => Record<string, unknown>, sending: (k: number) => void = () => undefined) => {
      const start = performance.now();
      const inFlight = new Set<Promise<unknown>>();
      for (let k = 1; k <= count; k++) {
        const wait = start + ((k - 1) * 1000) / rate - performance.now();
        if (wait > 0) await sleep(wait);
        while (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
        sending(k);
        const report = worker(`/jobs/${jobId}/events`, body(k))
          .catch((error: Error) => errors.push(error.message))
          .finally(() => inFlight.delete(report));
        inFlight.add(report);
      }
      await Promise.all(inFlight);
    };

    // Warm-up: epoch 0 reports until every subscription has seen one; then --warm-up seconds of epoch 0
    // reports at the measured rate (pools, caches and compiled code as in the steady state, which is
    // what the window measures); then a quiet second.
    const epochZero = () => ({ progress: { epoch: 0, percent: 0 } });
    const warmUpLimit = Date.now() + (isIdle ? 180_000 : 60_000);
    while ((await status()).live < subscribed && Date.now() < warmUpLimit) {
      await worker(`/jobs/${jobId}/events`, epochZero());
      await sleep(500);
    }
    await reportAtRate(Math.ceil(rate * options.warmUp), epochZero);
    // Warm-up events still queued would count in the measured window: wait for a quiet second (at most 60 s).
    const quietLimit = performance.now() + 60_000;
    while (machineClock() - (await status()).lastEventAt < 1000 && performance.now() < quietLimit) await sleep(100);
    const warmedUp = await status();
    if (warmedUp.setupErrors) say(`${warmedUp.setupErrors} warm-up events arrived as errors`);
    if (warmedUp.live < subscribed)
      say(`only ${warmedUp.live} of ${subscribed} subscriptions received the warm-up report; measuring anyway (every subscription counts as expected)`);

    // Measured window: report k carries epoch k (and a metric point of step k).
    const total = rate * options.seconds;
    const sentAt: number[] = [];
    const gatewayBefore = procStat(gatewayPid);
    const platformBefore = procStat(platformPid);
    const clientsBefore = viewerProcesses.map((viewers) => procStat(viewers.pid));
    const benchBefore = process.cpuUsage();
    const machineBefore = machineTicks();
    let rssPeak = gatewayBefore.rssMb;
    const rssTimer = setInterval(() => {
      try {
        rssPeak = Math.max(rssPeak, procStat(gatewayPid).rssMb);
      } catch {
        /* the gateway is gone (Ctrl-C): the run ends anyway */
      }
    }, 250);
    await toAll('measuring');
    const started = performance.now();
    let sent = 0;
    await reportAtRate(
      total,
      (k) => ({
        progress: { epoch: k, percent: Math.min(100, (100 * k) / total) },
        ...(withMetrics ? { metrics: [{ name: 'bench', step: k, value: k }] } : {}),
      }),
      (k) => {
        sentAt[k] = machineClock();
        sent = k;
      },
    );
    const sendSeconds = (performance.now() - started) / 1000;
    const expected = sent * subscribed;
    const drainStart = performance.now();
    // Events and, with `--metrics`, metric points (their frames may come up to a frame interval later).
    const arrived = async () => {
      const now = await status();
      return now.received + (withMetrics ? now.metricPoints : 0);
    };
    const expectedArrivals = expected * (withMetrics ? 2 : 1);
    let last = await arrived();
    let lastChange = drainStart;
    while (last < expectedArrivals && performance.now() - lastChange < 5000 && performance.now() - drainStart < 60_000) {
      await sleep(100);
      const received = await arrived();
      if (received !== last) {
        last = received;
        lastChange = performance.now();
      }
    }
    const drainSeconds = (performance.now() - drainStart) / 1000;
    clearInterval(rssTimer);
    if (process.env.BENCH_GATEWAY_NODE_FLAGS?.includes('--heapsnapshot-signal=SIGUSR2')) process.kill(gatewayPid, 'SIGUSR2');
    const window = (performance.now() - started) / 1000;
    const gatewayAfter = procStat(gatewayPid);
    const platformAfter = procStat(platformPid);
    const clientsUsed = viewerProcesses.map((viewers, k) => procStat(viewers.pid).cpuSeconds - clientsBefore[k]!.cpuSeconds);
    const benchUsed = process.cpuUsage(benchBefore);
    const machineAfter = machineTicks();
    // From here on the bench closes its own sockets: the subscriptions they end are neither retried nor errors.
    await toAll('done');
    rssPeak = Math.max(rssPeak, gatewayAfter.rssMb);
    const collected = await Promise.all(viewerProcesses.map((viewers) => viewers.ask<ViewersCollected>({ type: 'collect', lastEpoch: sent })));
    const latencies: number[] = [];
    const metricLatencies: number[] = [];
    for (const c of collected) {
      latenciesOf(c.receipts, sentAt, latencies);
      latenciesOf(c.metricReceipts, sentAt, metricLatencies);
    }
    const setupRetries = {
      count: collected.reduce((n, c) => n + c.setupRetries.count, 0),
      last: collected.find((c) => c.setupRetries.count)?.setupRetries.last ?? '',
    };

    await worker(`/jobs/${jobId}/complete`, {}).catch((error: Error) => errors.push(error.message));
    return {
      plan,
      subscribers: subscribed,
      sockets,
      sent,
      sentPerSecond: sent / sendSeconds,
      delivered: collected.reduce((n, c) => n + c.received, 0),
      expected,
      sawLast: collected.reduce((n, c) => n + c.sawLast, 0),
      latency: summarise(latencies),
      ...(withMetrics ? { metricPoints: { delivered: collected.reduce((n, c) => n + c.metricPoints, 0), expected, latency: summarise(metricLatencies) } } : {}),
      gatewayRssBeforeMb: rssBefore,
      gatewayRssPeakMb: rssPeak,
      gatewayCpuPercent: (100 * (gatewayAfter.cpuSeconds - gatewayBefore.cpuSeconds)) / window,
      platformCpuPercent: (100 * (platformAfter.cpuSeconds - platformBefore.cpuSeconds)) / window,
      benchCpuPercent: (100 * ((benchUsed.user + benchUsed.system) / 1e6 + clientsUsed.reduce((a, b) => a + b, 0))) / window,
      clientCpuPercents: clientsUsed.map((seconds) => (100 * seconds) / window),
      machineCpuPercent: (100 * (machineAfter.busy - machineBefore.busy)) / Math.max(1, machineAfter.total - machineBefore.total),
      drainSeconds,
      setupRetries,
      errors: [...errors, ...collected.flatMap((c) => c.errors)],
    };
  } finally {
    await Promise.all(viewerProcesses.map((viewers) => viewers.close()));
    await stack.close();
  }
}

const run = createBenchRun('bench-subscriptions');
try {
  const plans = plannedRuns(options);
  await run.startInfra({ s3: 'process' });
  const results: RunResult[] = [];
  for (const plan of plans) {
    const result = await runOnce(plan, run);
    results.push(result);
    // Each run's column as soon as it is measured: a later run that fails does not lose it.
    for (const line of table([result])) say(line);
  }
  const [load] = os.loadavg();
  const notes: string[] = [];
  for (const r of results) {
    if (clientBound(r))
      notes.push(
        `${r.plan.label}: a client process used ${Math.max(...r.clientCpuPercents).toFixed(0)} % of a core — the clients are a bottleneck; the latency figures include their queueing (more --client-processes spread them).`,
      );
    if (r.sentPerSecond < 0.95 * (r.plan.kind === 'idle' ? options.idleRate : options.rate))
      notes.push(`${r.plan.label}: the worker reached only ${r.sentPerSecond.toFixed(1)} reports/s (each report waits for the platform to store it).`);
    if (r.setupRetries.count)
      notes.push(
        `${r.plan.label}: ${r.setupRetries.count} subscriptions were refused while viewers arrived and opened again; last refusal: ${r.setupRetries.last}`,
      );
    if (r.errors.length) notes.push(`${r.plan.label}: ${r.errors.length} errors, first: ${r.errors[0]}`);
  }
  const shared = results.find((r) => r.plan.kind === 'viewers' && r.plan.sharing === 'shared');
  const perViewer = results.find((r) => r.plan.kind === 'viewers' && r.plan.sharing === 'per-viewer');
  if (shared && perViewer) {
    if (!gatewayKnowsSharing)
      notes.push(`this gateway has no ${SHARING_SETTING} setting: it ignored the value, so both viewer runs measure the same (per-viewer) bridge.`);
    else if (behaveAlike(shared, perViewer))
      notes.push(
        `the shared and per-viewer runs behaved alike (gateway RSS growth and platform CPU within 25 %): no difference from ${SHARING_SETTING} was measured.`,
      );
  }
  const lines = [
    `machine   ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${load!.toFixed(1)} at the end (other processes share the machine)`,
    `setup     each service in its own process (npm start machinery); viewers in ${options.clientProcesses} client process${options.clientProcesses === 1 ? '' : 'es'}, the hand-played worker in this one (pid ${process.pid}); gateway rate limit off, subscription budgets raised; services log nothing (LOG_LEVEL=silent) (errors are counted from what the clients receive)`,
    `load      busy job: ${options.rate} reports/s for ${options.seconds} s; idle: ${options.idleRate} reports/s, ${options.perSocket} subscriptions per socket; selection = the console job page's${options.metrics ? ' + trainingJobMetrics' : ''}`,
    `latency   worker's report sent (before its POST) → the client's receipt of the event showing it, on the machine's clock`,
    '',
    ...table(results),
    '',
    ...notes.map((n) => `note: ${n}`),
    goalsLine(goals(results, options)),
  ];
  process.stdout.write(`\n${lines.map((l) => `  ${l}`).join('\n')}\n\n`);
} catch (error) {
  process.stderr.write(`✗ bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
await run.cleanUp();
process.exit(process.exitCode ?? 0);
