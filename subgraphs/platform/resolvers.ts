/** All platform resolvers, merged per type. */
import type { Resolvers } from './__generated__/resolvers-types';
import { projectResolvers } from './project/project.resolvers';
import { snapshotResolvers } from './snapshot/snapshot.resolvers';
import { createTrainingJobResolvers, type TrainingJobResolverDeps } from './training-job/training-job.resolvers';

export function createPlatformResolvers(deps: TrainingJobResolverDeps): Resolvers {
  const jobs = createTrainingJobResolvers(deps);
  return {
    ...jobs,
    ...projectResolvers,
    ...snapshotResolvers,
    Query: { ...jobs.Query, ...projectResolvers.Query },
  };
}
