/** Thin GraphQL layer over the training-job service (`ctx.jobs`): shape conversion only. */
import type { Resolvers, TrainingJobStatus } from '../__generated__/resolvers-types';
import type { PlatformContext } from '../context';
import type { TrainingJobUpdatedEvent } from './training-job.events';

export const trainingJobResolvers: Resolvers = {
  Query: {
    trainingJobs: (_parent, args, ctx) => ctx.jobs.list(args),
    trainingJob: (_parent, { id }, ctx) => ctx.jobs.byId(id),
    trainingConfigSchema: (_parent, { framework, task }, ctx) => ctx.jobs.configSchema(framework, task),
  },
  Mutation: {
    cancelTrainingJob: (_parent, { id }, ctx) => ctx.jobs.cancel(id),
    createTrainingJob: (_parent, { input }, ctx) => ctx.jobs.create(input),
    retryTrainingJob: (_parent, { id }, ctx) => ctx.jobs.retry(id),
  },
  Subscription: {
    trainingJobUpdated: {
      subscribe: (_parent, { id }, ctx) => ctx.jobs.follow(id),
      // One fresh read per event (fresh EntityManager and loaders), so the payload is the committed row.
      resolve: async (event: TrainingJobUpdatedEvent, _args: unknown, ctx: PlatformContext) => {
        await ctx.renewScope();
        return ctx.jobs.updated(event.jobId);
      },
    },
  },
  TrainingJob: {
    __resolveReference: (ref, ctx) => ctx.jobs.byId(ref.id),
    status: (job) => job.status.toUpperCase() as TrainingJobStatus,
    progress: (job) => Number(job.progress),
    project: (job, _args, ctx) => ctx.projects.requireById(job.project.id),
    owner: (job) => ({ __typename: 'User', id: job.ownerId }),
    dataset: (job) => (job.datasetId ? { __typename: 'Dataset', id: job.datasetId } : null),
    datasetSnapshot: (job, _args, ctx) => (job.datasetSnapshotId ? ctx.snapshots.byId(job.datasetSnapshotId) : null),
    config: (job) => JSON.stringify(job.config ?? {}),
    retryOf: (job, _args, ctx) => (job.retryOf ? ctx.jobs.byId(job.retryOf) : null),
    metrics: (job, args, ctx) => ctx.jobs.metrics(job, args),
    metricNames: (job, { attempt }, ctx) => ctx.jobs.metricNames(job, attempt),
    finalMetrics: (job, _args, ctx) => ctx.jobs.finalMetrics(job.id),
    experiment: (job, _args, ctx) => (job.experimentId ? ctx.experiments.byId(job.experimentId) : null),
    logs: (job, args, ctx) => ctx.jobs.logs(job.id, args),
    systemSamples: (job, { last }, ctx) => ctx.jobs.systemSamples(job.id, last),
    checkpoints: (job, _args, ctx) => ctx.jobs.checkpoints(job.id),
    createdAt: (job) => job.createdAt.toISOString(),
    updatedAt: (job) => job.updatedAt.toISOString(),
  },
};
