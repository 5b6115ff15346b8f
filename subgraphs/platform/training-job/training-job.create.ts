/**
 * Creating and retrying jobs (T2). Order: idempotency → project, and the caller is its owner or
 * member (User DB) → experiment of that project → the Labeler says the dataset exists and the
 * caller may read it, and it is labeled → snapshot objects copied (content-addressed, reusable) →
 * ONE transaction writes the snapshot row, its manifest, the job and its first event, then
 * NOTIFY (delivered on commit). Any failure before the commit leaves no job and no snapshot row.
 */
import { randomBytes } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireUser } from '../../../lib/auth';
import { badInput, conflict, forbidden, notFound } from '../../../lib/errors';
import type { PlatformScope } from '../context';
import { requireExperimentOfProject } from '../project/experiment.service';
import { requireJobStarter } from '../project/project-access';
import { Project } from '../project/project.entity';
import { committedContent, insertSnapshot, prepareSnapshot } from '../snapshot/snapshot.service';
import { TrainingEvent } from './training-event.entity';
import { notifyTrainingJobUpdated } from './training-job.events';
import { TrainingJob, type TrainingJobRecord } from './training-job.entity';
import { isJobVisible } from './training-job.visibility';
import { requireAdvancedRole, validateJobSpec } from './training-config';

export interface CreateTrainingJobInput {
  projectId: string;
  datasetId: string;
  name: string;
  framework?: string | null;
  task?: string | null;
  model?: string | null;
  config?: string | null;
  idempotencyKey?: string | null;
  experimentId?: string | null;
}

export const newJobId = () => `job_${randomBytes(8).toString('hex')}`;

async function findByIdempotencyKey(em: EntityManager, ownerId: string, key: string | null | undefined): Promise<TrainingJobRecord | null> {
  if (!key) return null;
  return em.findOne(TrainingJob, { ownerId, idempotencyKey: key }, { refresh: true });
}

/** The part of the training-job service that starts jobs (`createTrainingJobService` spreads it in). */
export function createJobStarts({ em, user: caller, loaders, labeler, stores }: PlatformScope) {
  const access = loaders.access;
  return { create, retry };

  async function create(input: CreateTrainingJobInput): Promise<TrainingJobRecord> {
    const user = requireUser(caller);
    const name = input.name.trim();
    const fields: Record<string, string> = {};
    if (name.length === 0 || name.length > 200) fields.name = '1 to 200 characters';
    if (input.idempotencyKey !== undefined && input.idempotencyKey !== null && !/^[\w.:-]{1,128}$/.test(input.idempotencyKey)) {
      fields.idempotencyKey = '1 to 128 letters, digits, _ . : -';
    }
    if (Object.keys(fields).length > 0) throw badInput('Invalid training job input.', fields);
    const spec = validateJobSpec(input);
    // By role alone, before anything is looked up: a standard engineer trains with the Basic options.
    requireAdvancedRole(user.role, spec.framework, spec.config);

    const existing = await findByIdempotencyKey(em, user.id, input.idempotencyKey);
    if (existing) return existing;

    const project = await em.findOne(Project, { id: input.projectId });
    if (!project) throw notFound('Project', input.projectId);
    // Before the Labeler call and before any object is copied: a refused caller costs nothing.
    await requireJobStarter(access, project, 'start training jobs in it');
    if (input.experimentId) await requireExperimentOfProject(em, input.experimentId, project.id);

    // Both calls 404 for a missing dataset; the permission answer is for the caller's own user id.
    const [dataset, permission] = await Promise.all([labeler.getDataset(input.datasetId), labeler.getPermission(input.datasetId, user.id)]);
    if (!permission.has_access) throw forbidden(`You may not read dataset ${input.datasetId}, so you cannot train on it.`);
    // Before any object is copied: a dataset without labels has nothing to learn from.
    if (!dataset.labeled) {
      throw badInput(`Dataset ${dataset.id} is not labeled; label it in the Labeler before training on it.`, { datasetId: 'unlabeled dataset' });
    }

    const prepared = await prepareSnapshot(stores, dataset.id, dataset.storage_path, (keys) => committedContent(em, keys));
    if (prepared.objects.length === 0) throw badInput(`Dataset ${dataset.id} has no objects to train on.`, { datasetId: 'empty dataset' });

    try {
      return await em.fork().transactional(async (tx) => {
        const snapshot = await insertSnapshot(tx, prepared, user.id);
        const job = tx.create(TrainingJob, {
          id: newJobId(),
          project: project.id,
          ownerId: user.id,
          name,
          status: 'queued',
          datasetId: dataset.id,
          datasetSnapshotId: snapshot.id,
          framework: spec.framework,
          task: spec.task,
          model: spec.model,
          config: spec.config,
          totalEpochs: Number(spec.config.epochs ?? 0),
          idempotencyKey: input.idempotencyKey ?? null,
          experimentId: input.experimentId ?? null,
        });
        tx.create(TrainingEvent, {
          job,
          kind: 'status',
          payload: { from: null, to: 'queued', by: user.id, snapshotId: snapshot.id, copiedObjects: prepared.copied },
        });
        await tx.flush();
        await notifyTrainingJobUpdated(tx, job.id, { created: true });
        return job;
      });
    } catch (error) {
      // Two identical requests raced: the loser's transaction rolled back; answer with the winner's job.
      if (error instanceof UniqueConstraintViolationException) {
        const winner = await findByIdempotencyKey(em.fork(), user.id, input.idempotencyKey);
        if (winner) return winner;
      }
      throw error;
    }
  }

  /** A new QUEUED job with the same project, dataset snapshot and configuration as a FAILED or CANCELLED one. */
  async function retry(id: string): Promise<TrainingJobRecord> {
    const user = requireUser(caller);
    return em.transactional(async (tx) => {
      const original = await tx.findOne(TrainingJob, { id });
      if (!original || !(await isJobVisible(tx, user, access, original))) throw notFound('Training job', id);
      // Seeing a job is not enough to start one: the same rules as creating apply.
      await requireJobStarter(access, await tx.findOneOrFail(Project, { id: original.project.id }), 'retry training jobs in it');
      requireAdvancedRole(user.role, original.framework, original.config as Record<string, unknown>);
      if (original.status !== 'failed' && original.status !== 'cancelled') {
        throw conflict(`Training job ${id} is ${original.status.toUpperCase()}; only FAILED or CANCELLED jobs can be retried.`);
      }
      const job = tx.create(TrainingJob, {
        id: newJobId(),
        project: original.project.id,
        ownerId: user.id,
        name: original.name,
        status: 'queued',
        datasetId: original.datasetId,
        // Same snapshot: the retry trains on exactly the same bytes (reproducibility).
        datasetSnapshotId: original.datasetSnapshotId,
        framework: original.framework,
        task: original.task,
        model: original.model,
        config: original.config,
        totalEpochs: original.totalEpochs,
        experimentId: original.experimentId,
        retryOf: original.id,
      });
      tx.create(TrainingEvent, { job, kind: 'status', payload: { from: null, to: 'queued', by: user.id, retryOf: original.id } });
      await tx.flush();
      await notifyTrainingJobUpdated(tx, job.id, { created: true });
      return job;
    });
  }
}
