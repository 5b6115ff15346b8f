/** All platform resolvers, merged per type. */
import type { Resolvers } from './__generated__/resolvers-types';
import type { PgPubSub } from '../../lib/pubsub';
import type { PlatformOrm } from './db';
import { projectResolvers } from './project/project.resolvers';
import { createTrainingJobResolvers } from './training-job/training-job.resolvers';

export function createPlatformResolvers(deps: { orm: PlatformOrm; pubsub: PgPubSub }): Resolvers {
  const jobs = createTrainingJobResolvers(deps);
  return {
    ...jobs,
    ...projectResolvers,
    Query: { ...jobs.Query, ...projectResolvers.Query },
  };
}
