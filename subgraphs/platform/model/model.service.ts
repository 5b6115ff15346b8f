/**
 * The model registry service of one request (T6): models of a project, their versions (each a
 * COMPLETED training job frozen with its final metrics and lineage), exports and batch inference
 * jobs. A model is visible exactly when its project is; registering, exporting and starting
 * inference take an owner or member of the project (viewers look). Exports and inference jobs are
 * queued here and run by workers through the worker protocol (worker/model-jobs.service.ts).
 */
import { randomBytes } from 'node:crypto';
import DataLoader from 'dataloader';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { requireUser } from '../../../lib/auth';
import { badInput, conflict, notFound } from '../../../lib/errors';
import { descriptionProblem } from '../../../lib/shown-text';
import type { PlatformScope } from '../context';
import { afterCursor, decodeCursor, pageSize, rowsAndCount, toPage, type ListOptions, type Page } from '../paging';
import { requireJobStarter } from '../project/project-access';
import { Project } from '../project/project.entity';
import { DESCRIPTION_MAX, visibleProjects } from '../project/project.service';
import { TrainingJob } from '../training-job/training-job.entity';
import { isJobVisible } from '../training-job/training-job.visibility';
import {
  EXPORT_FORMATS,
  InferenceJob,
  Model,
  ModelExport,
  ModelVersion,
  type ExportFormatValue,
  type ExportOptions,
  type InferenceJobRecord,
  type ModelExportRecord,
  type ModelRecord,
  type ModelVersionRecord,
} from './model.entity';

export type ModelPage = Page<ModelRecord>;

const newId = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;

export const MODEL_NAME = /^[A-Za-z0-9][\w .-]{0,119}$/;

/** The file name an export is downloaded under. */
export const EXPORT_EXTENSIONS: Record<ExportFormatValue, string> = {
  onnx: 'onnx',
  torchscript: 'torchscript.pt',
  tensorrt: 'engine',
  coreml: 'mlpackage.zip',
  tflite: 'tflite',
};

export interface ExportOptionsInput {
  opset?: number | null;
  precision?: string | null;
  inputSize?: number | null;
}

/** Options as stored: only those given, checked against their ranges (BAD_USER_INPUT naming each). */
export function exportOptionsOf(input: ExportOptionsInput | null | undefined): ExportOptions {
  const options: ExportOptions = {};
  const fields: Record<string, string> = {};
  if (input?.opset !== undefined && input.opset !== null) {
    if (!Number.isInteger(input.opset) || input.opset < 7 || input.opset > 21) fields['options.opset'] = 'between 7 and 21';
    else options.opset = input.opset;
  }
  if (input?.precision) {
    const precision = input.precision.toLowerCase();
    if (precision !== 'fp32' && precision !== 'fp16' && precision !== 'int8') fields['options.precision'] = 'one of FP32, FP16, INT8';
    else options.precision = precision;
  }
  if (input?.inputSize !== undefined && input.inputSize !== null) {
    if (!Number.isInteger(input.inputSize) || input.inputSize < 8 || input.inputSize > 4096) fields['options.inputSize'] = 'between 8 and 4096 pixels';
    else options.inputSize = input.inputSize;
  }
  if (Object.keys(fields).length > 0) throw badInput(`Invalid export options: ${Object.keys(fields).join(', ')}.`, fields);
  return options;
}

/** Capabilities a connected worker declared at its last claim. */
interface WorkerModelCapabilities {
  frameworks: string[];
  export_formats: string[];
  inference: boolean;
}

