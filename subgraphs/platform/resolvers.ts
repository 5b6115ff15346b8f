/** All platform resolvers, merged per type. */
import type { Resolvers } from './__generated__/resolvers-types';
import { deploymentResolvers } from './deployment/deployment.resolvers';
import { modelResolvers } from './model/model.resolvers';
import { experimentResolvers } from './project/experiment.resolvers';
import { projectResolvers } from './project/project.resolvers';
import { snapshotResolvers } from './snapshot/snapshot.resolvers';
import { datasetJobResolvers } from './training-job/dataset-jobs.resolvers';
import { trainingFrameworkResolvers } from './training-job/training-frameworks.resolvers';
import { trainingJobResolvers } from './training-job/training-job.resolvers';

export const platformResolvers: Resolvers = {
  ...trainingJobResolvers,
  ...projectResolvers,
  ...snapshotResolvers,
  ...experimentResolvers,
  ...modelResolvers,
  ...deploymentResolvers,
  ModelVersion: { ...modelResolvers.ModelVersion, ...deploymentResolvers.ModelVersion },
  Dataset: { ...snapshotResolvers.Dataset, ...datasetJobResolvers },
  Query: {
    ...trainingJobResolvers.Query,
    ...projectResolvers.Query,
    ...experimentResolvers.Query,
    ...trainingFrameworkResolvers.Query,
    ...modelResolvers.Query,
    ...deploymentResolvers.Query,
  },
  Mutation: {
    ...trainingJobResolvers.Mutation,
    ...projectResolvers.Mutation,
    ...experimentResolvers.Mutation,
    ...modelResolvers.Mutation,
    ...deploymentResolvers.Mutation,
  },
};
