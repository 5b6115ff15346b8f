/**
 * Append-only log of what happened to a job (status changes for now; progress, metrics and logs
 * later). Rows are written in the same transaction as the change they describe, before NOTIFY.
 */
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { TrainingJob } from './training-job.entity';

export const TrainingEvent = defineEntity({
  name: 'TrainingEvent',
  tableName: 'training_events',
  properties: (p) => ({
    id: p.bigint('number').primary().autoincrement(),
    job: p.manyToOne(TrainingJob).ref(),
    /** The job's attempt (its `attempts` when written: 0 before the first claim); a requeued job's reports stay apart per attempt. */
    attempt: p.integer().default(0),
    kind: p.text(),
    payload: p.json<Record<string, unknown>>(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
  }),
});

export type TrainingEventRecord = InferEntity<typeof TrainingEvent>;
