import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { PROJECT_ROOT } from '../schema-files';
import { ensureDatabase, startPostgres, withDatabase, type PostgresHandle } from './postgres';
import { pidAlive } from '../process';

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
// mkdtemp makes a mode-700 folder; open it so only the test that wants an unreachable folder gets one.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'vpg-pgtest-'));
chmodSync(scratch, 0o755);
const cleanups: Array<() => Promise<void> | void> = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

async function started(options: Parameters<typeof startPostgres>[0]): Promise<PostgresHandle> {
  const handle = await startPostgres(options);
  cleanups.push(() => handle.stop());
  return handle;
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function postmasterPid(dataDir: string): number {
  return Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
}

describe('embedded PostgreSQL (lib/infra/postgres.ts)', () => {
  (isRoot ? it : it.skip)('as root, puts the data under the temp dir when user "postgres" cannot reach the requested folder', async () => {
    const privateHome = path.join(scratch, 'home');
    mkdirSync(privateHome);
    chmodSync(privateHome, 0o700);
    const requested = path.join(privateHome, 'project', '.data', 'postgres');
    const lines: string[] = [];

    const db = await started({ dataDir: requested, port: 0, log: (l) => lines.push(l) });
    cleanups.unshift(() => rmSync(db.dataDir, { recursive: true, force: true })); // after stop

    expect(db.dataDir).not.toBe(requested);
    expect(db.dataDir.startsWith(privateHome)).toBe(false);
    expect(path.dirname(db.dataDir)).toBe(os.tmpdir());
    expect(existsSync(path.join(db.dataDir, 'PG_VERSION'))).toBe(true);
    expect(lines.some((l) => l.includes('not reachable'))).toBe(true);
    const [row] = await query<{ user: string }>(db.url('postgres'), 'SELECT current_user AS user');
    expect(row?.user).toBe('postgres');
  });

  it('keeps the data across a restart on the same folder', async () => {
    const dataDir = path.join(scratch, 'restart');
    const first = await startPostgres({ dataDir, port: 0 });
    expect(first.dataDir).toBe(dataDir);
    await first.createDatabase('keep');
    await query(first.url('keep'), 'CREATE TABLE note (text text); INSERT INTO note VALUES ($$still here$$)');
    await first.stop();

    const second = await started({ dataDir, port: 0 });
    const rows = await query<{ text: string }>(second.url('keep'), 'SELECT text FROM note');
    expect(rows).toEqual([{ text: 'still here' }]);
  });

  it('stops a PostgreSQL left running by a killed process, then starts on the same data', async () => {
    const dataDir = path.join(scratch, 'leftover');
    const script = path.join(scratch, 'start-and-wait.mts');
    writeFileSync(
      script,
      `import { startPostgres } from ${JSON.stringify(path.join(PROJECT_ROOT, 'lib/infra/postgres.ts'))};
       const db = await startPostgres({ dataDir: ${JSON.stringify(dataDir)}, port: 0 });
       console.log('READY ' + db.dataDir);
       setInterval(() => {}, 1000);`,
    );
    const owner = spawn(process.execPath, ['--import', 'tsx', script], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    const actualDir = await new Promise<string>((resolve, reject) => {
      let out = '';
      owner.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /READY (.+)\n/.exec(out);
        if (match) resolve(match[1]!);
      });
      owner.once('exit', (code) => reject(new Error(`helper exited early (${code}): ${out}`)));
    });
    owner.kill('SIGKILL');
    await new Promise((r) => owner.once('exit', r));
    const leftover = postmasterPid(actualDir);
    cleanups.push(() => {
      if (pidAlive(leftover)) process.kill(leftover, 'SIGKILL');
    });
    expect(pidAlive(leftover)).toBe(true);

    const lines: string[] = [];
    const db = await started({ dataDir, port: 0, log: (l) => lines.push(l) });

    expect(pidAlive(leftover)).toBe(false);
    expect(postmasterPid(db.dataDir)).not.toBe(leftover);
    expect(lines.some((l) => l.includes('left running by an earlier run'))).toBe(true);
    const [row] = await query<{ one: number }>(db.url('postgres'), 'SELECT 1 AS one');
    expect(row?.one).toBe(1);
  });

  it('creates a database once and accepts being asked again', async () => {
    const admin = process.env.TEST_PG_ADMIN_URL as string;
    const name = `twice_${Date.now()}`;
    await ensureDatabase(admin, name);
    await ensureDatabase(admin, name);
    const rows = await query<{ datname: string }>(admin, `SELECT datname FROM pg_database WHERE datname = '${name}'`);
    expect(rows).toHaveLength(1);
    await expect(ensureDatabase(admin, 'bad-name; DROP')).rejects.toThrow('Refusing database name');
  });

  it('swaps only the database part of a connection string', () => {
    expect(withDatabase('postgresql://u:p%40ss@db.example:5432/platform?sslmode=require', 'users')).toBe(
      'postgresql://u:p%40ss@db.example:5432/users?sslmode=require',
    );
  });
});
