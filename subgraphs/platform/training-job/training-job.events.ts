/**
 * The `training_job_updated` channel: payload `{ "jobId": "…" }`, plus `"created": true` when the
 * job was just created (ids only; readers re-read the row).
 * Any process that changes a job (this subgraph, a worker endpoint, another replica) notifies here.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { notifyStatement, type PgPubSub } from '../../../lib/pubsub';

export const TRAINING_JOB_UPDATED_CHANNEL = 'training_job_updated';

export interface TrainingJobUpdatedEvent {
  jobId: string;
  /** Set on the first event of a job (created or retried). */
  created?: boolean;
}

/** NOTIFY through `em`'s connection: inside a transaction it is delivered on commit, never on rollback. */
export async function notifyTrainingJobUpdated(em: EntityManager, jobId: string, opts: { created?: boolean } = {}): Promise<void> {
  const event: TrainingJobUpdatedEvent = opts.created ? { jobId, created: true } : { jobId };
  const { sql, params } = notifyStatement(TRAINING_JOB_UPDATED_CHANNEL, event);
  await em.execute(sql, params);
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
