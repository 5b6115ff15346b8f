/** Thin GraphQL layer over the experiment service. */
import { requireUser } from '../../../lib/auth';
import { notFound } from '../../../lib/errors';
import type { Resolvers } from '../__generated__/resolvers-types';
import { createExperiment, setTrainingJobExperiment, starExperiment } from './experiment.service';

export const experimentResolvers: Resolvers = {
  Query: {
    experiment: (_parent, { id }, ctx) => ctx.loaders.experiments.experiment.load(id),
  },
  Mutation: {
    createExperiment: (_parent, { input }, ctx) => createExperiment(ctx.em, requireUser(ctx.user), ctx.loaders.access, input),
    starExperiment: (_parent, { id, starred }, ctx) => starExperiment(ctx.em, requireUser(ctx.user), ctx.loaders.experiments, id, starred),
    setTrainingJobExperiment: (_parent, { jobId, experimentId }, ctx) =>
      setTrainingJobExperiment(ctx.em, requireUser(ctx.user), ctx.loaders.access, jobId, experimentId),
  },
  Experiment: {
    __resolveReference: (ref, ctx) => ctx.loaders.experiments.experiment.load(ref.id),
    project: async (experiment, _args, ctx) => {
      const project = await ctx.loaders.project.load(experiment.projectId);
      // Experiments are only handed out when their project is visible; null means it vanished.
      if (!project) throw notFound('Project', experiment.projectId);
      return project;
    },
    createdBy: (experiment) => ({ __typename: 'User', id: experiment.createdBy }),
    starredByMe: async (experiment, _args, ctx) => (await ctx.loaders.experiments.stars.load(experiment.id)).mine,
    starCount: async (experiment, _args, ctx) => (await ctx.loaders.experiments.stars.load(experiment.id)).count,
    trainingJobs: (experiment, _args, ctx) => ctx.loaders.experiments.jobs.load(experiment.id),
    comparison: async (experiment, _args, ctx) => {
      const jobs = await ctx.loaders.experiments.jobs.load(experiment.id);
      const rows = await Promise.all(jobs.map(async (job) => ({ trainingJob: job, finalMetrics: await ctx.loaders.finalMetrics.load(job.id) })));
      const metricNames = [...new Set(rows.flatMap((row) => row.finalMetrics.map((metric) => metric.name)))].sort();
      return { metricNames, rows };
    },
    createdAt: (experiment) => experiment.createdAt.toISOString(),
  },
};
