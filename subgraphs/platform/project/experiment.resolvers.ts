/** Thin GraphQL layer over the experiment service (`ctx.experiments`): shape conversion only. */
import type { Resolvers } from '../__generated__/resolvers-types';

export const experimentResolvers: Resolvers = {
  Query: {
    experiment: (_parent, { id }, ctx) => ctx.experiments.byId(id),
  },
  Mutation: {
    createExperiment: (_parent, { input }, ctx) => ctx.experiments.create(input),
    starExperiment: (_parent, { id, starred }, ctx) => ctx.experiments.star(id, starred),
    setTrainingJobExperiment: (_parent, { jobId, experimentId }, ctx) => ctx.experiments.moveJob(jobId, experimentId),
  },
  Experiment: {
    __resolveReference: (ref, ctx) => ctx.experiments.byId(ref.id),
    project: (experiment, _args, ctx) => ctx.projects.requireById(experiment.projectId),
    createdBy: (experiment) => ({ __typename: 'User', id: experiment.createdBy }),
    starredByMe: async (experiment, _args, ctx) => (await ctx.experiments.stars(experiment.id)).mine,
    starCount: async (experiment, _args, ctx) => (await ctx.experiments.stars(experiment.id)).count,
    trainingJobs: (experiment, _args, ctx) => ctx.experiments.jobs(experiment.id),
    comparison: (experiment, _args, ctx) => ctx.experiments.comparison(experiment.id),
    createdAt: (experiment) => experiment.createdAt.toISOString(),
  },
};
