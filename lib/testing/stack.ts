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
import { seedUsers } from '../../subgraphs/users/seed';
import { createUsersServer } from '../../subgraphs/users/server';
import { migratePlatformDb } from '../../subgraphs/platform/db';
import { parsePlatformEnv } from '../../subgraphs/platform/env';
import { seedPlatform } from '../../subgraphs/platform/seed';
import { createPlatformServer } from '../../subgraphs/platform/server';
import { parseDatasetsEnv } from '../../subgraphs/datasets/env';
import { createDatasetsServer } from '../../subgraphs/datasets/server';
import { parseGatewayEnv } from '../../gateway/env';
import { createGatewayServer, type GatewayService } from '../../gateway/server';

export const STACK_PASSWORD = 'devpass';
/** Not the development default, so tests prove the secret is passed everywhere. */
const STACK_JWT: JwtSettings = { JWT_SECRET: 'stack-test-jwt-secret-0123456789abcdef', JWT_ALGORITHM: 'HS256', JWT_EXPIRES_IN_SECONDS: 3600 };
const STACK_SERVICE_KEY = 'stack-test-service-key-0123';

export interface StackOptions {
  /** Where the gateway finds the built console (default: client/dist). */
  clientDistDir?: string;
  logLevel?: 'silent' | 'error' | 'warn' | 'info' | 'debug';
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
  const jwt = { JWT_SECRET: STACK_JWT.JWT_SECRET, JWT_ALGORITHM: STACK_JWT.JWT_ALGORITHM, JWT_EXPIRES_IN_SECONDS: String(STACK_JWT.JWT_EXPIRES_IN_SECONDS) };
  const [usersDb, platformDb, labelerDb, bucket] = await Promise.all([
    createTestDatabase('stack_users'),
    createTestDatabase('stack_platform'),
    createTestDatabase('stack_labeler'),
    createTestBucket('stack-datasets'),
  ]);
  await Promise.all([migrateUsersDb(usersDb), migrateLabelerDb(labelerDb), migratePlatformDb(platformDb)]);
  const { userIds } = await seedUsers(usersDb, { password: STACK_PASSWORD });
  const { datasetIds } = await seedLabeler({ databaseUrl: labelerDb, storage: bucket.storage, ownerIds: userIds });
  await seedPlatform(platformDb, { userIds, datasetIds });

  const started: RunningService[] = [];
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
        EXTERNAL_STORAGE_ENDPOINT: bucket.settings.endpoint,
        EXTERNAL_STORAGE_ACCESS_KEY: bucket.settings.accessKeyId,
        EXTERNAL_STORAGE_SECRET_KEY: bucket.settings.secretAccessKey,
        EXTERNAL_STORAGE_BUCKET: bucket.settings.bucket,
      }),
    );
    started.push(labeler);
    const users = await createUsersServer(parseUsersEnv({ ...common, ...jwt, USERS_PORT: '0', USER_DATABASE_URL: usersDb }));
    started.push(users);
    const platform = await createPlatformServer(parsePlatformEnv({ ...common, ...jwt, PLATFORM_PORT: '0', DATABASE_URL: platformDb }));
    started.push(platform);
    const datasets = await createDatasetsServer(
      parseDatasetsEnv({ ...common, ...jwt, DATASETS_PORT: '0', LABELER_API_URL: labeler.url, LABELER_SERVICE_KEY: STACK_SERVICE_KEY }),
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
      }),
    );
    started.push(gateway);

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
