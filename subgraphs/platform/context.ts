/** What every platform resolver receives. */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { BaseRequestContext } from '../../lib/subgraph';
import type { PlatformOrm } from './db';
import { createLoaders, type PlatformLoaders } from './loaders';

export interface PlatformContext extends BaseRequestContext {
  /** A fork of the ORM's EntityManager: one unit of work per request (or per subscription event). */
  em: EntityManager;
  loaders: PlatformLoaders;
}

export function createPlatformContext(base: BaseRequestContext, orm: PlatformOrm): PlatformContext {
  const em = orm.em.fork() as EntityManager;
  return { ...base, em, loaders: createLoaders(em, base.user) };
}

/**
 * Subscription contexts live as long as the subscription: before each event, give the context a
 * fresh EntityManager and fresh DataLoaders so the event sees committed rows, not cached ones.
 */
export function renewScope(ctx: PlatformContext, orm: PlatformOrm): void {
  ctx.em = orm.em.fork() as EntityManager;
  ctx.loaders = createLoaders(ctx.em, ctx.user);
}
