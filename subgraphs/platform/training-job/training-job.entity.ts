/**
 * A training job. `dataset_id` and `dataset_snapshot_id` are plain ids with no foreign key (T1):
 * datasets belong to the Labeler, and the platform never stores their metadata.
 */
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { Project } from '../project/project.entity';

export const TRAINING_JOB_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type TrainingJobStatusValue = (typeof TRAINING_JOB_STATUSES)[number];

/** Statuses a job can still leave by cancellation. */
export const CANCELLABLE_STATUSES: readonly TrainingJobStatusValue[] = ['queued', 'running'];

/**
 * The only status moves there are: QUEUED → RUNNING → COMPLETED | FAILED | CANCELLED, a queued job
 * may be cancelled, and a running job whose worker lost its lease goes back to the queue.
 */
export const LEGAL_MOVES: Record<TrainingJobStatusValue, readonly TrainingJobStatusValue[]> = {
  queued: ['running', 'cancelled', 'failed'],
  running: ['completed', 'failed', 'cancelled', 'queued'],
  completed: [],
  failed: [],
  cancelled: [],
};

export const isLegalMove = (from: TrainingJobStatusValue, to: TrainingJobStatusValue) => LEGAL_MOVES[from].includes(to);

export const TrainingJob = defineEntity({
  name: 'TrainingJob',
  tableName: 'training_jobs',
  properties: (p) => ({
    id: p.text().primary(),
    project: p.manyToOne(Project).ref(),
    ownerId: p.text(),
    name: p.text(),
    status: p.enum([...TRAINING_JOB_STATUSES]).default('queued'),
    progress: p.decimal('number').precision(5).scale(2).default(0),
    epoch: p.integer().default(0),
    totalEpochs: p.integer().default(0),
    datasetId: p.text().nullable(),
    datasetSnapshotId: p.text().nullable(),
    config: p.json<Record<string, unknown>>().default('{}'),
    framework: p.text().default('reference'),
    task: p.text().default('classification'),
    model: p.text().default('softmax'),
    experimentId: p.text().nullable(),
    /** Unique per owner: a retried create with the same key returns this job. */
    idempotencyKey: p.text().nullable(),
    /** The failed or cancelled job this one retries (same config, same snapshot). */
    retryOf: p.text().nullable(),
    workerId: p.text().nullable(),
    leaseExpiresAt: p.datetime(3).nullable(),
    attempts: p.integer().default(0),
    etaSeconds: p.integer().nullable(),
    errorMessage: p.text().nullable(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
    updatedAt: p
      .datetime(3)
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    startedAt: p.datetime(3).nullable(),
    finishedAt: p.datetime(3).nullable(),
  }),
});

export type TrainingJobRecord = InferEntity<typeof TrainingJob>;
