/**
 * The users subgraph: accounts and login over the shared User DB. Used by `main.ts` and by tests,
 * which start it on port 0.
 */
import type { JwtSettings } from '../../lib/auth';
import type { RunningService } from '../../lib/http';
import { createLogger, maskUrl } from '../../lib/log';
import { exposeInternals } from '../../lib/errors';
import { createSubgraph } from '../../lib/subgraph';
import { createUsersContext, type UsersContext } from './context';
import { createUsersOrm } from './db';
import { signupModeOf, type UsersEnv } from './env';
import { usersResolvers } from './resolvers';
import { createLoginLimiter } from './session/rate-limit';
import { User } from './user/user.entity';

export interface UsersServerOptions {
  /** Sees every SQL statement (tests count queries with it). */
  onQuery?: (sql: string) => void;
}

export async function createUsersServer(env: UsersEnv, opts: UsersServerOptions = {}): Promise<RunningService> {
  const log = createLogger('users', env.LOG_LEVEL);
  log.info(`[CONFIG] Using shared PostgreSQL User DB: ${maskUrl(env.USER_DATABASE_URL)}`);
  const orm = await createUsersOrm(env.USER_DATABASE_URL, { onQuery: opts.onQuery, log });
  try {
    const count = await orm.em.fork().count(User, {});
    log.info(`[STARTUP] Found ${count} existing user(s) in Shared User DB`);
  } catch (error) {
    await orm.close(true);
    throw new Error(`The User DB at ${maskUrl(env.USER_DATABASE_URL)} is unreachable or not migrated (run \`npm run db:migrate\`).`, {
      cause: error,
    });
  }

  const jwt: JwtSettings = {
    JWT_SECRET: env.JWT_SECRET,
    JWT_ALGORITHM: env.JWT_ALGORITHM,
    JWT_EXPIRES_IN_SECONDS: env.JWT_EXPIRES_IN_SECONDS,
  };
  // One limiter per process: counts survive across requests (not across replicas; see docs/permissions.md).
  const limiter = createLoginLimiter({
    maxPerAccount: env.LOGIN_MAX_FAILURES_PER_ACCOUNT,
    maxPerAddress: env.LOGIN_MAX_FAILURES_PER_ADDRESS,
    windowSeconds: env.LOGIN_WINDOW_SECONDS,
  });
  log.info(`[CONFIG] Sign-up mode: ${signupModeOf(env)}`);
  try {
    const subgraph = await createSubgraph<UsersContext>({
      name: 'users',
      resolvers: usersResolvers,
      jwt,
      log,
      metrics: env,
      exposeInternals: exposeInternals(env.NODE_ENV),
      extendContext: (base, req) =>
        createUsersContext(base, req, {
          orm,
          jwt,
          limiter,
          signupMode: signupModeOf(env),
          publicAppUrl: env.PUBLIC_APP_URL,
          refreshTtlSeconds: env.REFRESH_TOKEN_TTL_SECONDS,
          trustedProxyHops: env.TRUSTED_PROXY_HOPS,
        }),
      healthCheck: async () => {
        await orm.em.getConnection().execute('select 1');
      },
      onClose: () => orm.close(true),
    });
    return await subgraph.listen(env.HOST, env.USERS_PORT);
  } catch (error) {
    await orm.close(true);
    throw error;
  }
}
