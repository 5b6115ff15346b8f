/**
 * The database side of the worker protocol (T5). Every report is written first and NOTIFYed in
 * the same transaction or statement (delivered on commit), like every other job change. A worker may only touch
 * a job it holds the lease of; anything else is a conflict it must obey (stop working on it).
 */
import { HeadObjectCommand } from '@aws-sdk/client-s3';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Storage } from '../../../lib/s3';
import type { ClaimedJob, EventReports } from '../../../lib/worker-protocol';
import { DatasetSnapshot } from '../snapshot/snapshot.entity';
import { loadManifest } from '../snapshot/snapshot.service';
import { TrainingEvent } from '../training-job/training-event.entity';
import { notifyTrainingJobUpdated, revisionAndNotifySql } from '../training-job/training-job.events';
import { isLegalMove, TrainingJob, type TrainingJobRecord, type TrainingJobStatusValue } from '../training-job/training-job.entity';

export class WorkerProtocolError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

/** What one events report carries (the worker protocol's shape). */
export type EventBatch = EventReports;

/**
 * Lock the job, check this worker holds it, run `fn`, flush and NOTIFY (which also marks the worker
 * as heard from: it counts as connected for a while, `WORKER_PRESENCE_SECONDS`).
 */
async function withLease<T>(em: EntityManager, jobId: string, workerId: string, fn: (tx: EntityManager, job: TrainingJobRecord) => Promise<T>): Promise<T> {
  return em.transactional(async (tx) => {
    const job = await tx.findOne(TrainingJob, { id: jobId }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true });
    const refusal = leaseRefusal(jobId, workerId, job);
    if (refusal || !job) throw refusal;
    const result = await fn(tx, job);
    await tx.flush();
    // The worker is marked as heard from by the same statement (any report proves it alive).
    await notifyTrainingJobUpdated(tx, jobId, { workerSeen: workerId });
    return result;
  });
}

/** Why `workerId` may not report on the job (missing, no longer running, leased to another worker), or null when it may. */
function leaseRefusal(jobId: string, workerId: string, job: { status: string; workerId?: string | null } | null): WorkerProtocolError | null {
  if (!job) return new WorkerProtocolError(404, 'job_not_found', `Training job ${jobId} does not exist.`);
  if (job.status !== 'running') {
    return new WorkerProtocolError(409, 'job_not_running', `Training job ${jobId} is ${job.status}; stop working on it.`, { status: job.status });
  }
  if (job.workerId !== workerId) {
    return new WorkerProtocolError(409, 'lease_lost', `Training job ${jobId} is leased to another worker; stop working on it.`, { status: job.status });
  }
  return null;
}

const renew = (job: TrainingJobRecord, leaseSeconds: number) => {
  job.leaseExpiresAt = new Date(Date.now() + leaseSeconds * 1000);
};

export const checkpointKey = (jobId: string, name: string) => `checkpoints/${jobId}/${name}`;

/** The size the bucket reports for each uploaded checkpoint, each name once (a missing upload is a 400). */
async function checkpointSizes(internal: Storage, jobId: string, names: string[]): Promise<Array<{ name: string; key: string; size: number }>> {
  // Once each: one insert cannot upsert the same row twice.
  return Promise.all(
    [...new Set(names)].map(async (name) => {
      const key = checkpointKey(jobId, name);
      try {
        const head = await internal.client.send(new HeadObjectCommand({ Bucket: internal.bucket, Key: key }));
        return { name, key, size: head.ContentLength ?? 0 };
      } catch {
        throw new WorkerProtocolError(400, 'checkpoint_missing', `Checkpoint ${name} was not uploaded (no object at ${key}).`);
      }
    }),
  );
}

/**
 * Keeps checkpoints, as one insert: those of the `?::jsonb` parameter (`checkpointSizes`' answer),
 * for the job `jobId` names (`?`, or a column of a preceding part joined through `from`).
 */
const keepCheckpointsSql = (jobId: string, from = '') => `insert into checkpoints (job_id, name, key, size_bytes)
    select ${jobId}, c.name, c.key, c.size from ${from}jsonb_to_recordset(?::jsonb) as c(name text, key text, size bigint)
    on conflict (job_id, name) do update set size_bytes = excluded.size_bytes, created_at = now()`;

/** Record uploaded checkpoints with the size the bucket reports (a missing upload is a 400). */
async function registerCheckpoints(tx: EntityManager, internal: Storage, jobId: string, names: string[]): Promise<void> {
  if (names.length === 0) return;
  await tx.execute(keepCheckpointsSql('?'), [jobId, JSON.stringify(await checkpointSizes(internal, jobId, names))]);
}

/**
 * The rest of a report's statement after its `renewed` part (the job's row as the lease renewal left
 * it, or none when the lease is not this worker's): every part reads `renewed`, so a refused report
 * writes nothing. Parameters: `reportStatementParams`.
 */
