/**
 * The whole stack in-process for tests: three fresh databases and a bucket on the run's shared
 * PostgreSQL and S3 (jest global setup), migrated and seeded like `npm start` does, then the
 * Labeler, the three subgraphs and the gateway on free ports. Nothing is mocked.
 */
import type { Role, JwtSettings } from '../auth';
import type { RunningService } from '../http';
import type { Storage } from '../s3';
import { createTestBucket, createTestDatabase } from './infra';
import { migrateLabelerDb } from '../../labeler/db';
import { parseLabelerEnv } from '../../labeler/env';
import { seedLabeler } from '../../labeler/seed';
import { createLabelerServer, type LabelerService } from '../../labeler/server';
import { migrateUsersDb } from '../../subgraphs/users/db';
import { parseUsersEnv } from '../../subgraphs/users/env';
import { seedProjectMembers, seedUsers } from '../../subgraphs/users/seed';
import { createUsersServer } from '../../subgraphs/users/server';
import { migratePlatformDb } from '../../subgraphs/platform/db';
import { parsePlatformEnv } from '../../subgraphs/platform/env';
import { demoProjectMembers, seedPlatform } from '../../subgraphs/platform/seed';
import { createPlatformServer } from '../../subgraphs/platform/server';
import { parseDatasetsEnv } from '../../subgraphs/datasets/env';
import { createDatasetsServer } from '../../subgraphs/datasets/server';
import { parseGatewayEnv } from '../../gateway/env';
import { createGatewayServer, type GatewayService } from '../../gateway/server';
import { startTrainer, type RunningTrainer } from '../../trainer/worker';
import { createLogger } from '../log';

export const STACK_PASSWORD = 'devpass';
/** Not the development default, so tests prove the secret is passed everywhere. */
const STACK_JWT: JwtSettings = { secret: 'stack-test-jwt-secret-0123456789abcdef', algorithm: 'HS256', expiresInSeconds: 3600 };
const STACK_SERVICE_KEY = 'stack-test-service-key-0123';
const STACK_WORKER_TOKEN = 'stack-test-worker-token-0123';

export interface StackOptions {
  /** Extra gateway settings (e.g. ACCOUNT_STATUS_TTL_MS). */
  gatewayEnv?: Record<string, string>;
  /** Where the gateway finds the built console (default: client/dist). */
  clientDistDir?: string;
  logLevel?: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  /** Extra Labeler settings, e.g. higher rate limits for a load test (`LABELER_RATE_LIMIT_SERVICE_PER_MIN`). */
  labelerEnv?: Record<string, string>;
  /** Extra datasets-subgraph settings, e.g. `{ LABELER_BATCH_MAX_SIZE: '8' }`. */
  datasetsEnv?: Record<string, string>;
  /** Start one reference trainer in-process (polling the platform's worker API). */
  trainer?: boolean;
  /** Extra platform settings, e.g. `LEASE_SWEEP_INTERVAL_MS` for lease-expiry tests. */
  platformEnv?: Record<string, string>;
}

