/** What every platform resolver receives. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { BaseRequestContext } from '../../lib/subgraph';
import type { PlatformOrm } from './db';
import { createLoaders, type PlatformLoaders } from './loaders';
import type { MembershipStore } from './project/project-access';

export interface PlatformContext extends BaseRequestContext {
  /** A fork of the ORM's EntityManager: one unit of work per request (or per subscription event). */
  em: EntityManager;
  loaders: PlatformLoaders;
  /** Project memberships in the shared User DB (process-wide pool; per-request caching is in `loaders.access`). */
  memberships: MembershipStore;
}

export function createPlatformContext(base: BaseRequestContext, orm: PlatformOrm, memberships: MembershipStore): PlatformContext {
  const em = orm.em.fork() as EntityManager;
  return { ...base, em, memberships, loaders: createLoaders(em, base.user, memberships) };
}

/**
 * Subscription contexts live as long as the subscription: before each event, give the context a
 * fresh EntityManager and fresh DataLoaders so the event sees committed rows (and current
 * memberships), not cached ones.
 */
export function renewScope(ctx: PlatformContext, orm: PlatformOrm): void {
  ctx.em = orm.em.fork() as EntityManager;
  ctx.loaders = createLoaders(ctx.em, ctx.user, ctx.memberships);
}
