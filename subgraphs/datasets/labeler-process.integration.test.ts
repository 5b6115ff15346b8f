/**
 * D8 with the real Labeler PROCESS (`node labeler/main.ts`, as `npm start` runs it): kill it, and
 * the datasets subgraph still answers the fields that do not need it while dataset fields carry
 * UPSTREAM_UNAVAILABLE; start it again, and the subgraph recovers by itself within the breaker's
 * half-open time, without a restart.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { signAccessToken } from '../../lib/auth';
import type { RunningService } from '../../lib/http';
import { findFreePort } from '../../lib/infra/postgres';
import { PROJECT_ROOT } from '../../lib/schema-files';
import { createGraphQLClient, type GraphQLResult } from '../../test/harness/graphql-client';
import { createTestBucket, createTestDatabase } from '../../test/harness/infra';
import { migrateLabelerDb } from '../../labeler/db';
import { seedLabeler, SEED_DATASETS } from '../../labeler/seed';
import { TEST_SERVICE_KEY, TEST_USER_IDS, testLabelerVariables } from '../../labeler/testing';
import { parseDatasetsEnv } from './env';
import { createDatasetsServer } from './server';
import { createSeededUsersDb } from '../platform/testing';

const HALF_OPEN_MS = 400;
const COCO = SEED_DATASETS[0]!.id;
let labelerEnv: Record<string, string>;
let port: number;
let child: ChildProcess | null = null;
let datasets: RunningService;
let token: string;

async function healthy(): Promise<boolean> {
  try {
    return (await fetch(`http://127.0.0.1:${port}/health`)).ok;
  } catch {
    return false;
  }
}

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function startLabelerProcess(): Promise<void> {
  child = spawn(process.execPath, ['--openssl-legacy-provider', '--import', 'tsx/esm', 'labeler/main.ts'], {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...labelerEnv },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  await until(
    async () => {
      if (child?.exitCode !== null) throw new Error(`the Labeler process exited: ${stderr}`);
      return healthy();
    },
    30_000,
    'the Labeler process',
  );
}

async function stopLabelerProcess(): Promise<void> {
  const running = child;
  child = null;
  if (!running || running.exitCode !== null) return;
  const exited = new Promise((resolve) => running.once('exit', resolve));
  running.kill('SIGKILL'); // a crash, not a polite shutdown
  await exited;
}

type Entities = { _entities?: Array<{ id: string; name?: string } | null> };

/** One User (needs no Labeler) and one Dataset (needs it) in the same request. */
function mixedQuery(): Promise<GraphQLResult<Entities>> {
  return createGraphQLClient(`${datasets.url}/graphql`, { token }).request<Entities>(
    `query ($reps: [_Any!]!) { _entities(representations: $reps) { ... on User { id } ... on Dataset { id name } } }`,
    {
      reps: [
        { __typename: 'User', id: TEST_USER_IDS.guest },
        { __typename: 'Dataset', id: COCO },
      ],
    },
  );
}

beforeAll(async () => {
  const databaseUrl = await createTestDatabase('labeler_process');
  const { settings, storage } = await createTestBucket('labeler-process');
  await migrateLabelerDb(databaseUrl);
  await seedLabeler({ databaseUrl, storage, ownerIds: TEST_USER_IDS });
  port = await findFreePort();
  labelerEnv = { ...testLabelerVariables(databaseUrl, settings), LOG_LEVEL: 'warn', LABELER_PORT: String(port) };
  await startLabelerProcess();
  const usersDb = await createSeededUsersDb('labeler_process');
  const env = parseDatasetsEnv({
    USER_DATABASE_URL: usersDb,
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATASETS_PORT: '0',
    LABELER_API_URL: `http://127.0.0.1:${port}`,
    LABELER_SERVICE_KEY: TEST_SERVICE_KEY,
    // The outage must be seen by every request: nothing remembered across requests.
    LABELER_METADATA_TTL_MS: '0',
    LABELER_TIMEOUT_MS: '1000',
    LABELER_MAX_RETRIES: '1',
    LABELER_BREAKER_THRESHOLD: '2',
    LABELER_BREAKER_HALF_OPEN_MS: String(HALF_OPEN_MS),
  });
  datasets = await createDatasetsServer(env);
  token = (await signAccessToken({ id: TEST_USER_IDS.guest, email: 'guest@example.com', role: 'guest' }, env.jwt)).token;
}, 60_000);

afterAll(async () => {
  await stopLabelerProcess();
  await datasets?.close();
});

describe('datasets subgraph with the real Labeler process stopped and restarted (D8)', () => {
  it('answers the other fields, reports UPSTREAM_UNAVAILABLE on dataset fields, and recovers by itself', async () => {
    const before = await mixedQuery();
    expect(before.errors).toBeUndefined();
    expect(before.data?._entities).toEqual([{ id: TEST_USER_IDS.guest }, { id: COCO, name: 'shapes-detection-coco' }]);

    await stopLabelerProcess();
    const down = await mixedQuery();
    expect(down.data?._entities).toEqual([{ id: TEST_USER_IDS.guest }, null]);
    expect(down.errors?.map((e) => [e.path, e.extensions?.code])).toEqual([[['_entities', 1], 'UPSTREAM_UNAVAILABLE']]);

    // Two failed attempts opened the breaker: now calls fail fast with the breaker's own reason,
    // without trying a connection (the reason would then be the connection error).
    const open = await mixedQuery();
    expect(open.errors?.[0]).toMatchObject({ message: expect.stringMatching(/circuit open/), extensions: { code: 'UPSTREAM_UNAVAILABLE' } });

    await startLabelerProcess();
    let recovered: GraphQLResult<Entities> | undefined;
    await until(
      async () => {
        const attempt = await mixedQuery();
        if (attempt.errors) return false;
        recovered = attempt;
        return true;
      },
      10_000,
      'the subgraph to recover',
    );
    expect(recovered?.data?._entities).toEqual([{ id: TEST_USER_IDS.guest }, { id: COCO, name: 'shapes-detection-coco' }]);
    // The breaker let a trial call through after HALF_OPEN_MS: the same subgraph recovered, no restart.
  });
});
