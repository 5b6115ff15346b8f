/**
 * Creating and retrying jobs (T2). Order: idempotency → project, and the caller is its owner or
 * member (User DB) → experiment of that project → the Labeler says the dataset exists and the
 * caller may read it, and it is labeled → the snapshot: the caller's newest one when it still
 * matches the dataset (checked recently, or listed again and equal), else a new manifest from a
 * listing, with a few missing contents copied now → ONE transaction writes the snapshot row, its
 * manifest and preparation, the job and its first event, then NOTIFY (delivered on commit). Any
 * failure before the commit leaves no job and no snapshot row. A larger copy starts after the
 * commit; the job is claimable once it finished (decisions.md #47).
 */
import { randomBytes } from 'node:crypto';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireUser, vouchedForDatasets } from '../../../lib/auth';
import { appError, badInput, conflict, notFound } from '../../../lib/errors';
import { displayNameProblem } from '../../../lib/shown-text';
import type { PlatformScope } from '../context';
import { requireExperimentOfProject } from '../project/experiment.service';
import { requireJobStarter } from '../project/project-access';
import { Project } from '../project/project.entity';
import { holdForNewJob, insertPreparation, latestSnapshotOf, preparationsOf } from '../snapshot/snapshot.copy';
import {
  committedContent,
  copyPending,
  insertSnapshot,
  listSnapshot,
  pendingCopies,
  SnapshotSourceChanged,
  type ListedSnapshot,
} from '../snapshot/snapshot.service';
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
export function createJobStarts({ em, user: caller, loaders, labeler, stores, onSnapshotCopy }: PlatformScope) {
  const access = loaders.access;
  return { create, retry };

  async function create(input: CreateTrainingJobInput): Promise<TrainingJobRecord> {
    const user = requireUser(caller);
    const name = input.name.trim();
    const fields: Record<string, string> = {};
    const aboutName = displayNameProblem(name, 200);
    if (aboutName) fields.name = aboutName;
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
    // Platform admins read every dataset (the datasets subgraph shows them as ADMIN of each): not asked.
    // The caller's newest snapshot of it is read meanwhile (our own database; only used once the Labeler said yes).
    const [dataset, permission, latest] = await Promise.all([
      labeler.getDataset(input.datasetId),
      vouchedForDatasets(user) ? { has_access: true } : labeler.getPermission(input.datasetId, user.id),
      latestSnapshotOf(em, input.datasetId, user.id, stores.reuseSeconds),
    ]);
    // A dataset the caller may not read is answered word for word like a missing one, as `Query.dataset` does.
    if (!permission.has_access) throw notFound('Dataset', input.datasetId);
    // Before any object is copied: a dataset without labels has nothing to learn from.
    if (!dataset.labeled) {
      throw badInput(`Dataset "${dataset.name}" (${dataset.id}) is not labeled; label it in the Labeler before training on it.`, {
        datasetId: 'a labeled dataset',
      });
    }

    const datasetVersion = dataset.updated_at;
    // Checked against the bucket moments ago, same storage path and Labeler version: no listing (the common repeat).
    const fresh =
      latest !== null && latest.recent && latest.state !== 'failed' && latest.storagePath === dataset.storage_path && latest.datasetVersion === datasetVersion;
    let reuse: { snapshotId: string; verified: boolean } | null = fresh ? { snapshotId: latest.snapshotId, verified: false } : null;
    let listed: ListedSnapshot | null = null;
    if (!reuse) {
      listed = await listSnapshot(stores, dataset.id, dataset.storage_path);
      if (listed.objects.length === 0) throw badInput(`Dataset ${dataset.id} has no objects to train on.`, { datasetId: 'a dataset with objects to train on' });
      // Listed again and equal: the same objects, so the same snapshot (no new manifest).
      if (latest && latest.state !== 'failed' && latest.storagePath === listed.storagePath && latest.digest === listed.digest) {
        reuse = { snapshotId: latest.snapshotId, verified: true };
      }
    }

    let copyInBackground = false;
    let copiedNow = 0;
    let toCopy = 0;
    if (!reuse && listed) {
      const known = await committedContent(em, [...new Set(listed.objects.map((o) => o.contentKey))]);
      const pending = pendingCopies(listed.storagePath, listed.objects, known);
      toCopy = pending.length;
      if (pending.length <= stores.inlineCopyMax) {
        try {
          copiedNow = await copyPending(stores, pending);
        } catch (error) {
          if (error instanceof SnapshotSourceChanged) throw appError('SNAPSHOT_SOURCE_CHANGED', error.message, { key: error.key });
          throw error;
        }
      } else {
        copyInBackground = true;
      }
    }

    let job: TrainingJobRecord;
    try {
      job = await em.fork().transactional(async (tx) => {
        let snapshotId: string;
        if (reuse) {
          if (!(await holdForNewJob(tx, reuse.snapshotId, reuse.verified ? { datasetVersion } : undefined))) {
            throw appError('SNAPSHOT_SOURCE_CHANGED', `The dataset changed while its snapshot was copied; create the job again.`, {});
          }
          snapshotId = reuse.snapshotId;
        } else {
          const current = listed!;
          const snapshot = await insertSnapshot(
            tx,
            { datasetId: current.datasetId, objects: current.objects, totalBytes: current.totalBytes, copied: copiedNow },
            user.id,
          );
          await insertPreparation(tx, snapshot.id, current, { state: copyInBackground ? 'copying' : 'ready', objectsToCopy: toCopy, datasetVersion });
          snapshotId = snapshot.id;
        }
        const created = tx.create(TrainingJob, {
          id: newJobId(),
          project: project.id,
          ownerId: user.id,
          name,
          status: 'queued',
          datasetId: dataset.id,
          datasetSnapshotId: snapshotId,
          framework: spec.framework,
          task: spec.task,
          model: spec.model,
          config: spec.config,
          totalEpochs: Number(spec.config.epochs ?? 0),
          idempotencyKey: input.idempotencyKey ?? null,
          experimentId: input.experimentId ?? null,
        });
        tx.create(TrainingEvent, {
          job: created,
          kind: 'status',
          payload: {
            from: null,
            to: 'queued',
            by: user.id,
            snapshotId,
            copiedObjects: copiedNow,
            ...(copyInBackground ? { copyingObjects: toCopy } : {}),
            ...(reuse ? { reusedSnapshot: true } : {}),
          },
        });
        await tx.flush();
        await notifyTrainingJobUpdated(tx, created.id, { created: true });
        return created;
      });
    } catch (error) {
      // Two identical requests raced: the loser's transaction rolled back; answer with the winner's job.
      if (error instanceof UniqueConstraintViolationException) {
        const winner = await findByIdempotencyKey(em.fork(), user.id, input.idempotencyKey);
        if (winner) return winner;
      }
      throw error;
    }
    if (copyInBackground && job.datasetSnapshotId) {
      onSnapshotCopy(job.datasetSnapshotId);
    }
    return job;
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
      if (original.datasetSnapshotId && (await preparationsOf(tx, [original.datasetSnapshotId])).get(original.datasetSnapshotId)?.state === 'failed') {
        throw conflict(`Training job ${id} has a snapshot whose objects could not be copied; create a new job to snapshot the dataset again.`);
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
