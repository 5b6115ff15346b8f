/**
 * The production build as an image runs it: `npm run build:server`, then `node dist/db-migrate.js`
 * and `node dist/db-seed.js` prepare fresh databases and buckets, and every service starts with
 * plain `node dist/<service>.js` (no TypeScript loader, no `--import`), with only its own
 * variables in its environment, on the run's PostgreSQL and S3. Each answers its health check, and
 * a login plus a query through the gateway reaches all three subgraphs and the Labeler.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { findFreePorts, withDatabase } from '../lib/infra/postgres';
import { PROJECT_ROOT } from '../lib/schema-files';
import { SERVICES } from '../scripts/build-server';
import { serviceEnv, storageVariables, type ServiceName, type Topology } from '../scripts/stack/topology';
import { createGraphQLClient } from './harness/graphql-client';

const DIST = path.join(PROJECT_ROOT, 'dist');
const suffix = Math.random().toString(16).slice(2, 10);
const running: Array<{ name: string; child: ChildProcess; output: () => string }> = [];
let topology: Topology;

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run tests through \`npm test\``);
  return value;
}

/** Only what a container would have: PATH and the service's own variables (no NODE_OPTIONS, no loader). */
const bareEnv = (vars: Record<string, string>): NodeJS.ProcessEnv => ({ PATH: process.env.PATH, ...vars });

/**
 * Runs a command to its end without blocking this process: the run's S3 server answers from this
 * process's event loop (jest's global setup), so a synchronous spawn would wait for itself.
 */
function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${[command, ...args].join(' ')} exited with ${code}:\n${output}`))));
  });
}

const runScript = (file: string, vars: Record<string, string>, args: string[] = []) => run(process.execPath, [path.join(DIST, file), ...args], bareEnv(vars));

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function healthOf(name: ServiceName): Promise<Response | null> {
  try {
    return await fetch(`http://127.0.0.1:${topology.ports[name]}/health`);
  } catch {
    return null;
  }
}

async function startBuilt(name: ServiceName): Promise<void> {
  const child = spawn(process.execPath, [path.join(DIST, `${name}.js`)], {
    cwd: PROJECT_ROOT,
    env: bareEnv(serviceEnv(name, topology)),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  running.push({ name, child, output: () => output });
  await until(
    async () => {
      if (child.exitCode !== null) throw new Error(`node dist/${name}.js exited with ${child.exitCode}:\n${output}`);
      return (await healthOf(name))?.ok === true;
    },
    45_000,
    `dist/${name}.js to answer /health`,
  );
}

beforeAll(async () => {
  await run('npm', ['run', 'build:server'], process.env);

  const admin = required('TEST_PG_ADMIN_URL');
  const endpoint = required('TEST_S3_ENDPOINT');
  const bucket = (name: string) => ({ endpoint, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', bucket: `${name}-${suffix}` });
  const [labeler, users, platform, datasets, gateway, trainer] = await findFreePorts(SERVICES.length);
  topology = {
    nodeEnv: 'test',
    host: '127.0.0.1',
    logLevel: 'warn',
    // Databases that do not exist yet: `db-migrate` creates them, as on a first deploy.
    databases: {
      users: withDatabase(admin, `built_users_${suffix}`),
      platform: withDatabase(admin, `built_platform_${suffix}`),
      labeler: withDatabase(admin, `built_labeler_${suffix}`),
    },
    external: bucket('built-datasets'),
    internal: bucket('built-internal'),
    secrets: {
      jwtSecret: 'built-test-jwt-secret-0123456789abcdef',
      serviceKey: 'built-test-service-key-0123',
      workerToken: 'built-test-worker-token-0123',
    },
    ports: { labeler: labeler!, users: users!, platform: platform!, datasets: datasets!, gateway: gateway!, trainer: trainer! },
    overrides: { trainer: { WORKER_ID: 'built-trainer-1' } },
  };

  const dataVars = {
    NODE_ENV: 'test',
    DATABASE_URL: topology.databases.platform,
    USER_DATABASE_URL: topology.databases.users,
    LABELER_DATABASE_URL: topology.databases.labeler,
    ...storageVariables('EXTERNAL_STORAGE', topology.external),
    ...storageVariables('INTERNAL_STORAGE', topology.internal),
  };
  await runScript('db-migrate.js', dataVars);
  await runScript('db-seed.js', dataVars);

  // The order of a deploy: the Labeler, the subgraphs, the gateway, then workers.
  for (const name of ['labeler', 'users', 'platform', 'datasets', 'gateway', 'trainer'] as const) await startBuilt(name);
}, 300_000);

afterAll(async () => {
  for (const { child } of running.splice(0).reverse()) {
    if (child.exitCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});

describe('the production build (node dist/<service>.js)', () => {
  it('builds one file per service and per data command', () => {
    for (const file of [...SERVICES, 'db-migrate', 'db-seed']) expect(existsSync(path.join(DIST, `${file}.js`))).toBe(true);
  });

  it('every built service answers its health check', async () => {
    for (const name of SERVICES) {
      const response = await healthOf(name);
      expect([name, response?.status]).toEqual([name, 200]);
    }
  });

  it('logs in and answers a query across every subgraph and the Labeler through the built gateway', async () => {
    const graphql = createGraphQLClient(`http://127.0.0.1:${topology.ports.gateway}/graphql`);
    const admin = await graphql.login('admin@example.com', 'devpass');
    const data = await admin.data<{
      me: { email: string; role: string };
      projects: { totalCount: number };
      datasets: { totalCount: number; nodes: Array<{ name: string }> };
    }>('{ me { email role } projects { totalCount } datasets { totalCount nodes { name } } }');
    expect(data.me).toEqual({ email: 'admin@example.com', role: 'ADMIN' });
    expect(data.projects.totalCount).toBeGreaterThan(0);
    expect(data.datasets.totalCount).toBeGreaterThan(0);
    expect(data.datasets.nodes[0]?.name).toEqual(expect.any(String));
  });

  it("the image's health check (dist/healthcheck.js) follows each service's /health/ready", async () => {
    for (const name of SERVICES) {
      const ready = (await fetch(`http://127.0.0.1:${topology.ports[name]}/health/ready`)).ok;
      const vars = { SERVICE: name, [`${name.toUpperCase()}_PORT`]: String(topology.ports[name]) };
      const outcome = await runScript('healthcheck.js', vars).then(
        () => 'healthy',
        () => 'unhealthy',
      );
      expect([name, outcome]).toEqual([name, ready ? 'healthy' : 'unhealthy']);
    }
  });

  it('migrates one named database with only its own variable (a pre-deploy command)', async () => {
    const url = withDatabase(required('TEST_PG_ADMIN_URL'), `built_only_users_${suffix}`);
    await runScript('db-migrate.js', { NODE_ENV: 'production', USER_DATABASE_URL: url, LOG_LEVEL: 'warn' }, ['users']);
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const { rows } = await client.query<{ name: string }>(
        "select table_name as name from information_schema.tables where table_schema = 'public' order by 1",
      );
      expect(rows.map((row) => row.name)).toEqual(expect.arrayContaining(['users', 'organizations', 'invitations', 'project_members']));
    } finally {
      await client.end();
    }
    await expect(runScript('db-migrate.js', { USER_DATABASE_URL: url }, ['accounts'])).rejects.toThrow(/unknown database accounts/);
  });

  it('stops on SIGTERM with exit code 0', async () => {
    const trainer = running.find((r) => r.name === 'trainer')!;
    const exited = new Promise<number | null>((resolve) => trainer.child.once('exit', (code) => resolve(code)));
    trainer.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
