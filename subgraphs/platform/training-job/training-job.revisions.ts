/**
 * A job's own fields as of one of its events (`training_job_revisions`, written with each NOTIFY on
 * `training_job_updated`). Resolving an event reads the row as it is *then*, which may already hold
 * later reports; the revision the event carries puts back the fields as that event left them, so
 * every event shows its own status, progress and epoch, whatever order or delay it is resolved in.
 * Everything else (name, project, configuration, reports) is read as usual.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { TrainingJobRecord } from './training-job.entity';

/** The columns a revision keeps, as one jsonb value of a `training_jobs` row (the statement in training-job.events.ts). */
export const REVISION_STATE_SQL = `jsonb_build_object(
  'status', status, 'progress', progress, 'epoch', epoch, 'totalEpochs', total_epochs, 'etaSeconds', eta_seconds,
  'errorMessage', error_message, 'attempts', attempts, 'workerId', worker_id, 'leaseExpiresAt', lease_expires_at,
  'experimentId', experiment_id, 'updatedAt', updated_at, 'startedAt', started_at, 'finishedAt', finished_at)`;

/** How long revisions are kept: an event not resolved by then shows the job's current fields. */
export const REVISION_RETENTION_SECONDS = 600;

export interface JobRevision {
  jobId: string;
  state: Record<string, unknown>;
}

/** A revision id as sent by the gateway (digits only), or null. */
export function parseRevision(value: unknown): string | null {
  return typeof value === 'string' && /^\d{1,18}$/.test(value) ? value : null;
}

/**
 * Revisions whose state came with their notification (training-job.events.ts), kept by every
 * process that hears them (`rememberRevisionStates`) for the query that follows: the gateway resolves
 * each event of its shared upstream through a query as of the event's revision, which then needs no
 * read of `training_job_revisions`, whichever replica it reaches.
 * A revision row never changes, so a kept state is the row's; one not kept is read.
 */
export interface RevisionCache {
  remember(revision: string, value: JobRevision): void;
  get(revision: string): JobRevision | undefined;
  readonly size: number;
}

/** The last `max` revisions remembered (the oldest is dropped first). */
export function createRevisionCache(max = 1000): RevisionCache {
  const kept = new Map<string, JobRevision>();
  return {
    remember(revision, value) {
      if (kept.has(revision)) return;
      if (kept.size >= max) kept.delete(kept.keys().next().value!);
      kept.set(revision, value);
    },
    get: (revision) => kept.get(revision),
    get size() {
      return kept.size;
    },
  };
}

/** The revision's job and state: from `cache` when its notification brought it here, else from the database. */
export async function readRevision(em: EntityManager, revision: string, cache?: RevisionCache): Promise<JobRevision | null> {
  const known = cache?.get(revision);
  if (known) return known;
  const rows = await em.execute<{ job_id: string; state: Record<string, unknown> }[]>('select job_id, state from training_job_revisions where id = ?', [
    revision,
  ]);
  const row = rows[0];
  return row ? { jobId: row.job_id, state: row.state } : null;
}

const date = (value: unknown) => (typeof value === 'string' ? new Date(value) : null);

/** `job` with its own fields as of `revision` (a view: the managed entity itself is left as read). */
export function asOfRevision(job: TrainingJobRecord, revision: JobRevision | null): TrainingJobRecord {
  if (!revision || revision.jobId !== job.id) return job;
  const s = revision.state;
  const own: Partial<Record<keyof TrainingJobRecord, unknown>> = {
    status: s.status,
    progress: Number(s.progress),
    epoch: Number(s.epoch),
    totalEpochs: Number(s.totalEpochs),
    etaSeconds: s.etaSeconds === null || s.etaSeconds === undefined ? null : Number(s.etaSeconds),
    errorMessage: s.errorMessage ?? null,
    attempts: Number(s.attempts),
    workerId: s.workerId ?? null,
    leaseExpiresAt: date(s.leaseExpiresAt),
    experimentId: s.experimentId ?? null,
    updatedAt: date(s.updatedAt) ?? job.updatedAt,
    startedAt: date(s.startedAt),
    finishedAt: date(s.finishedAt),
  };
  return new Proxy(job, {
    get: (target, property) =>
      typeof property === 'string' && property in own ? own[property as keyof TrainingJobRecord] : Reflect.get(target, property, target),
  });
}

/** Drop revisions older than the retention (the lease sweeper calls it). */
export async function pruneRevisions(em: EntityManager): Promise<void> {
  await em.execute(`delete from training_job_revisions where created_at < now() - (? * interval '1 second')`, [REVISION_RETENTION_SECONDS]);
}