export interface Stack {
  /** Gateway base URL, e.g. `http://127.0.0.1:40123` (console at `/`, explorer at `/explorer`). */
  gatewayUrl: string;
  /** `gatewayUrl` + `/graphql`. */
  graphqlUrl: string;
  /** `ws://…/graphql` on the gateway (graphql-ws). */
  wsUrl: string;
  gateway: GatewayService;
  labeler: LabelerService;
  services: { labeler: LabelerService; users: RunningService; platform: RunningService; datasets: RunningService; gateway: GatewayService };
  /** Base URLs of the services behind the gateway (append `/graphql` for a subgraph endpoint). */
  urls: { users: string; platform: string; datasets: string; labeler: string };
  dbUrls: { users: string; platform: string; labeler: string };
  storage: Storage;
  /** The internal bucket (snapshots, checkpoints). */
  internalStorage: Storage;
  /** `urls.platform` + `/worker/v1`, and the token workers send. */
  worker: { url: string; token: string };
  /** Present with `startStack({ trainer: true })`. */
  trainer?: RunningTrainer;
  jwt: JwtSettings;
  labelerServiceKey: string;
  userIds: Record<Role, string>;
  datasetIds: string[];
  /** Log in through the gateway (users subgraph `login`); returns the access token. */
  login(email: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

async function loginThrough(graphqlUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: 'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }',
      variables: { email, password },
    }),
  });
  const body = (await response.json()) as { data?: { login?: { accessToken: string } }; errors?: Array<{ message: string }> };
  const token = body.data?.login?.accessToken;
  if (!token) throw new Error(`login as ${email} failed (${response.status}): ${body.errors?.map((e) => e.message).join('; ') ?? 'no token'}`);
  return token;
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
  const common = { NODE_ENV: 'test', LOG_LEVEL: opts.logLevel ?? 'silent', HOST: '127.0.0.1' };
  const jwt = { JWT_SECRET: STACK_JWT.secret, JWT_ALGORITHM: STACK_JWT.algorithm, JWT_EXPIRES_IN_SECONDS: String(STACK_JWT.expiresInSeconds) };
  const [usersDb, platformDb, labelerDb, bucket, internalBucket] = await Promise.all([
    createTestDatabase('stack_users'),
    createTestDatabase('stack_platform'),
    createTestDatabase('stack_labeler'),
    createTestBucket('stack-datasets'),
    createTestBucket('stack-internal'),
  ]);
  await Promise.all([migrateUsersDb(usersDb), migrateLabelerDb(labelerDb), migratePlatformDb(platformDb)]);
  const { userIds } = await seedUsers(usersDb, { password: STACK_PASSWORD });
  const { datasetIds } = await seedLabeler({ databaseUrl: labelerDb, storage: bucket.storage, ownerIds: userIds });
  await seedPlatform(platformDb, { userIds, datasetIds });
  await seedProjectMembers(usersDb, demoProjectMembers(userIds));

  const started: Array<Pick<RunningService, 'close'>> = [];
  const closeAll = async () => {
    // Reverse start order: the gateway first, the Labeler last.
    for (const service of started.splice(0).reverse()) {
      await service.close().catch(() => undefined);
    }
  };
  try {
    const labeler = await createLabelerServer(
      parseLabelerEnv({
        ...common,
        LABELER_PORT: '0',
        LABELER_DATABASE_URL: labelerDb,
        LABELER_SERVICE_KEY: STACK_SERVICE_KEY,
        // The Labeler logs users in against the shared User DB (seed 1.5), with the same JWT settings.
        USER_DATABASE_URL: usersDb,
        ...jwt,
        ...opts.labelerEnv,
        EXTERNAL_STORAGE_ENDPOINT: bucket.settings.endpoint,
        EXTERNAL_STORAGE_ACCESS_KEY: bucket.settings.accessKeyId,
        EXTERNAL_STORAGE_SECRET_KEY: bucket.settings.secretAccessKey,
        EXTERNAL_STORAGE_BUCKET: bucket.settings.bucket,
      }),
    );
    started.push(labeler);
    const users = await createUsersServer(parseUsersEnv({ ...common, ...jwt, USERS_PORT: '0', USER_DATABASE_URL: usersDb }));
    started.push(users);
    const platform = await createPlatformServer(
      parsePlatformEnv({
        ...common,
        ...jwt,
        PLATFORM_PORT: '0',
        DATABASE_URL: platformDb,
        // Project membership (who may see and start jobs) is read from the shared User DB.
        USER_DATABASE_URL: usersDb,
        LABELER_API_URL: labeler.url,
        LABELER_SERVICE_KEY: STACK_SERVICE_KEY,
        WORKER_TOKEN: STACK_WORKER_TOKEN,
        EXTERNAL_STORAGE_ENDPOINT: bucket.settings.endpoint,
        EXTERNAL_STORAGE_ACCESS_KEY: bucket.settings.accessKeyId,
        EXTERNAL_STORAGE_SECRET_KEY: bucket.settings.secretAccessKey,
        EXTERNAL_STORAGE_BUCKET: bucket.settings.bucket,
        INTERNAL_STORAGE_ENDPOINT: internalBucket.settings.endpoint,
        INTERNAL_STORAGE_ACCESS_KEY: internalBucket.settings.accessKeyId,
        INTERNAL_STORAGE_SECRET_KEY: internalBucket.settings.secretAccessKey,
        INTERNAL_STORAGE_BUCKET: internalBucket.settings.bucket,
        ...opts.platformEnv,
      }),
    );
    started.push(platform);
    const worker = { url: `${platform.url}/worker/v1`, token: STACK_WORKER_TOKEN };
    const datasets = await createDatasetsServer(
      parseDatasetsEnv({ ...common, ...jwt, DATASETS_PORT: '0', LABELER_API_URL: labeler.url, LABELER_SERVICE_KEY: STACK_SERVICE_KEY, ...opts.datasetsEnv }),
    );
    started.push(datasets);
    const gateway = await createGatewayServer(
      parseGatewayEnv({
        ...common,
        ...jwt,
        GATEWAY_PORT: '0',
        USERS_URL: `${users.url}/graphql`,
        PLATFORM_URL: `${platform.url}/graphql`,
        DATASETS_URL: `${datasets.url}/graphql`,
        ...(opts.clientDistDir ? { CLIENT_DIST_DIR: opts.clientDistDir } : {}),
        ...opts.gatewayEnv,
      }),
    );
    started.push(gateway);
    const trainer = opts.trainer
      ? startTrainer({ workerUrl: worker.url, token: worker.token, workerId: 'stack-trainer-1', pollIntervalMs: 100, leaseSeconds: 30, log: createLogger('trainer', opts.logLevel ?? 'silent') })
      : undefined;
    // Closed first (the list closes newest first), before the platform it talks to.
    if (trainer) started.push(trainer);

    const graphqlUrl = `${gateway.url}/graphql`;
    return {
      gatewayUrl: gateway.url,
      graphqlUrl,
      wsUrl: `${gateway.url.replace(/^http/, 'ws')}/graphql`,
      gateway,
      labeler,
      services: { labeler, users, platform, datasets, gateway },
      urls: { users: users.url, platform: platform.url, datasets: datasets.url, labeler: labeler.url },
      dbUrls: { users: usersDb, platform: platformDb, labeler: labelerDb },
      storage: bucket.storage,
      internalStorage: internalBucket.storage,
      worker,
      ...(trainer ? { trainer } : {}),
      jwt: STACK_JWT,
      labelerServiceKey: STACK_SERVICE_KEY,
      userIds,
      datasetIds,
      login: (email, password = STACK_PASSWORD) => loginThrough(graphqlUrl, email, password),
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
