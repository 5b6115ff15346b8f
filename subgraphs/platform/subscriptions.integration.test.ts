import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import pg from 'pg';
import { createClient, type Client, type ExecutionResult } from 'graphql-ws';
import WebSocket from 'ws';
import { signServiceToken, type Role } from '../../lib/auth';
import { DEV_JWT_SECRET } from '../../lib/env';
import { EVENT_REVISION_HEADER, SUBSCRIPTION_EVENT_HEADER } from '../../lib/subgraph';
import type { RunningService } from '../../lib/http';
import { stableId } from './seed';
import { NOTIFIED_STATE_MAX_BYTES, revisionAndNotifySql, TRAINING_JOB_UPDATED_CHANNEL } from './training-job/training-job.events';
import { REVISION_STATE_SQL } from './training-job/training-job.revisions';
import { clientFor, createSeededPlatformDb, createSeededUsersDb, roleTokens, startPlatform } from './testing';

type JobEvent = ExecutionResult<{ trainingJobUpdated: { id: string; status: string; owner: { id: string } } }>;

const SUBSCRIPTION = `subscription Job($id: ID!) { trainingJobUpdated(id: $id) { id status owner { id } } }`;
const CANCEL = `mutation Cancel($id: ID!) { cancelTrainingJob(id: $id) { id status } }`;
const job = (name: string) => stableId('job', name);
const errorCode = (event: JobEvent) => event.errors?.[0]?.extensions?.code;
const wsUrl = (service: RunningService) => `${service.url.replace(/^http/, 'ws')}/graphql`;

let databaseUrl: string;
let replicaA: RunningService;
let replicaB: RunningService;
/** A third replica whose SQL is recorded (its lease sweeper quiet, so only events read). */
let counted: RunningService;
const countedQueries: string[] = [];
let tokens: Record<Role | 'stranger', string>;
let db: pg.Client;
const clients: Client[] = [];

beforeAll(async () => {
  const [platformDb, usersDb] = await Promise.all([createSeededPlatformDb('platform_ws'), createSeededUsersDb('platform_ws')]);
  databaseUrl = platformDb;
  [replicaA, replicaB, counted] = await Promise.all([
    startPlatform(databaseUrl, usersDb),
    startPlatform(databaseUrl, usersDb),
    startPlatform(databaseUrl, usersDb, { env: { LEASE_SWEEP_INTERVAL_MS: '600000' }, hooks: { onQuery: (sql) => countedQueries.push(sql) } }),
  ]);
  tokens = await roleTokens();
  db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
});

afterAll(async () => {
  await Promise.all(clients.map((client) => client.dispose()));
  await db?.end();
  await replicaA?.close();
  await replicaB?.close();
  await counted?.close();
});

function connect(service: RunningService, authorization?: string): Client {
  const client = createClient({
    url: wsUrl(service),
    webSocketImpl: WebSocket,
    retryAttempts: 0,
    connectionParams: authorization ? { Authorization: authorization, 'X-Request-ID': 'test-subscription' } : {},
  });
  clients.push(client);
  return client;
}

/** Collects the events of one subscription; `next()` waits for the next one (with a timeout). */
function subscribe(client: Client, id: string, query = SUBSCRIPTION) {
  const received: JobEvent[] = [];
  const waiters = new Set<{ resolve: (event: JobEvent) => void; reject: (error: unknown) => void }>();
  let failure: unknown = null;
  const dispose = client.subscribe<JobEvent['data']>(
    { query, variables: { id } },
    {
      next: (event) => {
        const waiter = waiters.values().next().value;
        if (!waiter) return void received.push(event as JobEvent);
        waiters.delete(waiter);
        waiter.resolve(event as JobEvent);
      },
      error: (error) => {
        failure = error;
        for (const waiter of waiters) waiter.reject(error);
        waiters.clear();
      },
      complete: () => undefined,
    },
  );
  const next = (timeoutMs = 5000) =>
    new Promise<JobEvent>((resolve, reject) => {
      const queued = received.shift();
      if (queued) return resolve(queued);
      if (failure) return reject(failure);
      const waiter = {
        resolve: (event: JobEvent) => {
          clearTimeout(timer);
          resolve(event);
        },
        reject: (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`no event within ${timeoutMs} ms`));
      }, timeoutMs);
      waiters.add(waiter);
    });
  return { next, dispose };
}

