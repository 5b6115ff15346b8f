/**
 * `BENCH_STACK=services`: every service in its OWN process, the topology of `npm start` and
 * production, launched by the `npm start` machinery (scripts/stack/*: settings, databases,
 * migrations, seed, service specs, process groups, health waits) on the bench's throw-away
 * PostgreSQL and S3 server (`run.startInfra()` first) and free loopback ports. The Labeler's
 * counters come from its `GET /metrics` (O7), the way an operator would read them.
 */
import { findFreePorts, withDatabase } from '../lib/infra/postgres';
import { parseMetrics, sumSamples } from '../lib/metrics';
import { createGraphQLClient } from '../test/harness/graphql-client';
import type { StackOptions } from '../test/harness/stack';
import type { LabelerStats } from '../labeler/server';
import { say, type BenchRun, type StackProcess } from './bench-harness';
import { seedFixtureJobs } from '../subgraphs/platform/fixture-jobs';
import { DEMO_PASSWORD, ensureStores, migrateAll, seedAll } from './stack/data';
import { plannedInfra } from './stack/infra';
import { spawnService, stopService, waitHealthy, type ServiceProcess } from './stack/processes';
import { absoluteEntry, childEnv, serviceSpecs } from './stack/services';
import { readStackSettings, secretsFor } from './stack/settings';

/** One service's request time and CPU so far, from its `/metrics`. */
export interface ServiceTime {
  /** Requests answered and the seconds spent answering them (every route but /metrics and /health). */
  requests: number;
  seconds: number;
  cpuSeconds: number;
}

export interface ServiceProcesses extends Omit<StackProcess, 'pid'> {
  pids: Record<string, number>;
  /** The variables the stack gave each service (its secrets too: the bench signs tokens and plays a worker with them). */
  serviceEnvs: Record<string, Record<string, string>>;
  /** Per service (gateway, users, datasets, Labeler), for "where the time goes". */
  serviceTimes(): Promise<Record<string, ServiceTime>>;
}

async function serviceTime(url: string): Promise<ServiceTime> {
  const response = await fetch(`${url}/metrics`);
  if (!response.ok) throw new Error(`${url}/metrics answered ${response.status}`);
  const samples = parseMetrics(await response.text()).filter((s) => s.labels.route !== '/metrics' && !(s.labels.route ?? '').startsWith('/health'));
  return {
    requests: sumSamples(samples, 'http_request_duration_seconds_count'),
    seconds: sumSamples(samples, 'http_request_duration_seconds_sum'),
    cpuSeconds: sumSamples(samples, 'process_cpu_seconds_total'),
  };
}

/** The Labeler's request, batch and permission counters, scraped from its `/metrics`. */
async function labelerCounters(labelerUrl: string): Promise<LabelerStats> {
  const response = await fetch(`${labelerUrl}/metrics`);
  if (!response.ok) throw new Error(`the Labeler's /metrics answered ${response.status}`);
  const samples = parseMetrics(await response.text());
  // The service-key API only (the in-memory `stats.requests` counts the same: `/api/v1` minus `/api/v1/auth`).
  const requests = samples
    .filter((s) => s.name === 'http_requests_total' && s.labels.route?.startsWith('/api/v1') && !s.labels.route.startsWith('/api/v1/auth'))
    .reduce((n, s) => n + s.value, 0);
  return {
    requests,
    batchCalls: sumSamples(samples, 'labeler_batch_calls_total'),
    permissionChecks: sumSamples(samples, 'labeler_permission_checks_total'),
    rateLimited: sumSamples(samples, 'labeler_rate_limited_total'),
    lastRequestId: null,
  };
}

/** How a caller watches the processes: each as it starts (a test reads their raw log lines), their printed output. */
export interface ServiceProcessWatch {
  onSpawn?: (service: ServiceProcess) => void;
  /** The services' output, formatted as `npm start` prints it (default: this process's stdout). */
  write?: (text: string) => void;
}

/** `run` is the bench's (or a test's) clean-up list. */
export async function startServiceProcesses(run: Pick<BenchRun, 'defer'>, opts: StackOptions, watch: ServiceProcessWatch = {}): Promise<ServiceProcesses> {
  const admin = process.env.TEST_PG_ADMIN_URL;
  const s3 = process.env.TEST_S3_ENDPOINT;
  if (!admin || !s3) throw new Error('call run.startInfra() before startServiceProcesses()');
  const [labelerPort, usersPort, platformPort, datasetsPort, gatewayPort, trainerPort] = (await findFreePorts(6)).map(String);
  const settings = readStackSettings({
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    VPG_SKIP_CLIENT_BUILD: '1',
    DATABASE_URL: withDatabase(admin, 'platform'),
    USER_DATABASE_URL: withDatabase(admin, 'users'),
    LABELER_DATABASE_URL: withDatabase(admin, 'labeler'),
    EXTERNAL_STORAGE_ENDPOINT: s3,
    LABELER_PORT: labelerPort,
    USERS_PORT: usersPort,
    PLATFORM_PORT: platformPort,
    DATASETS_PORT: datasetsPort,
    GATEWAY_PORT: gatewayPort,
    TRAINER_PORT: trainerPort,
  });
  const infra = plannedInfra(settings);
  await ensureStores(infra.databases, [infra.external, infra.internal], say);
  await migrateAll(infra.databases, () => undefined);
  const { userIds, datasetIds } = await seedAll(infra.databases, infra.external, { password: DEMO_PASSWORD }, () => undefined);
  // The test fixtures' jobs (every status) give the benches and cross-process tests a job list to read.
  await seedFixtureJobs(infra.databases.platform, { userIds, datasetIds });

  // No trainer: the bench reads datasets, and an idle trainer's polling would only add noise.
  const specs = serviceSpecs(settings, infra, { logLevel: opts.logLevel ?? 'error', overrides: opts.env }).filter((spec) => spec.name !== 'trainer');
  const running: ServiceProcess[] = [];
  run.defer(async () => void (await Promise.all(running.map((service) => stopService(service, say)))));
  for (const spec of specs) {
    const service = spawnService(spec.name, absoluteEntry(spec), childEnv(spec), watch.write ?? ((text) => process.stdout.write(text)));
    running.push(service);
    watch.onSpawn?.(service);
  }
  for (const [i, service] of running.entries()) await waitHealthy(service, specs[i]!.healthUrl);

  const url = (name: string) => `http://127.0.0.1:${specs.find((s) => s.name === name)!.port}`;
  const graphqlUrl = `${url('gateway')}/graphql`;
  return {
    pids: Object.fromEntries(running.map((service) => [service.name, service.child.pid ?? -1])),
    serviceEnvs: Object.fromEntries(specs.map((spec) => [spec.name, spec.env])),
    gatewayUrl: url('gateway'),
    graphqlUrl,
    urls: { users: url('users'), platform: url('platform'), datasets: url('datasets'), labeler: url('labeler') },
    dbUrls: { users: infra.databases.users, platform: infra.databases.platform, labeler: infra.databases.labeler },
    userIds,
    datasetIds,
    labelerServiceKey: secretsFor(settings).serviceKey ?? '',
    labelerStats: () => labelerCounters(url('labeler')),
    serviceTimes: async () => {
      const names = ['gateway', 'users', 'datasets', 'labeler'];
      const times = await Promise.all(names.map((name) => serviceTime(url(name))));
      return Object.fromEntries(names.map((name, i) => [name, times[i]!]));
    },
    login: async (email) => (await createGraphQLClient(graphqlUrl).login(email, DEMO_PASSWORD)).token!,
    close: async () => void (await Promise.all(running.map((service) => stopService(service, say)))),
  };
}
