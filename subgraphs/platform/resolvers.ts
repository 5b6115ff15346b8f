/** All platform resolvers, merged per type. */
import type { Resolvers } from './__generated__/resolvers-types';
import { experimentResolvers } from './project/experiment.resolvers';
import { projectResolvers } from './project/project.resolvers';
import { snapshotResolvers } from './snapshot/snapshot.resolvers';
import { datasetJobResolvers } from './training-job/dataset-jobs.resolvers';
import { createTrainingJobResolvers, type TrainingJobResolverDeps } from './training-job/training-job.resolvers';
import { trainingFrameworkResolvers } from './training-job/training-frameworks.resolvers';

export function createPlatformResolvers(deps: TrainingJobResolverDeps): Resolvers {
  const jobs = createTrainingJobResolvers(deps);
  return {
    ...jobs,
    ...projectResolvers,
    ...snapshotResolvers,
    ...experimentResolvers,
    Dataset: { ...snapshotResolvers.Dataset, ...datasetJobResolvers },
    Query: { ...jobs.Query, ...projectResolvers.Query, ...experimentResolvers.Query, ...trainingFrameworkResolvers.Query },
    Mutation: { ...jobs.Mutation, ...projectResolvers.Mutation, ...experimentResolvers.Mutation },
  };
}
