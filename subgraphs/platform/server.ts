/**
 * The platform subgraph: projects and training jobs over HTTP (`POST /graphql`) and their live
 * updates over graphql-ws on the same port and path. One ORM and one LISTEN connection per process.
 */
import { createLogger, maskUrl } from '../../lib/log';
import type { RunningService } from '../../lib/http';
import { createPgPubSub } from '../../lib/pubsub';
import { createSubgraph } from '../../lib/subgraph';
import { createPlatformContext, type PlatformContext } from './context';
import { createPlatformOrm } from './db';
import type { PlatformEnv } from './env';
import { createPlatformResolvers } from './resolvers';
import { attachSubscriptionServer } from './subscriptions';
import { TrainingJob } from './training-job/training-job.entity';

export async function createPlatformServer(env: PlatformEnv): Promise<RunningService> {
  const log = createLogger('platform', env.LOG_LEVEL);
  const exposeInternals = env.NODE_ENV !== 'production';
  const orm = await createPlatformOrm(env.DATABASE_URL);
  const pubsub = createPgPubSub({ connectionString: env.DATABASE_URL, log: log.child({ component: 'pubsub' }) });
  try {
    await pubsub.connect();
    const jobs = await orm.em.fork().count(TrainingJob, {});
    log.info(`[STARTUP] Found ${jobs} training job(s) in ${maskUrl(env.DATABASE_URL)}`);

    const subgraph = await createSubgraph<PlatformContext>({
      name: 'platform',
      resolvers: createPlatformResolvers({ orm, pubsub }),
      jwt: env,
      log,
      exposeInternals,
      extendContext: (base) => createPlatformContext(base, orm),
      healthCheck: async () => {
        await orm.em.getConnection().execute('select 1');
        if (!pubsub.isConnected()) throw new Error('event listener is reconnecting');
      },
      onClose: async () => {
        await pubsub.close();
        await orm.close(true);
      },
    });
    const subscriptions = attachSubscriptionServer({ httpServer: subgraph.httpServer, schema: subgraph.schema, orm, jwt: env, log, exposeInternals });
    const running = await subgraph.listen(env.HOST, env.PLATFORM_PORT);
    return {
      ...running,
      close: async () => {
        await subscriptions.close();
        await running.close();
      },
    };
  } catch (error) {
    await pubsub.close();
    await orm.close(true);
    throw error;
  }
}
