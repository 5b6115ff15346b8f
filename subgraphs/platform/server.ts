/**
 * The platform subgraph: projects and training jobs over HTTP (`POST /graphql`), their live
 * updates over graphql-ws on the same port and path, and the worker protocol under `/worker/v1`.
 * One ORM, one LISTEN connection and one lease sweeper per process.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { createAccountStatus, createUserDbAccountLookup } from '../../lib/account-status';
import { createLogger, maskUrl } from '../../lib/log';
import { exposeInternals } from '../../lib/errors';
import { answers, type RunningService } from '../../lib/http';
import { createPgPubSub } from '../../lib/pubsub';
import { createStorage } from '../../lib/s3';
import { createSubgraph, EVENT_REVISION_HEADER } from '../../lib/subgraph';
import { createLabelerClient } from '../../lib/labeler/labeler-client';
import { createPlatformContext, type PlatformContext, type PlatformDeps } from './context';
import { createPlatformOrm } from './db';
import { createAccessWatch } from './project/access-watch';
import { createMembershipStore } from './project/project-access';
import type { PlatformEnv } from './env';
import { platformResolvers } from './resolvers';
import { attachSubscriptionServer } from './subscriptions';
import { TrainingJob } from './training-job/training-job.entity';
import { createDeltaFeeds } from './training-job/training-job.feeds';
import { createRevisionCache, parseRevision } from './training-job/training-job.revisions';
import { rememberRevisionStates } from './training-job/training-job.events';
import { runSnapshotCopy, startSnapshotCopier } from './snapshot/snapshot.copy';
import { startLeaseSweeper } from './worker/lease-sweeper';
import { WORKER_API_PREFIX } from '../../lib/worker-protocol';
import { createWorkerRouter } from './worker/worker.routes';
import { createInferenceRouter, INFERENCE_PREFIX } from './deployment/inference.routes';
import { createInferenceRuntime, type InferenceRuntime } from './deployment/runtime';

/** Ways for tests to observe the service from outside (nothing here changes behaviour). */
export interface PlatformHooks {
  /** Called with the SQL of every Platform DB query this process sends (e.g. to count queries per request). */
  onQuery?: (sql: string) => void;
}

