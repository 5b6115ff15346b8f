/** Thin GraphQL layer over the training-job service (`ctx.jobs`): shape conversion only. */
import { stableStringify } from '../../../lib/stable-json';
import type { Resolvers, TrainingJobStatus } from '../__generated__/resolvers-types';
import { selectsField } from '../../../lib/lookahead';
import type { PlatformContext } from '../context';
import type { DeltaItem, DeltaSource, LogLineValue, MetricPointValue, SystemSampleValue } from './training-job.reports';
import type { TrainingJobUpdatedEvent } from './training-job.events';
import type { StreamEvent } from './training-job.streams';
import type { TrainingJobRecord } from './training-job.entity';

/** A delta-stream frame, or the error that ends the stream (thrown here so it reaches the client as a GraphQL error). */
function frame<T>(event: StreamEvent<T>) {
  if ('error' in event) throw event.error;
  return event.batch;
}

/**
 * A `trainingJobUpdated` / `trainingJobCreated` event. The gateway's shared upstream (the service
 * identity, subscriptions.ts) may select only the job's `__typename` and `id`, and resolves the
 * viewers' selections through its own query as of the event's revision: it gets the id without a
 * read (before, two queries per event that nobody saw), and every replica keeps the revision's state
 * the notification brought (`rememberRevisionStates`), so that query reads only the job. Anyone else
 * gets one fresh read of the job per event, as of that state.
 */
async function resolveJobEvent(event: TrainingJobUpdatedEvent, _args: unknown, ctx: PlatformContext): Promise<TrainingJobRecord> {
  ctx.eventRevision = event.revision;
  if (ctx.service) return { id: event.jobId } as TrainingJobRecord;
  await ctx.renewScope();
  return ctx.jobs.updated(event.jobId, event.revision);
}

/**
 * A delta stream (training-job.streams.ts). Before a frame, the caller's account and right to see the
 * job are checked again, in a renewed scope, whenever they may have changed since the last check
 * (`ctx.accessClock`: an access change of this account was heard, changes may have been missed, or
 * the last check is older than `ACCESS_CHANGES_TTL_MS`). The clock starts before the check at
 * subscribe time.
 */
function followDeltas(ctx: PlatformContext, source: DeltaSource, after: string | null | undefined) {
  const clock = ctx.accessClock();
  return ctx.jobs.followDeltas(source, after, async () => {
    if (!clock.due()) return;
    await ctx.renewScope();
    await ctx.jobs.checkVisible(source.jobId);
  });
}

export const trainingJobResolvers: Resolvers = {
  Query: {
    trainingJobs: (_parent, args, ctx, info) => ctx.jobs.list(args, { count: selectsField(info, 'totalCount') }),
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
      // An account's: one fresh read per event (fresh EntityManager and loaders), with the job's own
      // fields as of the event; its revision goes out with the result (subscriptions.ts) for the gateway's query.
      resolve: resolveJobEvent,
    },
    trainingJobCreated: {
      subscribe: (_parent, { projectId }, ctx: PlatformContext) =>
        ctx.jobs.followCreated(async (jobId) => {
          await ctx.renewScope();
          const job = await ctx.jobs.byId(jobId);
          return !!job && (!projectId || job.project.id === projectId);
        }),
      resolve: resolveJobEvent,
    },
    trainingJobMetrics: {
      subscribe: (_parent, { jobId, after }, ctx: PlatformContext) => followDeltas(ctx, { kind: 'metric', jobId }, after),
      resolve: (event: StreamEvent<DeltaItem>) => {
        const { jobId, items, cursor } = frame(event);
        return { jobId, points: items as MetricPointValue[], cursor };
      },
    },
    trainingJobLogs: {
      subscribe: (_parent, { jobId, level, after }, ctx: PlatformContext) => followDeltas(ctx, { kind: 'log', jobId, level: level ?? null }, after),
      resolve: (event: StreamEvent<DeltaItem>) => {
        const { jobId, items, cursor } = frame(event);
        return { jobId, lines: items as LogLineValue[], cursor };
      },
    },
    trainingJobSystem: {
      subscribe: (_parent, { jobId, after }, ctx: PlatformContext) => followDeltas(ctx, { kind: 'system', jobId }, after),
      resolve: (event: StreamEvent<DeltaItem>) => {
        const { jobId, items, cursor } = frame(event);
        return { jobId, samples: items as SystemSampleValue[], cursor };
      },
    },
  },
  TrainingJob: {
    __resolveReference: (ref, ctx) => ctx.jobs.byId(ref.id),
    status: (job) => job.status.toUpperCase() as TrainingJobStatus,
    queueReason: (job, _args, ctx) => ctx.jobs.queueReason(job),
    progress: (job) => Number(job.progress),
    project: (job, _args, ctx) => ctx.projects.requireById(job.project.id),
    owner: (job) => ({ __typename: 'User', id: job.ownerId }),
    dataset: (job) => (job.datasetId ? { __typename: 'Dataset', id: job.datasetId } : null),
    datasetSnapshot: (job, _args, ctx) => (job.datasetSnapshotId ? ctx.snapshots.byId(job.datasetSnapshotId) : null),
    // Keys sorted: the same text from the object just validated and from the stored jsonb.
    config: (job) => stableStringify(job.config ?? {}),
    retryOf: (job, _args, ctx) => (job.retryOf ? ctx.jobs.byId(job.retryOf) : null),
    metrics: (job, args, ctx) => ctx.jobs.metrics(job, args),
    metricNames: (job, { attempt }, ctx) => ctx.jobs.metricNames(job, attempt),
    finalMetrics: (job, _args, ctx) => ctx.jobs.finalMetrics(job.id),
    experiment: (job, _args, ctx) => (job.experimentId ? ctx.experiments.byId(job.experimentId) : null),
    logs: (job, args, ctx) => ctx.jobs.logs(job.id, args),
    systemSamples: (job, { last }, ctx) => ctx.jobs.systemSamples(job.id, last),
    checkpoints: (job, _args, ctx) => ctx.jobs.checkpoints(job.id),
    modelVersions: (job, _args, ctx) => ctx.models.versionsOfJob(job.id),
    createdAt: (job) => job.createdAt.toISOString(),
    updatedAt: (job) => job.updatedAt.toISOString(),
    startedAt: (job) => job.startedAt?.toISOString() ?? null,
    finishedAt: (job) => job.finishedAt?.toISOString() ?? null,
  },
};
