/** Thin GraphQL layer over the training-job services. */
import { requireUser } from '../../../lib/auth';
import type { PlatformOrm } from '../db';
import { renewScope, type PlatformContext } from '../context';
import type { PgPubSub } from '../../../lib/pubsub';
import type { Storage } from '../../../lib/s3';
import type { Resolvers, TrainingJobStatus } from '../__generated__/resolvers-types';
import { notFound } from '../../../lib/errors';
import type { LabelerClient } from '../../../lib/labeler/labeler-client';
import type { SnapshotStores } from '../snapshot/snapshot.service';
import { cancelTrainingJob, listVisibleJobs, requireVisibleJob } from './training-job.service';
import { createTrainingJob, retryTrainingJob } from './training-job.create';
import { jobCheckpoints, logLines, metricNames, metricPoints, systemSamples } from './training-job.reports';
import { trainingJobEvents, type TrainingJobUpdatedEvent } from './training-job.events';
import { configSchemaOf } from './training-config';

export interface TrainingJobResolverDeps {
  orm: PlatformOrm;
  pubsub: PgPubSub;
  labeler: LabelerClient;
  stores: SnapshotStores;
  internal: Storage;
  presignExpiresSeconds: number;
}

export function createTrainingJobResolvers(deps: TrainingJobResolverDeps): Resolvers {
  return {
    Query: {
      trainingJobs: (_parent, args, ctx) => listVisibleJobs(ctx.em, requireUser(ctx.user), ctx.loaders.access, args),
      trainingJob: (_parent, { id }, ctx) => ctx.loaders.trainingJob.load(id),
      trainingConfigSchema: (_parent, { framework, task }) => {
        const schema = configSchemaOf(framework, task);
        return schema ? JSON.stringify(schema) : null;
      },
    },
    Mutation: {
      cancelTrainingJob: (_parent, { id }, ctx) => cancelTrainingJob(ctx.em, requireUser(ctx.user), id),
      createTrainingJob: (_parent, { input }, ctx) =>
        createTrainingJob(ctx.em, requireUser(ctx.user), ctx.loaders.access, input, { labeler: deps.labeler.forRequest(ctx.requestId), stores: deps.stores }),
      retryTrainingJob: (_parent, { id }, ctx) => retryTrainingJob(ctx.em, requireUser(ctx.user), ctx.loaders.access, id),
    },
    Subscription: {
      trainingJobUpdated: {
        // Checked once at subscribe time; the viewer's token and the job's owner do not change.
        subscribe: async (_parent, { id }, ctx) => {
          await requireVisibleJob(ctx.em, requireUser(ctx.user), ctx.loaders.access, id);
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
        // A visible job implies a visible project (the caller owns the job or has a role in the project).
        if (!project) throw notFound('Project', job.project.id);
        return project;
      },
      owner: (job) => ({ __typename: 'User', id: job.ownerId }),
      dataset: (job) => (job.datasetId ? { __typename: 'Dataset', id: job.datasetId } : null),
      datasetSnapshot: (job, _args, ctx) => (job.datasetSnapshotId ? ctx.loaders.datasetSnapshot.load(job.datasetSnapshotId) : null),
      config: (job) => JSON.stringify(job.config ?? {}),
      retryOf: (job, _args, ctx) => (job.retryOf ? ctx.loaders.trainingJob.load(job.retryOf) : null),
      metrics: (job, { name }, ctx) => metricPoints(ctx.em, job.id, name),
      metricNames: (job, _args, ctx) => metricNames(ctx.em, job.id),
      finalMetrics: (job, _args, ctx) => ctx.loaders.finalMetrics.load(job.id),
      experiment: (job, _args, ctx) => (job.experimentId ? ctx.loaders.experiments.experiment.load(job.experimentId) : null),
      logs: (job, args, ctx) => logLines(ctx.em, job.id, args),
      systemSamples: (job, { last }, ctx) => systemSamples(ctx.em, job.id, last),
      checkpoints: (job, _args, ctx) => jobCheckpoints(ctx.em, deps.internal, job.id, deps.presignExpiresSeconds),
      createdAt: (job) => job.createdAt.toISOString(),
      updatedAt: (job) => job.updatedAt.toISOString(),
    },
  };
}