export function createModelLoaders(em: EntityManager, projectVisible: (projectId: string) => Promise<boolean>) {
  const byIds = <T extends { id: string }>(rows: T[], ids: readonly string[]) => {
    const map = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => map.get(id) ?? null);
  };
  const model = new DataLoader<string, ModelRecord | null>(async (ids) => {
    const rows = await em.find(Model, { id: { $in: [...ids] } });
    const visible = await Promise.all(rows.map(async (row) => ((await projectVisible(row.projectId)) ? row : null)));
    return byIds(
      visible.filter((row) => row !== null),
      ids,
    );
  });
  const version = new DataLoader<string, ModelVersionRecord | null>(async (ids) => {
    const rows = await em.find(ModelVersion, { id: { $in: [...ids] } });
    const visible = await Promise.all(rows.map(async (row) => ((await model.load(row.modelId)) ? row : null)));
    return byIds(
      visible.filter((row) => row !== null),
      ids,
    );
  });
  const grouped = <T>(rows: T[], ids: readonly string[], key: (row: T) => string) => {
    const map = new Map<string, T[]>(ids.map((id) => [id, []]));
    for (const row of rows) map.get(key(row))?.push(row);
    return ids.map((id) => map.get(id)!);
  };
  return {
    model,
    version,
    /** Per visible model: its versions, highest number first. */
    versionsOfModel: new DataLoader<string, ModelVersionRecord[]>(async (ids) =>
      grouped(await em.find(ModelVersion, { modelId: { $in: [...ids] } }, { orderBy: { version: 'desc' } }), ids, (row) => row.modelId),
    ),
    /** Per job already shown to the caller: the versions registered from it (of visible models). */
    versionsOfJob: new DataLoader<string, ModelVersionRecord[]>(async (ids) => {
      const rows = await em.find(ModelVersion, { jobId: { $in: [...ids] } }, { orderBy: { createdAt: 'desc' } });
      const visible = (await Promise.all(rows.map(async (row) => ((await model.load(row.modelId)) ? row : null)))).filter((row) => row !== null);
      return grouped(visible, ids, (row) => row.jobId);
    }),
    exportsOfVersion: new DataLoader<string, ModelExportRecord[]>(async (ids) =>
      grouped(
        await em.find(ModelExport, { modelVersionId: { $in: [...ids] } }, { orderBy: { createdAt: 'desc', id: 'desc' } }),
        ids,
        (row) => row.modelVersionId,
      ),
    ),
    inferenceOfVersion: new DataLoader<string, InferenceJobRecord[]>(async (ids) =>
      grouped(
        await em.find(InferenceJob, { modelVersionId: { $in: [...ids] } }, { orderBy: { createdAt: 'desc', id: 'desc' } }),
        ids,
        (row) => row.modelVersionId,
      ),
    ),
  };
}

export type ModelLoaders = ReturnType<typeof createModelLoaders>;

