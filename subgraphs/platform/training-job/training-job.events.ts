/**
 * The `training_job_updated` channel: payload `{ "jobId": "…" }` (ids only; readers re-read the row).
 * Any process that changes a job (this subgraph, a worker endpoint, another replica) notifies here.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { notifyStatement, type PgPubSub } from '../../../lib/pubsub';

export const TRAINING_JOB_UPDATED_CHANNEL = 'training_job_updated';

export interface TrainingJobUpdatedEvent {
  jobId: string;
}

/** NOTIFY through `em`'s connection: inside a transaction it is delivered on commit, never on rollback. */
export async function notifyTrainingJobUpdated(em: EntityManager, jobId: string): Promise<void> {
  const { sql, params } = notifyStatement(TRAINING_JOB_UPDATED_CHANNEL, { jobId } satisfies TrainingJobUpdatedEvent);
  await em.execute(sql, params);
}

/** Events of one job. After a listener reconnect it emits once more, so the subscriber re-reads. */
export function trainingJobEvents(pubsub: PgPubSub, jobId: string): Promise<AsyncIterableIterator<TrainingJobUpdatedEvent>> {
  return pubsub.subscribe<TrainingJobUpdatedEvent>(TRAINING_JOB_UPDATED_CHANNEL, {
    filter: (event) => event?.jobId === jobId,
    onResync: () => ({ jobId }),
  });
}