const reportStatementTail = `seen as (update workers set last_seen_at = now() where id = ? and exists (select 1 from renewed)),
  stored as (insert into training_events (job_id, attempt, kind, payload)
    select r.id, r.attempts, x.kind, x.payload from renewed r, jsonb_to_recordset(?::jsonb) as x(kind text, payload jsonb)),
  kept as (${keepCheckpointsSql('r.id', 'renewed r, ')}),
  ${revisionAndNotifySql('renewed')}`;

const reportStatementParams = (workerId: string, rows: unknown[], checkpoints: unknown[]) => [
  workerId,
  JSON.stringify(rows),
  JSON.stringify(checkpoints),
  '{}',
];

function move(tx: EntityManager, job: TrainingJobRecord, to: TrainingJobStatusValue, payload: Record<string, unknown>): void {
  if (!isLegalMove(job.status, to))
    throw new WorkerProtocolError(409, 'illegal_status_move', `A ${job.status} job cannot become ${to}.`, { status: job.status });
  const from = job.status;
  job.status = to;
  job.workerId = null;
  job.leaseExpiresAt = null;
  if (to !== 'queued') job.finishedAt = new Date();
  tx.create(TrainingEvent, { job, attempt: job.attempts, kind: 'status', payload: { from, to, ...payload } });
}

export interface WorkerScope {
  /** A fork of the ORM's EntityManager for this worker request. */
  em: EntityManager;
  internal: Storage;
  presignExpiresSeconds: number;
}

