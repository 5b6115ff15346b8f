/**
 * The users subgraph: accounts and login over the shared User DB. Used by `main.ts` and by tests,
 * which start it on port 0.
 */
import pg from 'pg';
import type { RunningService } from '../../lib/http';
import { createLoginThrottle } from '../../lib/login-throttle';
import { createLogger, maskUrl } from '../../lib/log';
import { exposeInternals } from '../../lib/errors';
import { createSubgraph } from '../../lib/subgraph';
import { createLabelerClient } from '../../lib/labeler/labeler-client';
import { createPgPubSub } from '../../lib/pubsub';
import { mountAccessChanges } from './access-changes';
import { createUsersContext, type UsersContext } from './context';
import { createUsersOrm } from './db';
import type { UsersEnv } from './env';
import { usersResolvers } from './resolvers';
import { User } from './user/user.entity';

export interface UsersServerOptions {
  /** Sees every SQL statement (tests count queries with it). */
  onQuery?: (sql: string) => void;
}

export async function createUsersServer(env: UsersEnv, opts: UsersServerOptions = {}): Promise<RunningService> {
  const log = createLogger('users', env.logLevel);
  log.info(`[CONFIG] Using shared PostgreSQL User DB: ${maskUrl(env.databaseUrl)}`);
  const orm = await createUsersOrm(env.databaseUrl, { onQuery: opts.onQuery, log });
  try {
    const count = await orm.em.fork().count(User, {});
    log.info(`[STARTUP] Found ${count} existing user(s) in Shared User DB`);
  } catch (error) {
    await orm.close(true);
    throw new Error(`The User DB at ${maskUrl(env.databaseUrl)} is unreachable or not migrated (run \`npm run db:migrate\`).`, {
      cause: error,
    });
  }

  // Login counts live in the User DB (lib/login-throttle.ts): every replica, and the Labeler's
  // login, count the same attempts. A small pool of its own keeps them off the ORM's unit of work.
  const throttlePool = new pg.Pool({ connectionString: env.databaseUrl, max: 3, idleTimeoutMillis: 10_000, allowExitOnIdle: true });
  throttlePool.on('error', (err) => log.warn({ err }, 'idle User DB connection lost'));
  const loginThrottle = createLoginThrottle({ db: throttlePool, limits: env.login, log });
  // Dataset invitations: the share is checked, and granted on acceptance, at the Labeler.
  const labeler = createLabelerClient(
    { ...env.labeler, maxRetries: 2, breakerThreshold: 5, halfOpenAfterMs: 10_000 },
    log.child({ component: 'labeler-client' }),
  );
  // The User DB's access changes, relayed to the gateway (access-changes.ts). A burst (an import, a
  // seed) must not lose one: the queue per stream is long, and the stream drains it as it comes.
  const pubsub = createPgPubSub({ connectionString: env.databaseUrl, log: log.child({ component: 'pubsub' }), maxQueue: 100_000 });
  const closeAll = async () => {
    await pubsub.close();
    await throttlePool.end();
    await orm.close(true);
  };
  log.info(`[CONFIG] Sign-up mode: ${env.signupMode}`);
  try {
    const subgraph = await createSubgraph<UsersContext>({
      name: 'users',
      resolvers: usersResolvers,
      jwt: env.jwt,
      log,
      metrics: env.metrics,
      exposeInternals: exposeInternals(env.nodeEnv),
      graphql: env.graphql,
      maxDepth: env.maxDepth,
      maxTokens: env.maxTokens,
      maxAliases: env.maxAliases,
      extendContext: (base, req) =>
        createUsersContext(base, req, {
          orm,
          jwt: env.jwt,
          loginThrottle,
          signupMode: env.signupMode,
          publicAppUrl: env.publicAppUrl,
          refreshTtlSeconds: env.refreshTokenTtlSeconds,
          trustedProxyHops: env.trustedProxyHops,
          labeler,
        }),
      healthCheck: async () => {
        await orm.em.getConnection().execute('select 1');
      },
      readiness: { 'user-db': () => orm.em.getConnection().execute('select 1') },
      routes: (app) => mountAccessChanges(app, { pubsub, jwt: env.jwt, log }),
      onClose: closeAll,
    });
    return await subgraph.listen(env.host, env.port);
  } catch (error) {
    await closeAll();
    throw error;
  }
}
