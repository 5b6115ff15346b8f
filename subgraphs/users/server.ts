/**
 * The users subgraph: accounts and login over the shared User DB. Used by `main.ts` and by tests,
 * which start it on port 0.
 */
import type { JwtSettings } from '../../lib/auth';
import type { RunningService } from '../../lib/http';
import { createLogger, maskUrl } from '../../lib/log';
import { createSubgraph } from '../../lib/subgraph';
import { createUsersContext, type UsersContext } from './context';
import { createUsersOrm } from './db';
import type { UsersEnv } from './env';
import { User } from './user/user.entity';
import { userResolvers } from './user/user.resolvers';

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
  try {
    const subgraph = await createSubgraph<UsersContext>({
      name: 'users',
      resolvers: userResolvers,
      jwt,
      log,
      exposeInternals: env.NODE_ENV !== 'production',
      extendContext: (base) => createUsersContext(base, orm, jwt),
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