/** The worker protocol's service, one per worker request (the REST routes' counterpart of a GraphQL context service). */
export function createWorkerService({ em, internal, presignExpiresSeconds }: WorkerScope) {
  return {
    /** Atomically take the oldest queued job of the given frameworks whose snapshot is copied (`FOR UPDATE SKIP LOCKED`). */
    async claim(opts: {
      workerId: string;
      frameworks: string[];
      tasks: string[] | null;
      exportFormats?: readonly string[];
      inference?: boolean;
      leaseSeconds: number;
    }): Promise<TrainingJobRecord | null> {
      // What the worker runs is remembered first, committed even when nothing is queued for it.
      await em.execute(
        `insert into workers (id, frameworks, tasks, export_formats, inference, last_seen_at) values (?, ?::jsonb, ?::jsonb, ?::jsonb, ?, now())
         on conflict (id) do update set frameworks = excluded.frameworks, tasks = excluded.tasks, export_formats = excluded.export_formats,
           inference = excluded.inference, last_seen_at = now()`,
        [
          opts.workerId,
          JSON.stringify(opts.frameworks),
          opts.tasks ? JSON.stringify(opts.tasks) : null,
          JSON.stringify(opts.exportFormats ?? []),
          !!opts.inference,
        ],
      );
      const tasksJson = opts.tasks ? JSON.stringify(opts.tasks) : null;
      return em.transactional(async (tx) => {
        const rows = await tx.execute<{ id: string }[]>(
          `with next as (
             select id from training_jobs
             where status = 'queued' and framework in (select jsonb_array_elements_text(?::jsonb))
               and (?::jsonb is null or task in (select jsonb_array_elements_text(?::jsonb)))
               -- Claimable once its snapshot's content is in the internal bucket (decisions.md #47).
               and not exists (select 1 from snapshot_preparations p
                               where p.snapshot_id = training_jobs.dataset_snapshot_id and p.state <> 'ready')
             order by created_at, id
             for update skip locked
             limit 1)
           update training_jobs j
              set status = 'running', worker_id = ?, lease_expires_at = now() + (? * interval '1 second'),
                  attempts = j.attempts + 1, started_at = coalesce(j.started_at, now()), updated_at = now(), error_message = null
             from next where j.id = next.id
           returning j.id`,
          [JSON.stringify(opts.frameworks), tasksJson, tasksJson, opts.workerId, opts.leaseSeconds],
        );
        const id = rows[0]?.id;
        if (!id) return null;
        const job = await tx.findOneOrFail(TrainingJob, { id }, { refresh: true });
        tx.create(TrainingEvent, {
          job,
          attempt: job.attempts,
          kind: 'status',
          payload: { from: 'queued', to: 'running', workerId: opts.workerId, attempt: job.attempts },
        });
        await tx.flush();
        await notifyTrainingJobUpdated(tx, id);
        return job;
      });
    },

    heartbeat(jobId: string, workerId: string, leaseSeconds: number): Promise<{ leaseExpiresAt: string }> {
      return withLease(em, jobId, workerId, async (_tx, job) => {
        renew(job, leaseSeconds);
        return { leaseExpiresAt: job.leaseExpiresAt!.toISOString() };
      });
    },

    /**
     * Store one batch whole, in one statement (atomic, and its NOTIFY delivered on commit): the lease
     * check and renewal, its reports (each tagged with the job's attempt, so a requeued job's series
     * stay apart), the checkpoints it registers, the revision, the worker's presence and the NOTIFY.
     * The job's row is locked for that one statement only. A checkpoint that was not uploaded
     * refuses the batch (after a lease refusal, which comes first): nothing of it is stored.
     */
    async recordEvents(jobId: string, workerId: string, batch: EventBatch, leaseSeconds: number, checkpoints: string[] = []): Promise<{ stored: number }> {
      const rows: Array<{ kind: string; payload: unknown }> = [];
      if (batch.progress) rows.push({ kind: 'progress', payload: batch.progress });
      for (const metric of batch.metrics ?? []) rows.push({ kind: 'metric', payload: metric });
      for (const line of batch.logs ?? []) rows.push({ kind: 'log', payload: { ...line, time: line.time ?? new Date().toISOString() } });
      for (const sample of batch.system ?? []) rows.push({ kind: 'system', payload: sample });
      const { progress } = batch;
      // Any report proves the worker is alive: the lease is renewed with the progress it carries.
      const set: Array<[string, unknown]> = [
        ['lease_expires_at', new Date(Date.now() + leaseSeconds * 1000)],
        ['updated_at', new Date()],
        ...(progress
          ? ([
              ['epoch', Math.max(0, Math.round(progress.epoch))],
              ['progress', Math.min(100, Math.max(0, Math.round(progress.percent * 100) / 100))],
              ['eta_seconds', progress.etaSeconds === undefined || progress.etaSeconds === null ? null : Math.round(progress.etaSeconds)],
              ...(progress.totalEpochs ? ([['total_epochs', progress.totalEpochs]] as Array<[string, unknown]>) : []),
            ] as Array<[string, unknown]>)
          : []),
      ];
      const refused = async () => {
        const [job] = await em.execute<{ status: string; worker_id: string | null }[]>('select status, worker_id from training_jobs where id = ?', [jobId]);
        return leaseRefusal(jobId, workerId, job ? { status: job.status, workerId: job.worker_id } : null);
      };
      let sizes: Array<{ name: string; key: string; size: number }>;
      try {
        sizes = await checkpointSizes(internal, jobId, checkpoints);
      } catch (error) {
        throw (await refused()) ?? error;
      }
      const notified = await em.execute<unknown[]>(
        `with renewed as (
           update training_jobs set ${set.map(([column]) => `${column} = ?`).join(', ')}
           where id = ? and status = 'running' and worker_id = ? returning *),
         ${reportStatementTail}`,
        [...set.map(([, value]) => value), jobId, workerId, ...reportStatementParams(workerId, rows, sizes)],
      );
      if (notified.length === 0) {
        throw (await refused()) ?? new WorkerProtocolError(409, 'lease_lost', `Training job ${jobId} changed hands while reporting; claim it again.`);
      }
      return { stored: rows.length };
    },

    checkpointUploadUrls(jobId: string, workerId: string, names: string[]) {
      return withLease(em, jobId, workerId, async () =>
        Promise.all(
          names.map(async (name) => ({
            name,
            key: checkpointKey(jobId, name),
            uploadUrl: await internal.presignPut(checkpointKey(jobId, name), presignExpiresSeconds),
          })),
        ),
      );
    },

    complete(jobId: string, workerId: string, checkpoints: string[]) {
      return withLease(em, jobId, workerId, async (tx, job) => {
        await registerCheckpoints(tx, internal, jobId, checkpoints);
        job.progress = 100;
        job.epoch = Math.max(job.epoch, job.totalEpochs);
        job.etaSeconds = 0;
        move(tx, job, 'completed', { workerId });
        return { status: 'completed' as const };
      });
    },

    fail(jobId: string, workerId: string, reason: string) {
      return withLease(em, jobId, workerId, async (tx, job) => {
        job.errorMessage = reason.slice(0, 2000);
        job.etaSeconds = null;
        move(tx, job, 'failed', { workerId, reason: job.errorMessage });
        return { status: 'failed' as const };
      });
    },

    /** What a worker needs to run a claimed job: its spec and the snapshot's objects as presigned GET URLs. */
    async describeClaim(job: TrainingJobRecord): Promise<ClaimedJob> {
      const snapshot = job.datasetSnapshotId ? await em.findOne(DatasetSnapshot, { id: job.datasetSnapshotId }) : null;
      const manifest = snapshot ? await loadManifest(em, snapshot.id) : [];
      const objects = await Promise.all(
        manifest.map(async (o) => ({ key: o.key, sizeBytes: o.sizeBytes, etag: o.etag, url: await internal.presignGet(o.contentKey, presignExpiresSeconds) })),
      );
      return {
        id: job.id,
        name: job.name,
        framework: job.framework,
        task: job.task,
        model: job.model,
        config: job.config,
        totalEpochs: job.totalEpochs,
        attempt: job.attempts,
        leaseExpiresAt: job.leaseExpiresAt?.toISOString() ?? null,
        datasetId: job.datasetId ?? null,
        snapshot: snapshot ? { id: snapshot.id, objectCount: snapshot.objectCount, totalBytes: snapshot.totalBytes, objects } : null,
      };
    },
  };
}

export type WorkerService = ReturnType<typeof createWorkerService>;
