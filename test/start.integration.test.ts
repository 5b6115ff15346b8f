/**
 * `npm start` as a developer runs it: the real entry point as a child process, on its own free
 * ports and a temp data folder, so it never meets a developer's running stack.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { findFreePorts } from '../lib/infra/postgres';
import { PROJECT_ROOT } from '../lib/schema-files';
import { pidAlive } from '../lib/process';
import { SERVICES } from '../scripts/build-server';
import { createGraphQLClient } from './harness/graphql-client';

const BANNER = 'Vision Platform Graph is running';
const PORT_VARS = ['VPG_POSTGRES_PORT', 'VPG_S3_PORT', 'LABELER_PORT', 'USERS_PORT', 'PLATFORM_PORT', 'DATASETS_PORT', 'GATEWAY_PORT', 'TRAINER_PORT'] as const;
type Ports = Record<(typeof PORT_VARS)[number], number>;

interface Run {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

const runs: Run[] = [];
let dataDir = '';
let ports: Ports;

function startRun(extraEnv: Record<string, string> = {}): Run {
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn', VPG_DATA_DIR: dataDir, VPG_SKIP_CLIENT_BUILD: '1' };
  // The developer's or CI's own settings must not redirect this stack.
  for (const name of [
    'DATABASE_URL',
    'USER_DATABASE_URL',
    'LABELER_DATABASE_URL',
    'EXTERNAL_STORAGE_ENDPOINT',
    'INTERNAL_STORAGE_ENDPOINT',
    'JWT_SECRET',
    'VPG_PORT_OFFSET',
  ]) {
    delete env[name];
  }
  for (const name of PORT_VARS) env[name] = String(ports[name]);
  Object.assign(env, extraEnv);
  const child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx', 'scripts/start.ts'], {
    cwd: PROJECT_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (text += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const run = { child, output: () => text, exited };
  runs.push(run);
  return run;
}

async function waitForBanner(run: Run, timeoutMs = 240000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let gone = false;
  void run.exited.then(() => (gone = true));
  while (!run.output().includes(BANNER)) {
    if (gone) throw new Error(`npm start exited before the banner:\n${run.output().slice(-4000)}`);
    if (Date.now() > deadline) throw new Error(`no banner after ${timeoutMs} ms:\n${run.output().slice(-4000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const gateway = () => createGraphQLClient(`http://127.0.0.1:${ports.GATEWAY_PORT}/graphql`);

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

const postmasterPid = () => Number(readFileSync(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8').split('\n')[0]);
const recordedServices = () =>
  (JSON.parse(readFileSync(path.join(dataDir, 'run.json'), 'utf8')) as { services: Array<{ name: string; pid: number }> }).services;
const servicePids = () => recordedServices().map((s) => s.pid);
const servicePid = (name: string) => recordedServices().find((s) => s.name === name)?.pid ?? -1;

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 200));
  }
  return check();
}

async function portsListening(): Promise<number[]> {
  const open: number[] = [];
  for (const port of Object.values(ports)) if (await listening(port)) open.push(port);
  return open;
}

beforeAll(async () => {
  // mkdtemp gives mode 700; PostgreSQL runs as user "postgres" under root and must reach the folder.
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'vpg-start-'));
  chmodSync(dataDir, 0o755);
  const free = await findFreePorts(PORT_VARS.length);
  ports = Object.fromEntries(PORT_VARS.map((name, i) => [name, free[i]!])) as Ports;
});

afterAll(async () => {
  for (const run of runs) {
    if (run.child.exitCode === null && run.child.signalCode === null) run.child.kill('SIGINT');
    await Promise.race([run.exited, new Promise((r) => setTimeout(r, 20000))]);
  }
  // Whatever a failed assertion left behind: services (by their recorded pids), then PostgreSQL.
  if (existsSync(path.join(dataDir, 'run.json'))) for (const pid of servicePids()) if (pidAlive(pid)) process.kill(pid, 'SIGKILL');
  if (existsSync(path.join(dataDir, 'postgres', 'postmaster.pid')) && pidAlive(postmasterPid())) process.kill(postmasterPid(), 'SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
}, 60000);

describe('npm start', () => {
  it('starts the whole stack, serves the cross-service query and stops every process on Ctrl-C', async () => {
    const run = startRun();
    await waitForBanner(run);
    const text = run.output();
    expect(text).toContain(`http://localhost:${ports.GATEWAY_PORT}/explorer`);
    expect(text).toContain('admin@example.com');
    expect(text).not.toMatch(/postgres(ql)?:\/\/[^*\s]*:[^*\s]*@/); // no credentials printed
    // A clean start warns of nothing: services still starting are waited for, not reported as down.
    expect(text.split('\n').filter((line) => /│ \d\d:\d\d:\d\d (WARN|ERROR) /.test(line))).toEqual([]);

    const login = await gateway().request<{ login: { accessToken: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
      { e: 'admin@example.com', p: 'devpass' },
    );
    const token = login.data?.login.accessToken;
    expect(token).toBeTruthy();
    const jobs = await gateway().request<{
      trainingJobs: { nodes: Array<{ id: string; status: string; owner: { email: string }; dataset: { name: string } | null }> };
    }>('{ trainingJobs(first: 20) { nodes { id status owner { email } dataset { name numImages } } } }', {}, { token });
    expect(jobs.errors).toBeUndefined();
    const nodes = jobs.data?.trainingJobs.nodes ?? [];
    expect(nodes.length).toBeGreaterThan(0);
    expect(nodes.every((n) => n.owner.email.endsWith('@example.com'))).toBe(true);
    expect(nodes.some((n) => n.dataset?.name)).toBe(true);
    // The demo history was trained while seeding: nothing waits or pretends to run.
    expect(nodes.filter((n) => !['COMPLETED', 'FAILED', 'CANCELLED'].includes(n.status))).toEqual([]);
    expect(run.output()).toMatch(/demo runs trained by the reference trainer: .*completed/);

    const postgres = postmasterPid();
    const services = servicePids();
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.output()).not.toContain('stopped unexpectedly'); // services stopped on purpose are not restarted
    expect(pidAlive(postgres)).toBe(false);
    expect(services.filter(pidAlive)).toEqual([]);
    expect(await portsListening()).toEqual([]);
  }, 300000);

  it('after being killed with SIGKILL, the next start stops the leftover PostgreSQL and reuses the data', async () => {
    const killed = startRun();
    await waitForBanner(killed);
    const leftover = postmasterPid();
    const services = servicePids();
    killed.child.kill('SIGKILL');
    await killed.exited;
    expect(pidAlive(leftover)).toBe(true); // PostgreSQL outlives a SIGKILLed parent: the next start must clean up
    // The services notice that their parent is gone and stop on their own.
    expect(await eventually(() => services.every((pid) => !pidAlive(pid)), 15000)).toBe(true);

    const next = startRun();
    await waitForBanner(next);
    expect(next.output()).toContain('left running by an earlier run');
    expect(next.output()).not.toMatch(/seeded 0 users/);
    expect(pidAlive(leftover)).toBe(false);
    const login = await gateway().request<{ login: { accessToken: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
      { e: 'guest@example.com', p: 'devpass' },
    );
    expect(login.data?.login.accessToken).toBeTruthy();

    next.child.kill('SIGINT');
    expect(await next.exited).toBe(0);
    expect(await portsListening()).toEqual([]);
  }, 300000);

  it('restarts a service killed with SIGKILL, says so, serves again, and stops the stack once a service crashes too often', async () => {
    // One restart per service within 10 minutes: the second crash of the same service ends the stack.
    const run = startRun({ VPG_RESTART_LIMIT: '1', VPG_RESTART_WINDOW_MS: '600000' });
    await waitForBanner(run);
    const killed = { gateway: servicePid('gateway'), platform: servicePid('platform') };
    process.kill(killed.gateway, 'SIGKILL');
    process.kill(killed.platform, 'SIGKILL');

    for (const name of ['gateway', 'platform']) {
      const restarting = new RegExp(`${name} stopped unexpectedly \\(signal SIGKILL, up [\\d.]+ s\\); restarting it in 0\\.5 s \\(attempt 1`);
      expect(await eventually(() => restarting.test(run.output()), 30000)).toBe(true);
      expect(await eventually(() => run.output().includes(`${name} is healthy again`), 90000)).toBe(true);
    }
    expect(run.child.exitCode).toBeNull();
    expect(servicePid('gateway')).not.toBe(killed.gateway);
    expect(servicePid('platform')).not.toBe(killed.platform);
    expect(pidAlive(servicePid('platform'))).toBe(true);

    const typename = await gateway().request<{ __typename: string }>('{ __typename }');
    expect(typename.data?.__typename).toBe('Query');
    const login = await gateway().request<{ login: { accessToken: string } }>(
      'mutation($e: String!, $p: String!) { login(email: $e, password: $p) { accessToken } }',
      { e: 'admin@example.com', p: 'devpass' },
    );
    const token = login.data?.login.accessToken;
    expect(token).toBeTruthy();
    const jobs = await gateway().request<{ trainingJobs: { nodes: Array<{ owner: { email: string }; dataset: { name: string } | null }> } }>(
      '{ trainingJobs(first: 20) { nodes { id owner { email } dataset { name numImages } } } }',
      {},
      { token },
    );
    expect(jobs.errors).toBeUndefined();
    expect(jobs.data?.trainingJobs.nodes.some((n) => n.owner.email && n.dataset?.name)).toBe(true);

    // A second crash within the window is one too many: the stack stops, says why, exits 1.
    const postgres = postmasterPid();
    const services = servicePids();
    process.kill(servicePid('platform'), 'SIGKILL');
    expect(await run.exited).toBe(1);
    expect(run.output()).toMatch(/platform stopped unexpectedly 2 times within 600 s \(VPG_RESTART_LIMIT=1, /);
    expect(run.output()).toContain('✗ npm start: platform');
    expect(pidAlive(postgres)).toBe(false);
    expect(services.filter(pidAlive)).toEqual([]);
    expect(await portsListening()).toEqual([]);
  }, 300000);

  it('refuses to start when a port is taken, and says which', async () => {
    const blocker = net.createServer();
    await new Promise<void>((r) => blocker.listen(ports.GATEWAY_PORT, '127.0.0.1', r));
    try {
      const run = startRun();
      expect(await run.exited).toBe(1);
      expect(run.output()).toContain(`port ${ports.GATEWAY_PORT} (gateway) is already in use`);
      expect(run.output()).toContain('VPG_PORT_OFFSET');
    } finally {
      await new Promise((r) => blocker.close(r));
    }
  }, 60000);

  it('with NODE_ENV=production, refuses development secrets before starting anything', async () => {
    const run = startRun({ NODE_ENV: 'production' });
    expect(await run.exited).toBe(1);
    expect(run.output()).toContain('JWT_SECRET: the development default must not be used in production');
    expect(run.output()).toContain('[labeler] LABELER_SERVICE_KEY');
    expect(run.output()).not.toContain(BANNER);
  }, 60000);
});

describe('ops files', () => {
  it('docker-compose.yml builds every service from the one Dockerfile with a SERVICE the build produces', () => {
    const compose = parseYaml(readFileSync(path.join(PROJECT_ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
      services: Record<string, { build?: { dockerfile?: string; args?: { SERVICE?: string } }; environment?: Record<string, string>; healthcheck?: unknown }>;
    };
    const services = compose.services;
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['postgres', 'minio', 'init', 'labeler', 'users', 'platform', 'datasets', 'gateway']));
    expect(existsSync(path.join(PROJECT_ROOT, 'Dockerfile'))).toBe(true);
    for (const [name, service] of Object.entries(services)) {
      if (!service.build) continue;
      expect(service.build.dockerfile ?? 'Dockerfile').toBe('Dockerfile');
      expect(SERVICES).toContain(service.build.args?.SERVICE);
      if (name !== 'init') expect([name, service.build.args?.SERVICE]).toEqual([name, name]);
      if (name !== 'init') expect(service.healthcheck).toBeDefined();
    }
    const gateway = services.gateway?.environment ?? {};
    for (const name of [
      'DATABASE_URL',
      'USER_DATABASE_URL',
      'EXTERNAL_STORAGE_ENDPOINT',
      'INTERNAL_STORAGE_BUCKET',
      'LABELER_API_URL',
      'LABELER_SERVICE_KEY',
      'JWT_SECRET',
      'USERS_URL',
    ]) {
      expect(Object.keys(gateway)).toContain(name);
    }
  });

  it('rover.yaml points at the schema files and the default routing URLs', () => {
    const rover = parseYaml(readFileSync(path.join(PROJECT_ROOT, 'rover.yaml'), 'utf8')) as {
      subgraphs: Record<string, { routing_url: string; schema: { file: string } }>;
    };
    expect(Object.keys(rover.subgraphs).sort()).toEqual(['datasets', 'platform', 'users']);
    for (const subgraph of Object.values(rover.subgraphs)) expect(existsSync(path.join(PROJECT_ROOT, subgraph.schema.file))).toBe(true);
  });
});
