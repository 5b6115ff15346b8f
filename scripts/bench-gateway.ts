/**
 * `npm run bench:gateway`: this gateway beside its peers on our own graph. Starts a throw-away
 * PostgreSQL and S3 server and every service in its own process like `npm start`
 * (scripts/bench-services.ts), then two more gateways on the same supergraph
 * (`schema/supergraph.graphql`, its subgraph URLs pointed at this run's ports) and subgraphs:
 * Hive Gateway (`@graphql-hive/gateway`, its defaults, the caller's Authorization propagated to the
 * subgraphs) and a stock `@apollo/gateway` + Apollo Server as Apollo's documentation gives it
 * (scripts/bench-gateway.apollo.child.ts). It checks that all three return identical data for
 * every request it sends, then runs interleaved rounds (each gateway in turn, the order rotated
 * every round, so the shared machine's background load falls on all alike) at 1, 10 and 50
 * connections for five workloads, and prints req/s, p50, p99 and errors for each, the ratios to
 * Hive Gateway and to stock Apollo, and the gateway overhead (p50 through each gateway / p50
 * straight to the platform subgraph, one connection), then the goals judged on those figures
 * (scripts/bench-gateway.report.ts). Its last line:
 * `dashboard c=10: <ratio>x Hive Gateway req/s, p99 <ours> ms vs <theirs> ms`.
 *
 * `--short` (or BENCH_SHORT=1): the identical-answers check and one short load run per gateway
 * (CI runs it: scripts/bench-gateway.integration.test.ts); exits 1 when an answer differs.
 * Settings: BENCH_SECONDS (4 per run), BENCH_ROUNDS (2), BENCH_CONNECTIONS (1,10,50),
 * BENCH_WARMUP_SECONDS (3 per workload and gateway), BENCH_WORKLOADS (all; comma-separated names),
 * BENCH_GATEWAYS (ours,hive,apollo), BENCH_GATEWAY_ENV (settings for our gateway: `A=1,B=2`),
 * BENCH_LABELER_LIMITS (raised | default: the Labeler's own per-minute limits), BENCH_PROFILE_DIR (a CPU profile of our gateway during the
 * rounds of BENCH_PROFILE_WORKLOAD, default dashboard, is written there, taken through its inspector: `gateway-<workload>.cpuprofile`).
 */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import autocannon from 'autocannon';
import { z } from 'zod';
import { parseEnv } from '../lib/env';
import { findFreePort } from '../lib/infra/postgres';
import { createGraphQLClient } from '../test/harness/graphql-client';
import { percentile } from './bench-datasets.report';
import { createBenchRun, say, type BenchRun } from './bench-harness';
import { cpuShown, gatewayGoals, type Figures, type Who } from './bench-gateway.report';
import { goalsLine } from './bench-goals';
import { TS_EXEC_ARGV } from './bench-ipc';
import { quietKnownWarnings } from './stack/output';
import { cpuTimesOf } from './proc-cpu';

quietKnownWarnings();

const SHORT = process.argv.includes('--short') || process.env.BENCH_SHORT === '1';
const list = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    );
const settings = parseEnv({
  BENCH_SECONDS: z.coerce
    .number()
    .min(0.5)
    .max(60)
    .default(SHORT ? 1 : 4),
  BENCH_ROUNDS: z.coerce.number().int().min(1).max(20).default(2),
  BENCH_CONNECTIONS: list('1,10,50'),
  BENCH_WARMUP_SECONDS: z.coerce.number().min(0).max(120).default(3),
  BENCH_WORKLOADS: list(''),
  BENCH_GATEWAYS: list('ours,hive,apollo'),
  BENCH_PROFILE_DIR: z.string().optional(),
  /** Which workload's rounds BENCH_PROFILE_DIR profiles (e.g. platform-only with BENCH_CONNECTIONS=1: the gateway's own overhead). */
  BENCH_PROFILE_WORKLOAD: z.string().default('dashboard'),
  /** Extra settings for our gateway, `NAME=value,NAME=value` (e.g. SUBGRAPH_DEDUPLICATION=off to measure that lever). */
  BENCH_GATEWAY_ENV: list(''),
  /** `raised` (default): the Labeler's per-minute limits out of the way; `default`: its own (1000 service calls a minute). */
  BENCH_LABELER_LIMITS: z.enum(['raised', 'default']).default('raised'),
});

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const APOLLO_CHILD = fileURLToPath(new URL('./bench-gateway.apollo.child.ts', import.meta.url));
const RELAY_CHILD = fileURLToPath(new URL('./bench-gateway.relay.child.ts', import.meta.url));
const HIVE_BIN = path.join(ROOT, 'node_modules/@graphql-hive/gateway/dist/bin.js');