export function createModelService(scope: PlatformScope) {
  const { em, loaders, stores, presignExpiresSeconds } = scope;
  const models = loaders.models;
  let connected: Promise<WorkerModelCapabilities[]> | null = null;
  const workersConnected = () =>
    (connected ??= em.execute<WorkerModelCapabilities[]>(
      `select frameworks, export_formats, inference from workers where last_seen_at > now() - (? * interval '1 second')`,
      [scope.live.workerPresenceSeconds],
    ));

  /** The version (visible) and its project, with the caller checked as an owner or member. */
  async function requireVersionForChange(modelVersionId: string, action: string) {
    const version = await models.version.load(modelVersionId);
    if (!version) throw notFound('Model version', modelVersionId);
    const model = (await models.model.load(version.modelId))!;
    const project = (await loaders.project.load(model.projectId))!;
    await requireJobStarter(loaders.access, project, action);
    return { version, model, project };
  }

  return {
    byId: (id: string) => models.model.load(id),
    versionById: (id: string) => models.version.load(id),
    async exportById(id: string) {
      const row = await em.findOne(ModelExport, { id });
      return row && (await models.version.load(row.modelVersionId)) ? row : null;
    },
    async inferenceJobById(id: string) {
      const row = await em.findOne(InferenceJob, { id });
      return row && (await models.version.load(row.modelVersionId)) ? row : null;
    },
    async requireModel(id: string) {
      const model = await models.model.load(id);
      if (!model) throw notFound('Model', id);
      return model;
    },
    async requireVersion(id: string) {
      const version = await models.version.load(id);
      if (!version) throw notFound('Model version', id);
      return version;
    },
    versions: (modelId: string) => models.versionsOfModel.load(modelId),
    versionsOfJob: (jobId: string) => models.versionsOfJob.load(jobId),
    exports: (versionId: string) => models.exportsOfVersion.load(versionId),
    inferenceJobs: (versionId: string) => models.inferenceOfVersion.load(versionId),

    async list(args: { first?: number | null; after?: string | null; projectId?: string | null }, opts: ListOptions = { count: true }): Promise<ModelPage> {
      const user = requireUser(scope.user);
      const limit = pageSize(args.first);
      const cursor = args.after ? decodeCursor(args.after) : null;
      const projects = await em.find(Project, await visibleProjects(em, user, loaders.access), { fields: ['id'] });
      let projectIds = projects.map((project) => project.id);
      if (args.projectId) projectIds = projectIds.filter((id) => id === args.projectId);
      const where = { projectId: { $in: projectIds } };
      const [rows, totalCount] = await rowsAndCount(
        async () =>
          limit === 0 ? [] : em.find(Model, { $and: [where, afterCursor(cursor)] }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: limit + 1 }),
        () => em.count(Model, where),
        opts,
      );
      return toPage(rows, limit, totalCount);
    },

    /**
     * The job becomes the next version of the model named `modelName` in the job's project (the
     * model is created when the name is new). The version number is taken under a row lock on the
     * model, so two registrations at once get 1 and 2, never the same number.
     */
    async register(input: { jobId: string; modelName: string; description?: string | null }): Promise<ModelVersionRecord> {
      const user = requireUser(scope.user);
      const name = input.modelName.trim();
      const description = input.description?.trim() || null;
      const fields: Record<string, string> = {};
      if (!MODEL_NAME.test(name)) fields.modelName = '1 to 120 characters: letters, digits, space, _ . -, starting with a letter or digit';
      const aboutDescription = descriptionProblem(description, DESCRIPTION_MAX);
      if (aboutDescription) fields.description = aboutDescription;
      if (Object.keys(fields).length > 0)
        throw badInput(
          `Invalid model version: ${Object.entries(fields)
            .map(([k, v]) => `${k} (${v})`)
            .join('; ')}.`,
          fields,
        );
      const job = await em.findOne(TrainingJob, { id: input.jobId });
      if (!job || !(await isJobVisible(em, user, loaders.access, job))) throw notFound('Training job', input.jobId);
      const project = await loaders.project.load(job.project.id);
      if (!project) throw notFound('Training job', input.jobId);
      await requireJobStarter(loaders.access, project, 'register models');
      if (job.status !== 'completed') {
        throw conflict(`Training job ${job.id} is ${job.status.toUpperCase()}; only COMPLETED jobs can be registered as model versions.`);
      }
      const finals = await loaders.finalMetrics.load(job.id);
      const metrics = Object.fromEntries(finals.map((point) => [point.name, point.value]));
      try {
        return await em.transactional(async (tx) => {
          await tx.execute(
            `insert into models (id, project_id, name, description, created_by) values (?, ?, ?, null, ?) on conflict (project_id, name) do nothing`,
            [newId('mdl'), project.id, name, user.id],
          );
          const [model] = await tx.execute<{ id: string }[]>(`select id from models where project_id = ? and name = ? for update`, [project.id, name]);
          const existing = await tx.findOne(ModelVersion, { modelId: model!.id, jobId: job.id });
          if (existing) throw conflict(`Training job ${job.id} is already version ${existing.version} of model "${name}".`);
          const [{ next }] = (await tx.execute<{ next: number }[]>(`select coalesce(max(version), 0) + 1 as next from model_versions where model_id = ?`, [
            model!.id,
          ])) as [{ next: number }];
          const version = tx.create(ModelVersion, {
            id: newId('mv'),
            modelId: model!.id,
            version: Number(next),
            jobId: job.id,
            datasetId: job.datasetId ?? null,
            datasetSnapshotId: job.datasetSnapshotId ?? null,
            framework: job.framework,
            task: job.task,
            architecture: job.model,
            metrics,
            description,
            registeredBy: user.id,
          });
          await tx.flush();
          return version;
        });
      } catch (error) {
        if (error instanceof UniqueConstraintViolationException) throw conflict(`Model "${name}" changed at the same time; try again.`);
        throw error;
      }
    },

    async createExport(modelVersionId: string, format: string, optionsInput: ExportOptionsInput | null | undefined): Promise<ModelExportRecord> {
      const user = requireUser(scope.user);
      const value = format.toLowerCase() as ExportFormatValue;
      if (!EXPORT_FORMATS.includes(value)) throw badInput(`Unknown export format ${format}.`, { format: `one of ${EXPORT_FORMATS.join(', ')}` });
      const options = exportOptionsOf(optionsInput);
      const { version } = await requireVersionForChange(modelVersionId, 'export models');
      const row = em.create(ModelExport, {
        id: newId('mex'),
        modelVersionId: version.id,
        format: value,
        framework: version.framework,
        options,
        createdBy: user.id,
      });
      await em.flush();
      return row;
    },

    async createInferenceJob(modelVersionId: string, datasetSnapshotId: string | null | undefined): Promise<InferenceJobRecord> {
      const user = requireUser(scope.user);
      const { version } = await requireVersionForChange(modelVersionId, 'run inference');
      const snapshotId = datasetSnapshotId ?? version.datasetSnapshotId;
      if (!snapshotId) throw badInput(`Model version ${version.id} has no dataset snapshot; pass datasetSnapshotId.`, { datasetSnapshotId: 'required' });
      if (snapshotId !== version.datasetSnapshotId) {
        // Another snapshot: only one a training job visible to the caller was trained on (snapshots have no visibility of their own).
        const jobs = await em.find(TrainingJob, { datasetSnapshotId: snapshotId }, { limit: 50 });
        const seen = await Promise.all(jobs.map((job) => isJobVisible(em, user, loaders.access, job)));
        if (!seen.some(Boolean)) throw notFound('Dataset snapshot', snapshotId);
      }
      const row = em.create(InferenceJob, {
        id: newId('inf'),
        modelVersionId: version.id,
        framework: version.framework,
        datasetSnapshotId: snapshotId,
        createdBy: user.id,
      });
      await em.flush();
      return row;
    },

    /** Why a QUEUED export waits: no connected worker exports this framework to this format, or all that do are busy. */
    async exportQueueReason(row: ModelExportRecord): Promise<string | null> {
      if (row.status !== 'queued') return null;
      const format = row.format.toUpperCase();
      const capable = (await workersConnected()).filter((w) => w.frameworks.includes(row.framework) && w.export_formats.includes(row.format)).length;
      if (capable > 0) return `Waiting for a free worker that exports ${row.framework} models to ${format} (${capable} connected).`;
      return `Waiting for a worker that exports ${row.framework} models to ${format}.`;
    },

    async inferenceQueueReason(row: InferenceJobRecord): Promise<string | null> {
      if (row.status !== 'queued') return null;
      const capable = (await workersConnected()).filter((w) => w.frameworks.includes(row.framework) && w.inference).length;
      if (capable > 0) return `Waiting for a free worker that runs ${row.framework} inference (${capable} connected).`;
      return `Waiting for a worker that runs ${row.framework} inference.`;
    },

    fileName: async (row: ModelExportRecord) => {
      const version = await models.version.load(row.modelVersionId);
      const model = version ? await models.model.load(version.modelId) : null;
      const base = (model?.name ?? 'model').replace(/[^\w.-]+/g, '-');
      return `${base}-v${version?.version ?? 0}.${EXPORT_EXTENSIONS[row.format]}`;
    },
    downloadUrl: (key: string | null | undefined) => (key ? stores.internal.presignGet(key, presignExpiresSeconds) : null),
  };
}

export type ModelService = ReturnType<typeof createModelService>;
