/**
 * The whole stack in-process for tests: three fresh databases and a bucket on the run's shared
 * PostgreSQL and S3 (jest global setup), migrated and seeded like `npm start` does (but with
 * fixture jobs in every status instead of the demo's trained runs), then the
 * Labeler, the three subgraphs and the gateway on free ports, each with the settings the stack's
 * topology derives (scripts/stack/topology.ts), as under `npm start`. Nothing is mocked.
 */
import type { Role, JwtSettings } from '../../lib/auth';
import type { RunningService } from '../../lib/http';
import type { Storage } from '../../lib/s3';
import { createGraphQLClient, type GraphQLClient } from './graphql-client';
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
import { seedFixtureJobs } from '../../subgraphs/platform/fixture-jobs';
import { demoProjectMembers, seedPlatform } from '../../subgraphs/platform/seed';
import { createPlatformServer } from '../../subgraphs/platform/server';
import { parseDatasetsEnv } from '../../subgraphs/datasets/env';
import { createDatasetsServer } from '../../subgraphs/datasets/server';
import { parseGatewayEnv } from '../../gateway/env';
import { createGatewayServer, type GatewayService } from '../../gateway/server';
import { parseTrainerEnv, type TrainerEnv } from '../../trainer/env';
import { startTrainer, trainerOptionsOf, type RunningTrainer } from '../../trainer/worker';
import { serviceEnv, type ServiceName, type Topology } from '../../scripts/stack/topology';
import { createLogger } from '../../lib/log';

export const STACK_PASSWORD = 'devpass';
/** Not the development default, so tests prove the secret is passed everywhere. */
const STACK_JWT: JwtSettings = { secret: 'stack-test-jwt-secret-0123456789abcdef', algorithm: 'HS256', expiresInSeconds: 3600 };
const STACK_SERVICE_KEY = 'stack-test-service-key-0123';
const STACK_WORKER_TOKEN = 'stack-test-worker-token-0123';

export interface StackOptions {
  /**
   * Settings of this use per service, over the topology's (scripts/stack/topology.ts), e.g.
   * `{ gateway: { ACCOUNT_STATUS_TTL_MS: '0' }, labeler: { LABELER_RATE_LIMIT_SERVICE_PER_MIN: '100000' } }`.
   */
  env?: Topology['overrides'];
  /** `LOGIN_*` settings, given alike to the users subgraph and the Labeler (as `npm start` does). */
  loginThrottle?: Topology['loginThrottle'];
  /** Where the gateway finds the built console (default: client/dist). */
  clientDistDir?: string;
  logLevel?: 'silent' | 'error' | 'warn' | 'info' | 'debug';
  /** Start one reference trainer in-process (polling the platform's worker API). */
  trainer?: boolean;
}

export interface Stack {
  /** Gateway base URL, e.g. `http://127.0.0.1:40123` (console at `/`, explorer at `/explorer`). */
  gatewayUrl: string;
  /** `gatewayUrl` + `/graphql`. */
  graphqlUrl: string;
  /** A GraphQL client on `graphqlUrl`, without a token (`login()`/`withToken()` give one with). */
  graphql: GraphQLClient;
  /** `ws://…/graphql` on the gateway (graphql-ws). */
  wsUrl: string;
  gateway: GatewayService;
  /** The settings the stack's gateway runs with, for starting another gateway process on the same subgraphs. */
  gatewayEnv: Record<string, string>;
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

/** The reference trainer in this process, set up as `trainer/main.ts` sets it up from its env. */
function startStackTrainer(env: TrainerEnv): RunningTrainer {
  return startTrainer(trainerOptionsOf(env, createLogger('trainer', env.logLevel)));
}

export async function startStack(opts: StackOptions = {}): Promise<Stack> {
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
  // Test fixtures (jobs in every status, none really trained); `npm start` trains its demo runs instead.
  await seedFixtureJobs(platformDb, { userIds, datasetIds });
  await seedProjectMembers(usersDb, demoProjectMembers(userIds));

  // Every service on a free port; each called service's URL is filled in once it listens.
  const urls: NonNullable<Topology['urls']> = {};
  const topology: Topology = {
    nodeEnv: 'test',
    host: '127.0.0.1',
    logLevel: opts.logLevel ?? 'silent',
    databases: { users: usersDb, platform: platformDb, labeler: labelerDb },
    external: bucket.settings,
    internal: internalBucket.settings,
    secrets: {
      jwtSecret: STACK_JWT.secret,
      jwtAlgorithm: STACK_JWT.algorithm,
      jwtExpiresInSeconds: STACK_JWT.expiresInSeconds,
      serviceKey: STACK_SERVICE_KEY,
      workerToken: STACK_WORKER_TOKEN,
    },
    ports: { labeler: 0, users: 0, platform: 0, datasets: 0, gateway: 0, trainer: 0 },
    urls,
    ...(opts.clientDistDir ? { clientDistDir: opts.clientDistDir } : {}),
    ...(opts.loginThrottle ? { loginThrottle: opts.loginThrottle } : {}),
    overrides: { ...opts.env, trainer: { WORKER_ID: 'stack-trainer-1', TRAINER_POLL_INTERVAL_MS: '100', TRAINER_LEASE_SECONDS: '30', ...opts.env?.trainer } },
  };
  const envOf = (name: ServiceName) => serviceEnv(name, topology);
  const started: Array<Pick<RunningService, 'close'>> = [];
  const closeAll = async () => {
    // Reverse start order: the gateway first, the Labeler last.
    for (const service of started.splice(0).reverse()) {
      await service.close().catch(() => undefined);
    }
  };
  try {
    const labeler = await createLabelerServer(parseLabelerEnv(envOf('labeler')));
    started.push(labeler);
    urls.labeler = labeler.url;
    const users = await createUsersServer(parseUsersEnv(envOf('users')));
    started.push(users);
    urls.users = users.url;
    const platform = await createPlatformServer(parsePlatformEnv(envOf('platform')));
    started.push(platform);
    urls.platform = platform.url;
    const worker = { url: envOf('trainer').PLATFORM_WORKER_URL!, token: STACK_WORKER_TOKEN };
    const datasets = await createDatasetsServer(parseDatasetsEnv(envOf('datasets')));
    started.push(datasets);
    urls.datasets = datasets.url;
    const gateway = await createGatewayServer(parseGatewayEnv(envOf('gateway')));
    started.push(gateway);
    const trainer = opts.trainer ? startStackTrainer(parseTrainerEnv(envOf('trainer'))) : undefined;
    // Closed first (the list closes newest first), before the platform it talks to.
    if (trainer) started.push(trainer);

    const graphqlUrl = `${gateway.url}/graphql`;
    const graphql = createGraphQLClient(graphqlUrl);
    return {
      gatewayUrl: gateway.url,
      graphqlUrl,
      graphql,
      wsUrl: `${gateway.url.replace(/^http/, 'ws')}/graphql`,
      gateway,
      gatewayEnv: envOf('gateway'),
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
      login: async (email, password = STACK_PASSWORD) => (await graphql.login(email, password)).token!,
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