/**
 * graphql-ws does not acknowledge a subscribe, so wait until the server LISTENs for it: NOTIFY the
 * job's channel from outside (as another replica would) until the subscriber sees an event.
 */
async function untilLive(sub: ReturnType<typeof subscribe>, jobId: string): Promise<JobEvent> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    await db.query('select pg_notify($1, $2)', [TRAINING_JOB_UPDATED_CHANNEL, JSON.stringify({ jobId })]);
    try {
      const primed = await sub.next(100);
      await drainPriming(sub);
      return primed;
    } catch {
      // not subscribed yet; notify again
    }
  }
  throw new Error('subscription never became live');
}

/**
 * On a slow machine a priming NOTIFY can be answered after the next one was sent, so two priming
 * events arrive; the leftovers must not be read as the event a test waits for.
 */
async function drainPriming(sub: ReturnType<typeof subscribe>): Promise<void> {
  for (;;) {
    try {
      await sub.next(300);
    } catch {
      return;
    }
  }
}

/** Close code and reason of a raw graphql-transport-ws connection after `connection_init`. */
function closeAfterInit(service: RunningService, payload: Record<string, unknown>): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl(service), 'graphql-transport-ws');
    socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload })));
    socket.on('message', (data) => reject(new Error(`unexpected message ${String(data)}`)));
    socket.on('close', (code, reason) => resolve({ code, reason: reason.toString() }));
    socket.on('error', reject);
  });
}

describe('trainingJobUpdated over graphql-ws', () => {
  it('delivers the committed change when the job is cancelled over HTTP', async () => {
    const id = job('yolov8s-augmented');
    const sub = subscribe(connect(replicaA, tokens.standard_engineer), id);
    const primed = await untilLive(sub, id);
    expect(primed.data?.trainingJobUpdated).toEqual({ id, status: 'RUNNING', owner: { id: expect.any(String) } });

    const cancelled = await clientFor(replicaA).request(CANCEL, { id }, { authorization: tokens.standard_engineer });
    expect(cancelled.errors).toBeUndefined();
    const event = await sub.next();
    expect(event.errors).toBeUndefined();
    expect(event.data?.trainingJobUpdated.status).toBe('CANCELLED');
    sub.dispose();
  });

  it('delivers a change written by another replica on the same database (LISTEN/NOTIFY)', async () => {
    const id = job('efficientnet-b0-defects');
    const sub = subscribe(connect(replicaA, tokens.manager), id);
    await untilLive(sub, id);

    const cancelled = await clientFor(replicaB).request(CANCEL, { id }, { authorization: tokens.advanced_engineer });
    expect(cancelled.errors).toBeUndefined();
    expect((await sub.next()).data?.trainingJobUpdated.status).toBe('CANCELLED');
    sub.dispose();
  });

  it('does not deliver events of other jobs', async () => {
    const watched = job('rtdetr-finetune');
    const sub = subscribe(connect(replicaA, tokens.admin), watched);
    await untilLive(sub, watched);
    await clientFor(replicaB).request(CANCEL, { id: job('yolov8m-night-shift') }, { authorization: tokens.admin });
    await expect(sub.next(500)).rejects.toThrow(/no event/);
    sub.dispose();
  });

  it('refuses a connection without a token, with close code 4401', async () => {
    const closed = await closeAfterInit(replicaA, {});
    expect(closed.code).toBe(4401);
    expect(closed.reason).toMatch(/Authorization/);
  });

  it('refuses a connection with a bad or expired-looking token, with close code 4401', async () => {
    const closed = await closeAfterInit(replicaA, { Authorization: 'Bearer not-a-jwt' });
    expect(closed).toEqual({ code: 4401, reason: 'Unauthorized: Token is invalid.' });
    const forged = `${tokens.admin.slice(0, -4)}AAAA`;
    expect((await closeAfterInit(replicaA, { Authorization: forged })).code).toBe(4401);
  });

  it('makes a graphql-ws client fail instead of retrying when its token is refused', async () => {
    const sub = subscribe(connect(replicaA, 'Bearer not-a-jwt'), job('rtdetr-finetune'));
    await expect(sub.next(3000)).rejects.toMatchObject({ code: 4401 });
  });

  it('refuses at subscribe time a job the caller may not see exactly like one that does not exist (NOT_FOUND)', async () => {
    const client = connect(replicaA, tokens.advanced_engineer);
    const id = job('yolov8n-baseline');
    const hidden = await subscribe(client, id).next();
    expect(errorCode(hidden)).toBe('NOT_FOUND');
    expect(hidden.errors?.[0]?.message).toBe(`Training job ${id} does not exist.`);
    expect(hidden.data ?? null).toBeNull();
    const missing = await subscribe(client, 'job_missing').next();
    expect(errorCode(missing)).toBe('NOT_FOUND');
  });

  it('refuses a guest who follows somebody else’s job without saying that it exists', async () => {
    const result = await subscribe(connect(replicaA, tokens.guest), job('yolov8n-baseline')).next();
    expect(errorCode(result)).toBe('NOT_FOUND');
  });
});

