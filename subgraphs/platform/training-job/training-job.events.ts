/**
 * The `training_job_updated` channel: payload `{ "jobId": "…", "revision": "…", "state": {…} }`, plus
 * `"created": true` when the job was just created. `revision` names the `training_job_revisions`
 * row written with the event: the job's own fields as the change left them, so that an event read
 * after later changes still shows its own state (training-job.revisions.ts). `state` is that row's
 * state, carried when it fits in NOTIFIED_STATE_MAX_BYTES (a long error message may not), so that
 * resolving the event needs no read of the revision.
 * Any process that changes a job (this subgraph, a worker endpoint, another replica) notifies here.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PgPubSub } from '../../../lib/pubsub';
import { REVISION_STATE_SQL, type RevisionCache } from './training-job.revisions';

export const TRAINING_JOB_UPDATED_CHANNEL = 'training_job_updated';

export interface TrainingJobUpdatedEvent {
  jobId: string;
  /** The job's state as of this event (absent on a resync after a listener reconnect: the current row). */
  revision?: string;
  /** Set on the first event of a job (created or retried). */
  created?: boolean;
  /** The revision's state (its `training_job_revisions.state`), when it fitted in the notification. */
  state?: Record<string, unknown>;
}

/** Largest revision state carried in a notification, in bytes of its JSON (PostgreSQL refuses a payload of 8000 bytes or more). */
export const NOTIFIED_STATE_MAX_BYTES = 4000;

/**
 * The end of every statement that records a job's state as a revision and NOTIFYs it: a `revision`
 * part reading the job's row from `source` (`training_jobs where id = ?`, or a preceding part that
 * returns the row as a change left it), then the `pg_notify`. Its one parameter, after those of
 * `source`: what else the payload carries, as JSON (`{}`, `{"created":true}`).
 */
export const revisionAndNotifySql = (source: string) => `revision as (
    insert into training_job_revisions (job_id, state) select id, ${REVISION_STATE_SQL} from ${source} returning id, job_id, state)
  select pg_notify('${TRAINING_JOB_UPDATED_CHANNEL}', (jsonb_build_object('jobId', job_id, 'revision', id::text)
    || case when octet_length(state::text) <= ${NOTIFIED_STATE_MAX_BYTES} then jsonb_build_object('state', state) else '{}'::jsonb end
    || ?::jsonb)::text) from revision`;

/**
 * Record the job's state as a revision and NOTIFY it, in one statement through `em`'s connection
 * (call it after flushing the change): inside a transaction both are delivered on commit, never on
 * rollback. `workerSeen`: the same statement marks that worker as heard from (the worker protocol's
 * other changes hold the job's row lock until commit, so each round trip saved there is one a report waits less).
 * A worker's events report writes its revision and NOTIFY in a single statement of its own (worker.service.ts `recordEvents`).
 */
export async function notifyTrainingJobUpdated(em: EntityManager, jobId: string, opts: { created?: boolean; workerSeen?: string } = {}): Promise<void> {
  const seen = opts.workerSeen ? 'seen as (update workers set last_seen_at = now() where id = ?),' : '';
  await em.execute(`with ${seen} ${revisionAndNotifySql('training_jobs where id = ?')}`, [
    ...(opts.workerSeen ? [opts.workerSeen] : []),
    jobId,
    JSON.stringify(opts.created ? { created: true } : {}),
  ]);
}

/**
 * Jobs created from now on, any project (callers filter by visibility). Creations notified while
 * the listener reconnects are not replayed: a list that must be complete re-reads its page.
 */
export function trainingJobCreations(pubsub: PgPubSub): Promise<AsyncIterableIterator<TrainingJobUpdatedEvent>> {
  return pubsub.subscribe<TrainingJobUpdatedEvent>(TRAINING_JOB_UPDATED_CHANNEL, { filter: (event) => event?.created === true });
}

/**
 * The events of `source` for which `keep` resolves true. `return()` goes straight to the source,
 * so an unsubscribe ends a subscriber that is waiting for the next event at once.
 */
export function filterEvents<T>(source: AsyncIterableIterator<T>, keep: (event: T) => Promise<boolean>): AsyncIterableIterator<T> {
  const iterator: AsyncIterableIterator<T> = {
    async next() {
      for (;;) {
        const result = await source.next();
        if (result.done || (await keep(result.value))) return result;
      }
    },
    return: (value?: unknown) => (source.return ? source.return(value) : Promise.resolve({ done: true, value: undefined })),
    throw: (error?: unknown) => (source.throw ? source.throw(error) : Promise.reject(error instanceof Error ? error : new Error(String(error)))),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** Events of one job. After a listener reconnect it emits once more, so the subscriber re-reads. */
export function trainingJobEvents(pubsub: PgPubSub, jobId: string): Promise<AsyncIterableIterator<TrainingJobUpdatedEvent>> {
  return pubsub.subscribe<TrainingJobUpdatedEvent>(TRAINING_JOB_UPDATED_CHANNEL, {
    filter: (event) => event?.jobId === jobId,
    onResync: () => ({ jobId }),
  });
}

/**
 * Keep the state of every event this process hears in `cache`, whoever subscribed here: the
 * gateway's query as of an event of its shared upstream may reach any replica, and then needs no
 * read of `training_job_revisions` (training-job.revisions.ts). Ends with the returned iterator.
 */
export async function rememberRevisionStates(pubsub: PgPubSub, cache: RevisionCache): Promise<AsyncIterableIterator<TrainingJobUpdatedEvent>> {
  const events = await pubsub.subscribe<TrainingJobUpdatedEvent>(TRAINING_JOB_UPDATED_CHANNEL);
  void (async () => {
    for await (const event of events) if (event?.revision && event.state) cache.remember(event.revision, { jobId: event.jobId, state: event.state });
  })();
  return events;
}
