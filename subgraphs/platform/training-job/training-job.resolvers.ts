/** Thin GraphQL layer over the training-job service. */
import { requireUser } from '../../../lib/auth';
import type { PlatformOrm } from '../db';
import { renewScope, type PlatformContext } from '../context';
import type { PgPubSub } from '../../../lib/pubsub';
import type { Resolvers, TrainingJobStatus } from '../__generated__/resolvers-types';
import { notFound } from '../../../lib/errors';
import { cancelTrainingJob, listTrainingJobs, requireVisibleJob } from './training-job.service';
import { trainingJobEvents, type TrainingJobUpdatedEvent } from './training-job.events';

export function createTrainingJobResolvers(deps: { orm: PlatformOrm; pubsub: PgPubSub }): Resolvers {
  return {
    Query: {
      trainingJobs: (_parent, args, ctx) => listTrainingJobs(ctx.em, requireUser(ctx.user), args),
      trainingJob: (_parent, { id }, ctx) => ctx.loaders.trainingJob.load(id),
    },
    Mutation: {
      cancelTrainingJob: (_parent, { id }, ctx) => cancelTrainingJob(ctx.em, requireUser(ctx.user), id),
    },
    Subscription: {
      trainingJobUpdated: {
        // Checked once at subscribe time; the viewer's token and the job's owner do not change.
        subscribe: async (_parent, { id }, ctx) => {
          await requireVisibleJob(ctx.em, requireUser(ctx.user), id);
          return trainingJobEvents(deps.pubsub, id);
        },
        // One fresh read per event (fresh EntityManager and loaders), so the payload is the committed row.
        resolve: async (event: TrainingJobUpdatedEvent, _args: unknown, ctx: PlatformContext) => {
          renewScope(ctx, deps.orm);
          const job = await ctx.loaders.trainingJob.load(event.jobId);
          if (!job) throw notFound('Training job', event.jobId);
          return job;
        },
      },
    },
    TrainingJob: {
      __resolveReference: (ref, ctx) => ctx.loaders.trainingJob.load(ref.id),
      status: (job) => job.status.toUpperCase() as TrainingJobStatus,
      progress: (job) => Number(job.progress),
      project: async (job, _args, ctx) => {
        const project = await ctx.loaders.project.load(job.project.id);
        // A visible job implies a visible project (its owner has a job in it); null means it vanished.
        if (!project) throw notFound('Project', job.project.id);
        return project;
      },
      owner: (job) => ({ __typename: 'User', id: job.ownerId }),
      dataset: (job) => (job.datasetId ? { __typename: 'Dataset', id: job.datasetId } : null),
      createdAt: (job) => job.createdAt.toISOString(),
      updatedAt: (job) => job.updatedAt.toISOString(),
    },
  };
}