export async function createPlatformServer(env: PlatformEnv, hooks: PlatformHooks = {}): Promise<RunningService> {
  const log = createLogger('platform', env.logLevel);
  const orm = await createPlatformOrm(env.databaseUrl, { log });
  if (hooks.onQuery) {
    const onQuery = hooks.onQuery;
    orm.em
      .getConnection()
      .getKnex()
      .on('query', (query: { sql: string }) => onQuery(query.sql));
  }
  const memberships = createMembershipStore(env.userDatabaseUrl, log.child({ component: 'user-db' }));
  const userAccounts = createUserDbAccountLookup(env.userDatabaseUrl, log.child({ component: 'user-db' }));
  const accounts = createAccountStatus({ lookup: userAccounts.lookup, ttlMs: env.accountStatusTtlMs });
  const pubsub = createPgPubSub({ connectionString: env.databaseUrl, log: log.child({ component: 'pubsub' }) });
  // The User DB's access changes: a role, deactivation or membership change is forgotten at once, and
  // delta streams re-check their viewer only when one may have happened (project/access-watch.ts).
  const userDbEvents =
    env.accessChangesTtlMs > 0 ? createPgPubSub({ connectionString: env.userDatabaseUrl, log: log.child({ component: 'user-db-events' }) }) : null;
  const access = createAccessWatch({
    pubsub: userDbEvents,
    maxAgeMs: Math.max(env.accountStatusTtlMs, env.accessChangesTtlMs),
    onChange: (userId) => accounts.forget(userId),
    onReset: () => accounts.forget(),
    log: log.child({ component: 'access-changes' }),
  });
  const { external, internal: internalSettings } = env.storage;
  const internal = createStorage(internalSettings);
  const stores = {
    external: createStorage(external),
    internal,
    sameEndpoint: external.endpoint === internalSettings.endpoint && external.accessKeyId === internalSettings.accessKeyId,
    concurrency: env.storage.copyConcurrency,
    inlineCopyMax: env.storage.inlineCopyMax,
    reuseSeconds: env.storage.reuseSeconds,
  };
  const copyLog = log.child({ component: 'snapshot-copy' });
  // Copies started after a job's commit; each logs its own outcome, the close waits for them.
  const copies = new Set<Promise<unknown>>();
  const onSnapshotCopy = (snapshotId: string) => {
    const tracked = runSnapshotCopy(orm.em.fork() as EntityManager, stores, snapshotId, copyLog)
      .catch((err: unknown) => copyLog.error({ err, snapshotId }, 'snapshot copy failed'))
      .finally(() => copies.delete(tracked));
    copies.add(tracked);
  };
  const labeler = createLabelerClient(
    {
      ...env.labeler,
      maxRetries: 2,
      breakerThreshold: 5,
      halfOpenAfterMs: 10_000,
    },
    log.child({ component: 'labeler-client' }),
  );
  // Built with the service's metrics registry when the routes are mounted (before any request).
  const inference: { runtime: InferenceRuntime | null } = { runtime: null };
  const allowedOrigins = await Promise.all([stores.external, internal].map(async (store) => new URL(await store.presignGet('probe', 60)).origin));
  const deps: PlatformDeps = {
    orm,
    memberships,
    accounts,
    access,
    pubsub,
    deltaFeeds: createDeltaFeeds({
      pubsub,
      fork: () => orm.em.fork() as EntityManager,
      settings: env.live.streams,
      log: log.child({ component: 'delta-feeds' }),
    }),
    revisions: createRevisionCache(),
    labeler,
    labelerMaxCallsPerRequest: env.labeler.maxCallsPerRequest,
    stores,
    onSnapshotCopy,
    presignExpiresSeconds: env.storage.presignExpiresSeconds,
    live: env.live,
    inference,
  };
  const sweeper = startLeaseSweeper(orm, { intervalMs: env.worker.sweepIntervalMs, maxAttempts: env.worker.maxAttempts, log });
  const copier = startSnapshotCopier(() => orm.em.fork() as EntityManager, stores, { intervalMs: env.worker.sweepIntervalMs, log: copyLog });
  try {
    await pubsub.connect();
    // Every replica keeps the states its notifications bring (ended by pubsub.close()).
    await rememberRevisionStates(pubsub, deps.revisions);
    const jobs = await orm.em.fork().count(TrainingJob, {});
    log.info(`[STARTUP] Found ${jobs} training job(s) in ${maskUrl(env.databaseUrl)}; project membership from ${maskUrl(env.userDatabaseUrl)}`);

    const subgraph = await createSubgraph<PlatformContext>({
      name: 'platform',
      resolvers: platformResolvers,
      jwt: env.jwt,
      accounts,
      log,
      metrics: env.metrics,
      exposeInternals: exposeInternals(env.nodeEnv),
      graphql: env.graphql,
      maxDepth: env.maxDepth,
      maxTokens: env.maxTokens,
      maxAliases: env.maxAliases,
      extendContext: (base, req) => createPlatformContext(base, deps, parseRevision(req.headers[EVENT_REVISION_HEADER])),
      healthCheck: async () => {
        await orm.em.getConnection().execute('select 1');
        if (!pubsub.isConnected()) throw new Error('event listener is reconnecting');
      },
      readiness: {
        'platform-db': () => orm.em.getConnection().execute('select 1'),
        events: async () => {
          if (!pubsub.isConnected()) throw new Error('event listener is reconnecting');
        },
        'user-db': () => userAccounts.ping(),
        'external-bucket': () => stores.external.ping(),
        'internal-bucket': () => internal.ping(),
        labeler: () => answers(`${env.labeler.baseUrl.replace(/\/+$/, '')}/health`),
      },
      figures: (metrics) => {
        metrics.mirrorGauge(
          'platform_access_changes_live',
          'Whether the User DB access-change listener is live (1) or delta streams re-check their viewer before every frame (0).',
          () => (access.live() ? 1 : 0),
        );
        metrics.mirrorCounter(
          'platform_delta_stream_access_checks_total',
          'Delta-stream frames before which the viewer’s account and right to see the job were checked again.',
          () => access.stats.checks,
        );
        metrics.mirrorCounter(
          'platform_delta_stream_checks_skipped_total',
          'Delta-stream frames served on the viewer’s last check (no access change of its account heard since, within ACCESS_CHANGES_TTL_MS).',
          () => access.stats.skips,
        );
        metrics.mirrorCounter(
          'platform_delta_stream_reads_total',
          'Delta-stream reads of new rows: by a shared feed for all viewers of a job and stream (reader="shared"), or by one viewer catching up (reader="own").',
          () => ({ shared: deps.deltaFeeds.stats.sharedReads, own: deps.deltaFeeds.stats.ownReads }),
          'reader',
        );
        metrics.mirrorGauge('platform_delta_feeds', 'Delta-stream feeds open (one per job, stream and log level with viewers in this process).', () =>
          deps.deltaFeeds.stats.open(),
        );
      },
      routes: (app, { registry }) => {
        inference.runtime = createInferenceRuntime({ orm, internal, limits: env.inference, registry, log: log.child({ component: 'inference' }) });
        app.use(
          INFERENCE_PREFIX,
          createInferenceRouter({
            orm,
            runtime: inference.runtime,
            jwt: env.jwt,
            accounts,
            memberships,
            allowedOrigins,
            log: log.child({ component: 'inference' }),
          }),
        );
        app.use(
          WORKER_API_PREFIX,
          createWorkerRouter({
            orm,
            internal,
            token: env.worker.token,
            defaultLeaseSeconds: env.worker.leaseSeconds,
            presignExpiresSeconds: env.storage.presignExpiresSeconds,
            log: log.child({ component: 'worker-api' }),
          }),
        );
      },
      onClose: async () => {
        await inference.runtime?.close();
        await sweeper.stop();
        await copier.stop();
        await Promise.all(copies);
        await pubsub.close();
        access.close();
        await userDbEvents?.close();
        await memberships.close();
        await userAccounts.close();
        await orm.close(true);
      },
    });
    const subscriptions = attachSubscriptionServer({
      httpServer: subgraph.httpServer,
      schema: subgraph.schema,
      createContext: (base) => createPlatformContext(base, deps),
      jwt: env.jwt,
      accounts,
      log,
      exposeInternals: exposeInternals(env.nodeEnv),
      graphql: env.graphql,
      maxDepth: env.maxDepth,
      maxTokens: env.maxTokens,
      maxAliases: env.maxAliases,
    });
    const running = await subgraph.listen(env.host, env.port);
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
    access.close();
    await userDbEvents?.close();
    await memberships.close();
    await userAccounts.close();
    await orm.close(true);
    throw error;
  }
}
