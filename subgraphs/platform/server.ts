/**
 * The platform subgraph: projects and training jobs over HTTP (`POST /graphql`), their live
 * updates over graphql-ws on the same port and path, and the worker protocol under `/worker/v1`.
 * One ORM, one LISTEN connection and one lease sweeper per process.
 */
import { createLogger, maskUrl } from '../../lib/log';
import type { RunningService } from '../../lib/http';
import { createPgPubSub } from '../../lib/pubsub';
import { createStorage, storageSettings } from '../../lib/s3';
import { createSubgraph } from '../../lib/subgraph';
import { createLabelerClient } from '../../lib/labeler/labeler-client';
import { createPlatformContext, type PlatformContext } from './context';
import { createPlatformOrm } from './db';
import { createMembershipStore } from './project/project-access';
import type { PlatformEnv } from './env';
import { createPlatformResolvers } from './resolvers';
import { attachSubscriptionServer } from './subscriptions';
import { TrainingJob } from './training-job/training-job.entity';
import { startLeaseSweeper } from './worker/lease-sweeper';
import { WORKER_API_PREFIX } from '../../lib/worker-protocol';
import { createWorkerRouter } from './worker/worker.routes';

/** Ways for tests to observe the service from outside (nothing here changes behaviour). */
export interface PlatformHooks {
  /** Called with the SQL of every Platform DB query this process sends (e.g. to count queries per request). */
  onQuery?: (sql: string) => void;
}

export async function createPlatformServer(env: PlatformEnv, hooks: PlatformHooks = {}): Promise<RunningService> {
  const log = createLogger('platform', env.LOG_LEVEL);
  const exposeInternals = env.NODE_ENV !== 'production';
  const orm = await createPlatformOrm(env.DATABASE_URL);
  if (hooks.onQuery) {
    const onQuery = hooks.onQuery;
    orm.em.getConnection().getKnex().on('query', (query: { sql: string }) => onQuery(query.sql));
  }
  const memberships = createMembershipStore(env.USER_DATABASE_URL, log.child({ component: 'user-db' }));
  const pubsub = createPgPubSub({ connectionString: env.DATABASE_URL, log: log.child({ component: 'pubsub' }) });
  const external = storageSettings(env, 'EXTERNAL_STORAGE');
  const internalSettings = storageSettings(env, 'INTERNAL_STORAGE');
  const internal = createStorage(internalSettings);
  const stores = {
    external: createStorage(external),
    internal,
    sameEndpoint: external.endpoint === internalSettings.endpoint && external.accessKeyId === internalSettings.accessKeyId,
    concurrency: env.SNAPSHOT_COPY_CONCURRENCY,
  };
  const labeler = createLabelerClient(
    {
      baseUrl: env.LABELER_API_URL,
      serviceKey: env.LABELER_SERVICE_KEY,
      timeoutMs: env.LABELER_TIMEOUT_MS,
      maxRetries: 2,
      breakerThreshold: 5,
      halfOpenAfterMs: 10_000,
    },
    log.child({ component: 'labeler-client' }),
  );
  const sweeper = startLeaseSweeper(orm, { intervalMs: env.LEASE_SWEEP_INTERVAL_MS, maxAttempts: env.JOB_MAX_ATTEMPTS, log });
  try {
    await pubsub.connect();
    const jobs = await orm.em.fork().count(TrainingJob, {});
    log.info(`[STARTUP] Found ${jobs} training job(s) in ${maskUrl(env.DATABASE_URL)}; project membership from ${maskUrl(env.USER_DATABASE_URL)}`);

    const subgraph = await createSubgraph<PlatformContext>({
      name: 'platform',
      resolvers: createPlatformResolvers({ orm, pubsub, labeler, stores, internal, presignExpiresSeconds: env.PRESIGN_EXPIRES_SECONDS }),
      jwt: env,
      log,
      metrics: env,
      exposeInternals,
      extendContext: (base) => createPlatformContext(base, orm, memberships),
      healthCheck: async () => {
        await orm.em.getConnection().execute('select 1');
        if (!pubsub.isConnected()) throw new Error('event listener is reconnecting');
      },
      routes: (app) => {
        app.use(
          WORKER_API_PREFIX,
          createWorkerRouter({
            orm,
            internal,
            token: env.WORKER_TOKEN,
            defaultLeaseSeconds: env.WORKER_LEASE_SECONDS,
            presignExpiresSeconds: env.PRESIGN_EXPIRES_SECONDS,
            log: log.child({ component: 'worker-api' }),
          }),
        );
      },
      onClose: async () => {
        await sweeper.stop();
        await pubsub.close();
        await memberships.close();
        await orm.close(true);
      },
    });
    const subscriptions = attachSubscriptionServer({ httpServer: subgraph.httpServer, schema: subgraph.schema, orm, memberships, jwt: env, log, exposeInternals });
    const running = await subgraph.listen(env.HOST, env.PLATFORM_PORT);
    return {
      ...running,
      close: async () => {
        await subscriptions.close();
        await running.close();
      },
    };
  } catch (error) {
    await sweeper.stop();
    await pubsub.close();
    await memberships.close();
    await orm.close(true);
    throw error;
  }
}
