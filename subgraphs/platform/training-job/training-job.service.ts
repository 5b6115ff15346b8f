/**
 * The training-job service of one request: listing, look-ups, cancellation, starting and retrying
 * (training-job.create.ts), worker reports (training-job.reports.ts) and live updates. Who sees
 * which job is decided in training-job.visibility.ts. Every change is written first and NOTIFYed in
 * the same transaction (delivered on commit), so subscribers on any replica re-read committed rows.
 */
import { LockMode, type FilterQuery } from '@mikro-orm/core';
import { canSeeAll, requireUser, type AuthUser } from '../../../lib/auth';
import { conflict, forbidden, mustBe, notFound } from '../../../lib/errors';
import type { PlatformScope } from '../context';
import { afterCursor, decodeCursor, pageSize, rowsAndCount, toPage, type ListOptions, type Page } from '../paging';
import { configSchemaOf } from './training-config';
import { TrainingEvent } from './training-event.entity';
import { preparationsOf } from '../snapshot/snapshot.copy';
import { createJobStarts } from './training-job.create';
import { filterEvents, notifyTrainingJobUpdated, trainingJobCreations, trainingJobEvents } from './training-job.events';
import { CANCELLABLE_STATUSES, TrainingJob, type TrainingJobRecord, type TrainingJobStatusValue } from './training-job.entity';
import { createJobReports, type DeltaSource } from './training-job.reports';
import { asOfRevision, readRevision } from './training-job.revisions';
import { decodeEventCursor, deltaStream } from './training-job.streams';
import { isJobVisible, visibleJobsWhere } from './training-job.visibility';

export type TrainingJobPage = Page<TrainingJobRecord>;

/** Conditions of `TrainingJobFilter`; every one given must hold. */
export interface TrainingJobFilter {
  status?: readonly string[] | null;
  projectId?: string | null;
  datasetId?: string | null;
  experimentId?: string | null;
  mine?: boolean | null;
  search?: string | null;
}

/** `%`, `_` and `\` match themselves in a search, not as LIKE wildcards. */
export const escapeLike = (text: string) => text.replace(/[\\%_]/g, (c) => `\\${c}`);

export function filterWhere(user: AuthUser, filter: TrainingJobFilter | null | undefined): FilterQuery<TrainingJobRecord>[] {
  if (!filter) return [];
  const parts: FilterQuery<TrainingJobRecord>[] = [];
  if (filter.status && filter.status.length > 0) parts.push({ status: { $in: filter.status.map((s) => s.toLowerCase() as TrainingJobStatusValue) } });
  if (filter.projectId) parts.push({ project: filter.projectId });
  if (filter.datasetId) parts.push({ datasetId: filter.datasetId });
  if (filter.experimentId) parts.push({ experimentId: filter.experimentId });
  if (filter.mine) parts.push({ ownerId: user.id });
  const search = filter.search?.trim();
  if (search) {
    if (search.length > 200) throw mustBe('filter.search', 'at most 200 characters');
    parts.push({ name: { $ilike: `%${escapeLike(search)}%` } });
  }
  return parts;
}

export interface TrainingJobListArgs {
  first?: number | null;
  after?: string | null;
  filter?: TrainingJobFilter | null;
}

const mayCancel = (user: AuthUser, job: TrainingJobRecord) => canSeeAll(user) || job.ownerId === user.id;

/** What a connected worker declared when it last claimed. */
interface WorkerCapabilities {
  frameworks: string[];
  /** Null: any task of its frameworks. */
  tasks: string[] | null;
}

const runs = (worker: WorkerCapabilities, job: TrainingJobRecord) =>
  worker.frameworks.includes(job.framework) && (worker.tasks === null || worker.tasks.includes(job.task));