type Floor = 'subgraph' | 'relay';
type GatewayName = Exclude<Who, Floor>;
const LABEL: Record<Who, string> = {
  ours: 'this gateway',
  hive: 'Hive Gateway',
  apollo: 'stock Apollo',
  subgraph: 'platform subgraph',
  relay: 'bare HTTP relay',
};

interface Request {
  query: string;
  variables?: Record<string, unknown>;
}
interface Workload {
  name: string;
  /** Sent in turn by every connection (a mix has several). */
  requests: Request[];
}

const DASHBOARD = '{ trainingJobs(first: 20) { nodes { id status owner { email } dataset { name numImages } } } }';
const PLATFORM_ONLY = '{ trainingJobs(first: 5) { nodes { id status progress } } }';
const DATASET_LIST = '{ datasets(first: 20) { totalCount nodes { id name format labeled visibility numImages numClasses tags owner { email } } } }';
const DATASET_WITH_IMAGES = 'query BenchDataset($id: ID!) { dataset(id: $id) { id name numImages owner { email } images(first: 12) { key sizeBytes } } }';
const STAR = 'mutation BenchStar($id: ID!, $starred: Boolean!) { starExperiment(id: $id, starred: $starred) { id starredByMe starCount } }';

const workloads = (datasetId: string, experimentId: string): Workload[] => [
  { name: 'dashboard', requests: [{ query: DASHBOARD }] },
  { name: 'platform-only', requests: [{ query: PLATFORM_ONLY }] },
  { name: 'datasets list', requests: [{ query: DATASET_LIST }] },
  { name: 'dataset + images', requests: [{ query: DATASET_WITH_IMAGES, variables: { id: datasetId } }] },
  {
    name: 'mix + mutations',
    requests: [
      { query: DASHBOARD },
      { query: STAR, variables: { id: experimentId, starred: true } },
      { query: PLATFORM_ONLY },
      { query: STAR, variables: { id: experimentId, starred: false } },
    ],
  },
];

interface Run {
  latencies: number[];
  total: number;
  seconds: number;
  errors: number;
  /** CPU seconds the server process (with its children) used during the run, where /proc tells. */
  cpuSeconds?: number;
  /** The kernel's part of `cpuSeconds`. */
  systemSeconds?: number;
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A server the bench sends load to, and the process whose CPU it counts. */
interface Target {
  url: string;
  pid: number | undefined;
}

/** A child process on a free port, answering POST /graphql; stopped at clean-up. */
async function startChild(run: BenchRun, name: string, child: ChildProcess, url: string): Promise<Target> {
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  run.defer(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await Promise.race([exited, sleep(8000).then(() => child.kill('SIGKILL'))]);
  });
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}) before it was ready`);
    const ok = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' }).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return { url, pid: child.pid };
    if (Date.now() > deadline) throw new Error(`${name} did not answer at ${url} within 90 s`);
    await sleep(250);
  }
}

async function startHive(run: BenchRun, dir: string, supergraph: string): Promise<Target> {
  const port = await findFreePort();
  // Hive Gateway's configuration file: its defaults, plus the caller's Authorization to every subgraph.
  const config = path.join(dir, 'gateway.config.mjs');
  writeFileSync(
    config,
    'export const gatewayConfig = {\n' +
      '  logging: "error",\n' +
      '  propagateHeaders: { fromClientToSubgraphs: ({ request }) => ({ authorization: request.headers.get("authorization") ?? undefined }) },\n' +
      '};\n',
  );
  const child = spawn(process.execPath, [HIVE_BIN, 'supergraph', supergraph, '--host', '127.0.0.1', '--port', String(port), '--config-path', config], {
    cwd: dir,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return startChild(run, 'Hive Gateway', child, `http://127.0.0.1:${port}/graphql`);
}