describe("the gateway's shared upstream (service identity)", () => {
  const IDENTITY = 'subscription Bridge($id: ID!) { trainingJobUpdated(id: $id) { __typename id } }';

  /** A revision of the job's current state and its NOTIFY, as a worker's report writes them; returns the revision. */
  async function report(jobId: string): Promise<string> {
    const { rows } = await db.query<{ id: string }>(
      `insert into training_job_revisions (job_id, state) select id, ${REVISION_STATE_SQL} from training_jobs where id = $1 returning id::text`,
      [jobId],
    );
    const revision = rows[0]!.id;
    await db.query('select pg_notify($1, $2)', [TRAINING_JOB_UPDATED_CHANNEL, JSON.stringify({ jobId, revision })]);
    return revision;
  }

  it('gets each event with its revision and no database read (the gateway reads what its viewers select); a viewer of the same event gets a fresh read', async () => {
    const id = job('yolov8n-baseline');
    const { token } = await signServiceToken({ secret: DEV_JWT_SECRET, algorithm: 'HS256' }, 60);
    const service = subscribe(connect(counted, `Bearer ${token}`), id, IDENTITY);
    await untilLive(service, id);

    countedQueries.length = 0;
    const revision = await report(id);
    const event = await service.next();
    expect(event.errors).toBeUndefined();
    expect(event.data).toEqual({ trainingJobUpdated: { __typename: 'TrainingJob', id } });
    expect(event.extensions).toEqual({ revision });
    expect(countedQueries).toEqual([]);
    service.dispose();

    // The same event for an account: its right to see the job and the job as of the revision are read.
    const viewer = subscribe(connect(counted, tokens.admin), id);
    await untilLive(viewer, id);
    countedQueries.length = 0;
    await report(id);
    expect((await viewer.next()).data?.trainingJobUpdated.id).toBe(id);
    expect(countedQueries.length).toBeGreaterThan(0);
    viewer.dispose();
  });

  it('lets the service token follow the delta stream of any job (the gateway shares it among the viewers it checked), and refuses it any other content of a job', async () => {
    const id = job('yolov8n-baseline');
    await db.query(
      `insert into training_events (job_id, attempt, kind, payload) values ($1, 1, 'metric', '{"name":"service-feed","epoch":1,"value":0.25}'::jsonb)`,
      [id],
    );
    const { token } = await signServiceToken({ secret: DEV_JWT_SECRET, algorithm: 'HS256' }, 60);
    const client = connect(replicaA, `Bearer ${token}`);
    const feed = subscribe(client, id, 'subscription Feed($id: ID!) { trainingJobMetrics(jobId: $id) { jobId points { name value } } }');
    const frame = (await feed.next()) as unknown as ExecutionResult<{ trainingJobMetrics: { jobId: string; points: Array<{ name: string; value: number }> } }>;
    feed.dispose();
    expect(frame.errors).toBeUndefined();
    expect(frame.data?.trainingJobMetrics.jobId).toBe(id);
    expect(frame.data?.trainingJobMetrics.points).toContainEqual({ name: 'service-feed', value: 0.25 });

    const content = subscribe(client, id, 'subscription Content($id: ID!) { trainingJobUpdated(id: $id) { id name } }');
    await expect(content.next()).rejects.toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'FORBIDDEN' }) })]);
  });

  it("answers the gateway's query as of an event from the state the notification brought, also on a replica without subscribers: one statement, the job's; a revision it did not hear of is read", async () => {
    const id = job('yolov8n-baseline');
    const AS_OF = 'query AsOf($id: ID!) { trainingJob(id: $id) { id progress epoch errorMessage } }';
    /** What the gateway sends for an event of its shared upstream: the viewer's token and the event's revision. */
    const asOf = (revision: string) =>
      clientFor(counted).request(
        AS_OF,
        { id },
        { authorization: tokens.admin, headers: { [SUBSCRIPTION_EVENT_HEADER]: '1', [EVENT_REVISION_HEADER]: revision } },
      );
    /** A job change's revision and NOTIFY, through the statement every change ends with (training-job.events.ts). */
    const change = async (set: string): Promise<string> => {
      await db.query(`update training_jobs set ${set} where id = $1`, [id]);
      let n = 0;
      await db.query(
        `with ${revisionAndNotifySql('training_jobs where id = ?')}`.replace(/\?/g, () => `$${++n}`),
        [id, '{}'],
      );
      const { rows } = await db.query<{ id: string }>('select max(id)::text as id from training_job_revisions where job_id = $1', [id]);
      return rows[0]!.id;
    };
    const reads = (table: string) => countedQueries.filter((sql) => new RegExp(`\\b${table}\\b`).test(sql));
    const { rows: saved } = await db.query('select progress, epoch, error_message from training_jobs where id = $1', [id]);
    const { token } = await signServiceToken({ secret: DEV_JWT_SECRET, algorithm: 'HS256' }, 60);
    let service = subscribe(connect(counted, `Bearer ${token}`), id, IDENTITY);
    try {
      await untilLive(service, id);
      const heard = await change('progress = 0.25, epoch = 3');
      expect((await service.next()).extensions).toEqual({ revision: heard });
      await db.query('update training_jobs set progress = 0.75, epoch = 9 where id = $1', [id]);
      countedQueries.length = 0;
      expect((await asOf(heard)).data).toEqual({ trainingJob: { id, progress: 0.25, epoch: 3, errorMessage: saved[0].error_message } });
      expect(reads('training_job_revisions')).toEqual([]);
      expect(reads('training_jobs')).toHaveLength(1);

      // The gateway's shared upstream on another replica: this one, with no subscriber of its own,
      // still keeps the state of every event it hears and answers the gateway's query from it.
      service.dispose();
      const onReplicaA = subscribe(connect(replicaA, `Bearer ${token}`), id, IDENTITY);
      try {
        await untilLive(onReplicaA, id);
        const elsewhere = await change('progress = 0.3, epoch = 4');
        expect((await onReplicaA.next()).extensions).toEqual({ revision: elsewhere });
        await new Promise((resolve) => setTimeout(resolve, 100)); // the same NOTIFY reaches this replica's listener meanwhile
        await db.query('update training_jobs set progress = 0.75, epoch = 9 where id = $1', [id]);
        countedQueries.length = 0;
        expect((await asOf(elsewhere)).data).toEqual({ trainingJob: { id, progress: 0.3, epoch: 4, errorMessage: saved[0].error_message } });
        expect(reads('training_job_revisions')).toEqual([]);
        expect(reads('training_jobs')).toHaveLength(1);
      } finally {
        onReplicaA.dispose();
      }
      service = subscribe(connect(counted, `Bearer ${token}`), id, IDENTITY);
      await untilLive(service, id);

      // Written without a NOTIFY (as by a process this one does not hear): read from the database.
      const { rows } = await db.query<{ id: string }>(
        `insert into training_job_revisions (job_id, state) select id, ${REVISION_STATE_SQL} from training_jobs where id = $1 returning id::text`,
        [id],
      );
      await db.query('update training_jobs set progress = 0.5 where id = $1', [id]);
      countedQueries.length = 0;
      expect((await asOf(rows[0]!.id)).data).toMatchObject({ trainingJob: { progress: 0.75, epoch: 9 } });
      expect(reads('training_job_revisions')).toHaveLength(1);

      // A state too long for a notification (a long error message) is not carried: read from the database.
      const long = 'e'.repeat(NOTIFIED_STATE_MAX_BYTES + 1);
      const unheard = await change(`progress = 0.5, epoch = 4, error_message = '${long}'`);
      expect((await service.next()).extensions).toEqual({ revision: unheard });
      await db.query('update training_jobs set progress = 1, error_message = null where id = $1', [id]);
      countedQueries.length = 0;
      expect((await asOf(unheard)).data).toEqual({ trainingJob: { id, progress: 0.5, epoch: 4, errorMessage: long } });
      expect(reads('training_job_revisions')).toHaveLength(1);
    } finally {
      service.dispose();
      await db.query('update training_jobs set progress = $2, epoch = $3, error_message = $4 where id = $1', [
        id,
        saved[0].progress,
        saved[0].epoch,
        saved[0].error_message,
      ]);
    }
  });
});