export function createTrainingJobService(scope: PlatformScope) {
  const { em, loaders } = scope;
  const reports = createJobReports(scope);
  let connectedWorkers: Promise<WorkerCapabilities[]> | null = null;

  /** Workers heard from within `WORKER_PRESENCE_SECONDS`, read once per request. */
  function workersConnected(): Promise<WorkerCapabilities[]> {
    connectedWorkers ??= em.execute<WorkerCapabilities[]>(`select frameworks, tasks from workers where last_seen_at > now() - (? * interval '1 second')`, [
      scope.live.workerPresenceSeconds,
    ]);
    return connectedWorkers;
  }

  /** NOT_FOUND, word for word, whether the job does not exist or the caller may not see it: existence stays hidden. */
  async function requireVisible(user: AuthUser, id: string): Promise<TrainingJobRecord> {
    const job = await em.findOne(TrainingJob, { id });
    if (!job || !(await isJobVisible(em, user, loaders.access, job))) throw notFound('Training job', id);
    return job;
  }

  return {
    ...createJobStarts(scope),
    ...reports,

    /** Null when missing or not visible (batched per request). */
    byId: (id: string) => loaders.trainingJob.load(id),

    async list(args: TrainingJobListArgs, opts: ListOptions = { count: true }): Promise<TrainingJobPage> {
      const user = requireUser(scope.user);
      const limit = pageSize(args.first);
      const cursor = args.after ? decodeCursor(args.after) : null;
      const where: FilterQuery<TrainingJobRecord> = { $and: [await visibleJobsWhere(user, loaders.access), ...filterWhere(user, args.filter)] };
      const [rows, totalCount] = await rowsAndCount(
        async () =>
          limit === 0 ? [] : em.find(TrainingJob, { $and: [where, afterCursor(cursor)] }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 }),
        () => em.count(TrainingJob, where),
        opts,
      );
      return toPage(rows, limit, totalCount);
    },

    /** `Dataset.trainingJobs`: the datasets of one request share one page query and one count query (training-job.batch.ts). */
    async ofDataset(datasetId: string, args: { first?: number | null; after?: string | null }): Promise<TrainingJobPage> {
      requireUser(scope.user);
      return loaders.datasetJobs.load({ datasetId, first: args.first, after: args.after });
    },

    configSchema(framework: string, task: string): string | null {
      const schema = configSchemaOf(framework, task);
      return schema ? JSON.stringify(schema) : null;
    },

    async cancel(id: string): Promise<TrainingJobRecord> {
      const user = requireUser(scope.user);
      return em.transactional(async (tx) => {
        // The row lock serialises concurrent cancels and worker updates of the same job.
        const job = await tx.findOne(TrainingJob, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
        // A job the caller may not see answers exactly like a missing one: its existence stays hidden.
        if (!job || !(await isJobVisible(tx, user, loaders.access, job))) throw notFound('Training job', id);
        if (!mayCancel(user, job)) throw forbidden('Only the job owner, a manager or an admin can cancel this job.');
        if (!CANCELLABLE_STATUSES.includes(job.status)) {
          throw conflict(`Training job ${id} is already ${job.status.toUpperCase()}; only QUEUED or RUNNING jobs can be cancelled.`);
        }
        const from = job.status;
        job.status = 'cancelled';
        job.finishedAt = new Date();
        job.errorMessage = `Cancelled by ${user.email}.`;
        tx.create(TrainingEvent, { job, attempt: job.attempts, kind: 'status', payload: { from, to: 'cancelled', by: user.id } });
        await tx.flush();
        await notifyTrainingJobUpdated(tx, id);
        return job;
      });
    },

    /** Checked once at subscribe time; the viewer's token and the job's owner do not change. */
    async follow(id: string) {
      await requireVisible(requireUser(scope.user), id);
      return trainingJobEvents(scope.pubsub, id);
    },

    /**
     * Jobs created from now on that `visible` lets through; `visible` runs in a renewed scope per
     * event, so a caller who loses access to a project stops hearing about its new jobs.
     */
    async followCreated(visible: (jobId: string) => Promise<boolean>) {
      requireUser(scope.user);
      return filterEvents(await trainingJobCreations(scope.pubsub), (event) => visible(event.jobId));
    },

    /**
     * A delta stream of the job's stored reports from `after` on (training-job.streams.ts). The
     * caller's right to see the job is checked now (NOT_FOUND, as for a missing job) and again by
     * `beforeFrame` whenever it may have changed (the resolvers' `followDeltas`).
     */
    async followDeltas(source: DeltaSource, after: string | null | undefined, beforeFrame: () => Promise<void>) {
      const user = requireUser(scope.user);
      const afterId = decodeEventCursor(after);
      await requireVisible(user, source.jobId);
      return deltaStream({ feeds: scope.deltaFeeds, source, after: afterId, settings: scope.live.streams, beforeFrame });
    },

    /** NOT_FOUND unless the caller may (still) see the job. */
    async checkVisible(jobId: string): Promise<void> {
      await requireVisible(requireUser(scope.user), jobId);
    },

    /**
     * Why a QUEUED job is still waiting (null otherwise): no connected worker runs its framework
     * (and task), or every one that does is busy.
     */
    async queueReason(job: TrainingJobRecord): Promise<string | null> {
      if (job.status !== 'queued') return null;
      if (job.datasetSnapshotId) {
        const preparation = (await preparationsOf(em, [job.datasetSnapshotId])).get(job.datasetSnapshotId);
        if (preparation?.state === 'copying') {
          return `Preparing the dataset snapshot: ${preparation.objectsCopied} of ${preparation.objectsToCopy} objects copied.`;
        }
      }
      const workers = await workersConnected();
      const capable = workers.filter((worker) => runs(worker, job)).length;
      if (capable > 0) return `Waiting for a free ${job.framework} worker (${capable} connected).`;
      if (workers.some((worker) => worker.frameworks.includes(job.framework))) {
        return `Waiting for a worker that runs ${job.framework} for ${job.task}.`;
      }
      return `Waiting for a worker that runs ${job.framework}.`;
    },

    /**
     * The job after an event, read through this (renewed) scope: the committed row, with its own
     * fields as of the event's `revision` when it carries one (training-job.revisions.ts).
     */
    async updated(jobId: string, revision?: string): Promise<TrainingJobRecord> {
      const [job, state] = await Promise.all([loaders.trainingJob.load(jobId), revision ? readRevision(em, revision, scope.revisions) : null]);
      if (!job) throw notFound('Training job', jobId);
      return asOfRevision(job, state);
    },
  };
}

export type TrainingJobService = ReturnType<typeof createTrainingJobService>;
