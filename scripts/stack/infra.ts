/**
 * PostgreSQL and object storage for the local stack: the ones the env names, else an embedded
 * PostgreSQL (`.data/postgres`) and s3rver (`.data/s3`) started here and stopped on exit.
 */
import path from 'node:path';
import { ensureDatabase, startPostgres, withDatabase, type PostgresHandle } from '../../lib/infra/postgres';
import { startS3Server, type S3ServerHandle } from '../../lib/infra/s3-server';
import { DEV_S3_ACCESS_KEY } from '../../lib/env';
import { maskUrl } from '../../lib/log';
import { createStorage, type StorageSettings } from '../../lib/s3';
import type { StackSettings } from './settings';
import type { DatabaseUrls } from './topology';

export interface Infra {
  databases: DatabaseUrls;
  external: StorageSettings;
  internal: StorageSettings;
  /** Human-readable lines for the banner (credentials masked). */
  describe: string[];
  stop(): Promise<void>;
}

/** The server's routine LOG lines stay quiet; warnings, errors and our own notes are shown. */
function postgresLog(log: (line: string) => void): (line: string) => void {
  return (line) => {
    if (/^\d{4}-\d\d-\d\d [\d:.]+ \w+ \[\d+\] (LOG|DETAIL|HINT|STATEMENT):/.test(line)) return;
    log(`postgres: ${line}`);
  };
}

export class StackStartError extends Error {
  override name = 'StackStartError';
}

/** Starts what is missing; `onStop` registers each stopper as soon as the part runs. */
export async function startInfra(settings: StackSettings, log: (line: string) => void, onStop: (stop: () => Promise<void>) => void): Promise<Infra> {
  const { env, ports, dataDir } = settings;
  const describe: string[] = [];
  let pg: PostgresHandle | null = null;
  let s3: S3ServerHandle | null = null;

  let databases: DatabaseUrls;
  if (!env.DATABASE_URL) {
    const started = Date.now();
    try {
      pg = await startPostgres({ dataDir: path.join(dataDir, 'postgres'), port: ports.postgres, durable: true, ownProcessGroup: true, log: postgresLog(log) });
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      if (/address already in use|could not bind|could not create any TCP\/IP sockets/i.test(text)) {
        throw new StackStartError(
          `Port ${ports.postgres} (PostgreSQL) is already in use by another program. Stop it, or choose other ports with VPG_PORT_OFFSET=100 (or VPG_POSTGRES_PORT).`,
        );
      }
      throw error;
    }
    const handle = pg;
    onStop(() => handle.stop());
    for (const name of ['users', 'platform', 'labeler']) await handle.createDatabase(name);
    databases = {
      users: env.USER_DATABASE_URL ?? handle.url('users'),
      platform: env.DATABASE_URL ?? handle.url('platform'),
      labeler: env.LABELER_DATABASE_URL ?? handle.url('labeler'),
    };
    describe.push(`PostgreSQL  embedded, 127.0.0.1:${handle.port}, data ${handle.dataDir} (${Date.now() - started} ms)`);
  } else {
    // DATABASE_URL is set: the User and Labeler databases live beside the Platform DB unless named.
    const platform = env.DATABASE_URL;
    for (const [name, given] of [
      ['users', env.USER_DATABASE_URL],
      ['labeler', env.LABELER_DATABASE_URL],
    ] as const) {
      if (given) continue;
      await ensureDatabase(withDatabase(platform, 'postgres'), name).catch((error: Error) =>
        log(`could not create database "${name}" beside DATABASE_URL (${error.message}); set ${name === 'users' ? 'USER' : 'LABELER'}_DATABASE_URL`),
      );
    }
    databases = {
      platform,
      users: env.USER_DATABASE_URL ?? withDatabase(platform, 'users'),
      labeler: env.LABELER_DATABASE_URL ?? withDatabase(platform, 'labeler'),
    };
    describe.push(`PostgreSQL  ${maskUrl(databases.users)}, ${maskUrl(databases.platform)}, ${maskUrl(databases.labeler)}`);
  }

  const plan = plannedInfra(settings);
  if (!env.EXTERNAL_STORAGE_ENDPOINT) {
    try {
      s3 = await startS3Server({
        directory: path.join(dataDir, 's3'),
        port: ports.s3,
        buckets: [env.EXTERNAL_STORAGE_BUCKET, env.INTERNAL_STORAGE_BUCKET],
      });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
        throw new StackStartError(`Port ${ports.s3} (S3 server) is already in use. Stop that program, or set VPG_PORT_OFFSET=100 (or VPG_S3_PORT).`);
      }
      throw error;
    }
    const handle = s3;
    onStop(() => handle.stop());
    describe.push(`S3          s3rver ${handle.endpoint}, data ${path.join(dataDir, 's3')}`);
  } else {
    describe.push(`S3          ${plan.external.endpoint.replace(/\/\/[^@/]*@/, '//***@')}`);
  }
  const { external, internal } = plan;
  await createStorage(external).ensureBucket();
  await createStorage(internal).ensureBucket();

  return {
    databases,
    external,
    internal,
    describe,
    stop: async () => {
      await s3?.stop().catch(() => undefined);
      await pg?.stop();
    },
  };
}

/**
 * What `startInfra` will hand the services, known before anything starts (the embedded parts have
 * fixed ports and credentials), so the services' settings can be checked up front.
 */
export function plannedInfra(settings: StackSettings): Pick<Infra, 'databases' | 'external' | 'internal'> {
  const { env, ports } = settings;
  const embedded = (db: string) => `postgresql://postgres:postgres@127.0.0.1:${ports.postgres}/${db}`;
  const platform = env.DATABASE_URL ?? embedded('platform');
  const derive = (db: string) => (env.DATABASE_URL ? withDatabase(env.DATABASE_URL, db) : embedded(db));
  const endpoint = env.EXTERNAL_STORAGE_ENDPOINT ?? `http://127.0.0.1:${ports.s3}`;
  return {
    databases: { platform, users: env.USER_DATABASE_URL ?? derive('users'), labeler: env.LABELER_DATABASE_URL ?? derive('labeler') },
    external: {
      endpoint,
      region: env.EXTERNAL_STORAGE_REGION,
      accessKeyId: env.EXTERNAL_STORAGE_ACCESS_KEY ?? DEV_S3_ACCESS_KEY,
      secretAccessKey: env.EXTERNAL_STORAGE_SECRET_KEY ?? DEV_S3_ACCESS_KEY,
      bucket: env.EXTERNAL_STORAGE_BUCKET,
    },
    internal: {
      endpoint: env.INTERNAL_STORAGE_ENDPOINT ?? endpoint,
      region: env.INTERNAL_STORAGE_REGION,
      accessKeyId: env.INTERNAL_STORAGE_ACCESS_KEY ?? DEV_S3_ACCESS_KEY,
      secretAccessKey: env.INTERNAL_STORAGE_SECRET_KEY ?? DEV_S3_ACCESS_KEY,
      bucket: env.INTERNAL_STORAGE_BUCKET,
    },
  };
}
