/** The per-request context of the users subgraph: the caller plus a fresh EntityManager fork. */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { JwtSettings } from '../../lib/auth';
import type { BaseRequestContext } from '../../lib/subgraph';
import { createUserLoaders, type UserLoaders } from './user/user.loaders';
import { createUserService, type UserService } from './user/user.service';

export interface UsersContext extends BaseRequestContext {
  loaders: UserLoaders;
  users: UserService;
}

export function createUsersContext(base: BaseRequestContext, orm: MikroORM, jwt: JwtSettings): UsersContext {
  // One fork per request: its identity map and unit of work never leak between callers.
  const em = orm.em.fork();
  const loaders = createUserLoaders(em);
  return { ...base, loaders, users: createUserService({ em, loaders, jwt, log: base.log }) };
}