/** One of this folder's `*.child.ts` programs, given its arguments and then a free port to listen on. */
async function forkChild(run: BenchRun, name: string, file: string, args: string[], urlPath: string): Promise<Target> {
  const port = await findFreePort();
  const child = fork(file, [...args, String(port)], {
    execArgv: TS_EXEC_ARGV,
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, NODE_ENV: 'production' },
  });
  return startChild(run, name, child, `http://127.0.0.1:${port}${urlPath}`);
}

const startStockApollo = (run: BenchRun, supergraph: string) => forkChild(run, 'stock Apollo', APOLLO_CHILD, [supergraph], '/');

/** The bare relay (bench-gateway.relay.child.ts) in front of one subgraph: the floor of any gateway's overhead. */
const startRelay = (run: BenchRun, subgraph: string) => forkChild(run, 'the bare relay', RELAY_CHILD, [subgraph], '/graphql');

/** A CPU profile of a running Node process, through its inspector (SIGUSR1 opens it on the port given by --inspect-port). */
async function startProfile(pid: number, port: number): Promise<{ stop(file: string): Promise<string> }> {
  process.kill(pid, 'SIGUSR1');
  let target: string | undefined;
  for (let i = 0; i < 40 && !target; i++) {
    await sleep(100);
    target = await fetch(`http://127.0.0.1:${port}/json/list`)
      .then((r) => r.json() as Promise<Array<{ webSocketDebuggerUrl: string }>>)
      .then((list) => list[0]?.webSocketDebuggerUrl)
      .catch(() => undefined);
  }
  if (!target) throw new Error(`the gateway's inspector did not open on port ${port}`);
  const { default: WebSocket } = await import('ws');
  const socket = new WebSocket(target);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let id = 0;
  const call = (method: string, params: object = {}) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const mine = ++id;
      const onMessage = (raw: Buffer) => {
        const message = JSON.parse(raw.toString()) as { id?: number; result?: Record<string, unknown> };
        if (message.id !== mine) return;
        socket.off('message', onMessage);
        resolve(message.result ?? {});
      };
      socket.on('message', onMessage);
      socket.send(JSON.stringify({ id: mine, method, params }));
    });
  await call('Profiler.enable');
  await call('Profiler.setSamplingInterval', { interval: 200 });
  await call('Profiler.start');
  return {
    stop: async (file) => {
      const { profile } = await call('Profiler.stop');
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      // Closed again, or the gateway would wait for a debugger at exit.
      // (No answer comes: the inspector closes this socket as it obeys.)
      socket.send(JSON.stringify({ id: ++id, method: 'Runtime.evaluate', params: { expression: "process.getBuiltinModule('node:inspector').close()" } }));
      await sleep(200);
      socket.terminate();
      return file;
    },
  };
}

const bodyOf = (request: Request) => JSON.stringify({ query: request.query, variables: request.variables ?? {} });

/** One timed run of a workload against one server, with the CPU its process used when `pid` is given. */
async function timedRun(target: Target, headers: Record<string, string>, workload: Workload, connections: number, seconds: number): Promise<Run> {
  const cpuBefore = target.pid === undefined ? undefined : cpuTimesOf(target.pid);
  const run = await loadRun(target.url, headers, workload, connections, seconds);
  const cpuAfter = target.pid === undefined ? undefined : cpuTimesOf(target.pid);
  return cpuBefore === undefined || cpuAfter === undefined
    ? run
    : { ...run, cpuSeconds: cpuAfter.cpuSeconds - cpuBefore.cpuSeconds, systemSeconds: cpuAfter.systemSeconds - cpuBefore.systemSeconds };
}

function loadRun(url: string, headers: Record<string, string>, workload: Workload, connections: number, seconds: number): Promise<Run> {
  let graphqlErrors = 0;
  const latencies: number[] = [];
  const started = Date.now();
  return new Promise<Run>((resolve, reject) => {
    const instance = autocannon(
      {
        url,
        method: 'POST',
        headers,
        connections,
        duration: seconds,
        // GraphQL errors arrive with HTTP 200: count them from the bodies.
        requests: workload.requests.map((request) => ({
          method: 'POST' as const,
          headers,
          body: bodyOf(request),
          onResponse: (_status: number, text: string) => void (text.includes('"errors"') && graphqlErrors++),
        })),
      },
      (error, result) => {
        if (error) return reject(error);
        latencies.sort((a, b) => a - b);
        resolve({
          latencies,
          total: result.requests.total,
          seconds: (Date.now() - started) / 1000,
          errors: result.errors + result.timeouts + result.non2xx + graphqlErrors,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => latencies.push(responseTime));
  });
}

function figuresOf(runs: Run[]): Figures {
  const latencies = runs.flatMap((r) => r.latencies).sort((a, b) => a - b);
  return {
    rps: runs.reduce((n, r) => n + r.total, 0) / runs.reduce((n, r) => n + r.seconds, 0),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: runs.reduce((n, r) => n + r.errors, 0),
    worstP99: Math.max(...runs.map((r) => percentile(r.latencies, 99))),
    cpuMsPerRequest: runs.every((r) => r.cpuSeconds !== undefined)
      ? (1000 * runs.reduce((n, r) => n + r.cpuSeconds!, 0)) / runs.reduce((n, r) => n + r.total, 0)
      : undefined,
    systemMsPerRequest: runs.every((r) => r.systemSeconds !== undefined)
      ? (1000 * runs.reduce((n, r) => n + r.systemSeconds!, 0)) / runs.reduce((n, r) => n + r.total, 0)
      : undefined,
  };
}

/** Every request of every workload through each gateway, in order: the data must be the same. */
async function checkIdentical(urls: Partial<Record<GatewayName, string>>, authorization: string, all: Workload[]): Promise<number> {
  let differences = 0;
  let checked = 0;
  const names = Object.keys(urls) as GatewayName[];
  for (const workload of all) {
    for (const request of workload.requests) {
      const answers: Array<{ data?: unknown; errors?: unknown }> = [];
      for (const name of names) {
        answers.push(await createGraphQLClient(urls[name]!).request(request.query, request.variables ?? {}, { headers: { authorization } }));
      }
      checked++;
      const first = answers[0]!;
      const failed = answers.findIndex((a) => a.errors !== undefined || a.data === undefined || a.data === null);
      const differs = answers.findIndex((a) => !isDeepStrictEqual(a.data, first.data));
      if (failed >= 0 || differs >= 0) {
        differences++;
        const who = names[failed >= 0 ? failed : differs]!;
        say(`✗ ${workload.name}: ${LABEL[who]} answers differently: ${JSON.stringify(answers[failed >= 0 ? failed : differs]).slice(0, 300)}`);
        say(`  ${LABEL[names[0]!]}: ${JSON.stringify(first).slice(0, 300)}`);
      }
    }
  }
  say(
    differences === 0
      ? `identical answers: ${checked} requests, the same data from ${names.map((n) => LABEL[n]).join(', ')}`
      : `✗ ${differences} of ${checked} requests answered differently`,
  );
  return differences;
}

const fmt = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const ratio = (a: number, b: number) => (Number.isFinite(a / b) ? `${(a / b).toFixed(2)}x` : '–');

const run = createBenchRun('gateway');
try {
  const startedAt = Date.now();
  const s3 = await run.startInfra({ s3: 'process' });
  const { startServiceProcesses } = await import('./bench-services');
  const gatewayEnv: Record<string, string> = {
    RATE_LIMIT_PER_USER: '0',
    RATE_LIMIT_PER_ADDRESS: '0',
    ...Object.fromEntries(settings.BENCH_GATEWAY_ENV.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)])),
  };
  const inspectPort = settings.BENCH_PROFILE_DIR ? await findFreePort() : 0;
  if (inspectPort) gatewayEnv.NODE_OPTIONS = `--inspect-port=127.0.0.1:${inspectPort}`;
  const stack = await startServiceProcesses(run, {
    logLevel: 'error',
    env: {
      gateway: gatewayEnv,
      labeler: settings.BENCH_LABELER_LIMITS === 'raised' ? { LABELER_RATE_LIMIT_SERVICE_PER_MIN: '1000000', LABELER_RATE_LIMIT_USER_PER_MIN: '1000000' } : {},
    },
  });

  // The committed supergraph, its subgraph URLs pointed at this run's ports (as SUBGRAPH_URL_* does for ours).
  const dir = mkdtempSync(path.join(os.tmpdir(), 'vpg-gateway-bench-'));
  run.defer(async () => void (await import('node:fs')).rmSync(dir, { recursive: true, force: true }));
  const supergraph = path.join(dir, 'supergraph.graphql');
  const subgraphUrl = { users: `${stack.urls.users}/graphql`, platform: `${stack.urls.platform}/graphql`, datasets: `${stack.urls.datasets}/graphql` };
  writeFileSync(
    supergraph,
    readFileSync(path.join(ROOT, 'schema/supergraph.graphql'), 'utf8').replace(
      /@join__graph\(name: "(\w+)", url: "[^"]*"\)/g,
      (whole, name: keyof typeof subgraphUrl) => (subgraphUrl[name] ? `@join__graph(name: "${name}", url: "${subgraphUrl[name]}")` : whole),
    ),
  );

  const wanted = settings.BENCH_GATEWAYS as GatewayName[];
  const gateways: Partial<Record<GatewayName, Target>> = {};
  if (wanted.includes('ours')) gateways.ours = { url: stack.graphqlUrl, pid: stack.pids.gateway };
  const [hive, apollo] = await Promise.all([
    wanted.includes('hive') ? startHive(run, dir, supergraph) : undefined,
    wanted.includes('apollo') ? startStockApollo(run, supergraph) : undefined,
  ]);
  if (hive) gateways.hive = hive;
  if (apollo) gateways.apollo = apollo;
  const names = Object.keys(gateways) as GatewayName[];
  const urls = Object.fromEntries(names.map((n) => [n, gateways[n]!.url])) as Partial<Record<GatewayName, string>>;
  say(
    `ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: each service in its own process (${Object.entries(stack.pids)
      .map(([n, p]) => `${n} ${p}`)
      .join(', ')}), ${s3}`,
  );
  for (const name of names) say(`${LABEL[name].padEnd(13)} ${urls[name]}`);

  // The admin sees every job, dataset and owner; the experiment gives the mix a harmless mutation.
  const token = await stack.login('admin@example.com');
  const authorization = `Bearer ${token}`;
  const admin = createGraphQLClient(stack.graphqlUrl).withToken(token);
  const project = await admin.data<{ createProject: { id: string } }>(
    'mutation BenchProject($input: CreateProjectInput!) { createProject(input: $input) { id } }',
    {
      input: { name: 'Gateway bench' },
    },
  );
  const experiment = await admin.data<{ createExperiment: { id: string } }>(
    'mutation BenchExperiment($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }',
    { input: { projectId: project.createProject.id, name: 'Gateway bench' } },
  );
  const all = workloads(stack.datasetIds[0]!, experiment.createExperiment.id).filter(
    (w) => settings.BENCH_WORKLOADS.length === 0 || settings.BENCH_WORKLOADS.includes(w.name),
  );

  const differences = await checkIdentical(urls, authorization, all);
  if (differences > 0) throw new Error('the gateways answer differently; no figures');

  const headers = { 'content-type': 'application/json', authorization };
  if (SHORT) {
    // A few seconds per gateway: every workload once at 10 connections, errors counted.
    let errors = 0;
    for (const name of names) {
      for (const workload of all) errors += (await timedRun(gateways[name]!, headers, workload, 10, settings.BENCH_SECONDS / all.length)).errors;
      say(`${LABEL[name]}: short load run done`);
    }
    say(`short mode: identical answers checked; ${errors} errors under load`);
    process.exitCode = errors > 0 ? 1 : 0;
  } else {
    const connections = settings.BENCH_CONNECTIONS.map(Number);
    const load = (await fetch(`${stack.gatewayUrl}/health`).then(() => os.loadavg())).map((n) => n.toFixed(2)).join(' ');
    say(`${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}; load average before: ${load}`);
    say(`${settings.BENCH_ROUNDS} interleaved rounds of ${settings.BENCH_SECONDS} s per gateway, workload and connection count`);
    const results = new Map<string, Figures>();
    // Started and warmed up like the gateways, so that the floor is not measured on a cold process.
    const relay = all.some((w) => w.name === 'platform-only') && connections.includes(1) ? await startRelay(run, subgraphUrl.platform) : undefined;
    const key = (workload: string, c: number, who: string) => `${workload}|${c}|${who}`;
    for (const workload of all) {
      for (const name of names) await timedRun(gateways[name]!, headers, workload, 10, settings.BENCH_WARMUP_SECONDS);
      if (relay && workload.name === 'platform-only') await timedRun(relay, headers, workload, 10, settings.BENCH_WARMUP_SECONDS);
      const profile = inspectPort && workload.name === settings.BENCH_PROFILE_WORKLOAD ? await startProfile(stack.pids.gateway!, inspectPort) : undefined;
      for (const c of connections) {
        const runs = new Map<string, Run[]>(names.map((n) => [n, []]));
        const targets: Array<[string, Target]> = names.map((n) => [n, gateways[n]!]);
        // The floor: the same query straight to the platform subgraph, for the gateway overhead, and
        // through a relay that does no GraphQL work (what the second hop alone costs).
        if (workload.name === 'platform-only' && c === 1 && relay) {
          runs.set('subgraph', []);
          targets.push(['subgraph', { url: subgraphUrl.platform, pid: stack.pids.platform }]);
          runs.set('relay', []);
          targets.push(['relay', relay]);
        }
        for (let round = 0; round < settings.BENCH_ROUNDS; round++) {
          for (let i = 0; i < targets.length; i++) {
            const [who, target] = targets[(i + round) % targets.length]!;
            runs.get(who)!.push(await timedRun(target, headers, workload, c, settings.BENCH_SECONDS));
          }
        }
        const row: string[] = [];
        for (const [who, measured] of runs) {
          const f = figuresOf(measured);
          results.set(key(workload.name, c, who), f);
          row.push(
            `${LABEL[who as Who].padEnd(17)} ${fmt(f.rps).padStart(6)} req/s  p50 ${fmt(f.p50, 1).padStart(6)} ms  p99 ${fmt(f.p99, 1).padStart(6)} ms  worst round p99 ${fmt(f.worstP99, 1).padStart(6)} ms  errors ${f.errors}${cpuShown(f, '  ')}`,
          );
        }
        const ours = results.get(key(workload.name, c, 'ours'));
        const versus = (who: GatewayName) => {
          const them = results.get(key(workload.name, c, who));
          return ours && them ? `vs ${LABEL[who]} ${ratio(ours.rps, them.rps)} req/s, p99 ${fmt(ours.p99, 1)} vs ${fmt(them.p99, 1)} ms` : '';
        };
        process.stdout.write(
          `\n${workload.name} c=${c}\n${row.map((l) => `  ${l}`).join('\n')}\n  ${[versus('hive'), versus('apollo')].filter(Boolean).join(' · ')}\n`,
        );
      }
      if (profile)
        say(`CPU profile of this gateway: ${await profile.stop(path.join(path.resolve(settings.BENCH_PROFILE_DIR!), `gateway-${workload.name}.cpuprofile`))}`);
    }
    const floor = results.get(key('platform-only', 1, 'subgraph'));
    if (floor) {
      const overheads = [...names, 'relay' as const].map((n) => {
        const f = results.get(key('platform-only', 1, n))!;
        return `${LABEL[n]} ${ratio(f.p50, floor.p50)}${f.cpuMsPerRequest === undefined ? '' : ` (${cpuShown(f, '')})`}`;
      });
      process.stdout.write(
        `\ngateway overhead (platform-only p50 through the gateway / straight to the subgraph, c=1; floor ${fmt(floor.p50, 1)} ms): ${overheads.join(', ')}\n`,
      );
    }
    const worst = [...results.entries()].filter(([k]) => !k.endsWith('|subgraph') && !k.endsWith('|relay')).sort((a, b) => b[1].worstP99 - a[1].worstP99)[0];
    if (worst) process.stdout.write(`worst round p99: ${fmt(worst[1].worstP99, 1)} ms (${worst[0].replaceAll('|', ' ')})\n`);
    process.stdout.write(
      `load average after: ${os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}\n`,
    );
    const oursAll = [...results.entries()].filter(([k]) => k.endsWith('|ours')).map(([, f]) => f);
    process.stdout.write(`${goalsLine(gatewayGoals((workload, c, who) => results.get(key(workload, c, who)), oursAll))}\n`);
    const ours = results.get(key('dashboard', 10, 'ours'));
    const theirs = results.get(key('dashboard', 10, 'hive'));
    if (ours && theirs)
      process.stdout.write(`dashboard c=10: ${(ours.rps / theirs.rps).toFixed(2)}x Hive Gateway req/s, p99 ${fmt(ours.p99)} ms vs ${fmt(theirs.p99)} ms\n`);
    process.exitCode = 0;
  }
} catch (error) {
  process.stderr.write(`✗ bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
}
await run.cleanUp();
process.exit(process.exitCode ?? 0);
