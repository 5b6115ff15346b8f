/** Thin GraphQL layer over the model registry service (`ctx.models`): shape conversion only. */
import type { ExportFormat, ExportPrecision, ModelJobStatus, Resolvers } from '../__generated__/resolvers-types';
import { selectsField } from '../../../lib/lookahead';

const status = (row: { status: string }) => row.status.toUpperCase() as ModelJobStatus;
const user = (id: string) => ({ __typename: 'User' as const, id });

export const modelResolvers: Resolvers = {
  Query: {
    models: (_parent, args, ctx, info) => ctx.models.list(args, { count: selectsField(info, 'totalCount') }),
    model: (_parent, { id }, ctx) => ctx.models.byId(id),
    modelVersion: (_parent, { id }, ctx) => ctx.models.versionById(id),
    modelExport: (_parent, { id }, ctx) => ctx.models.exportById(id),
    inferenceJob: (_parent, { id }, ctx) => ctx.models.inferenceJobById(id),
  },
  Mutation: {
    registerModelVersion: (_parent, { input }, ctx) => ctx.models.register(input),
    createExport: (_parent, { modelVersionId, format, options }, ctx) => ctx.models.createExport(modelVersionId, format, options),
    createInferenceJob: (_parent, { modelVersionId, datasetSnapshotId }, ctx) => ctx.models.createInferenceJob(modelVersionId, datasetSnapshotId),
  },
  Model: {
    __resolveReference: (ref, ctx) => ctx.models.byId(ref.id),
    project: (model, _args, ctx) => ctx.projects.requireById(model.projectId),
    createdBy: (model) => user(model.createdBy),
    createdAt: (model) => model.createdAt.toISOString(),
    versions: (model, _args, ctx) => ctx.models.versions(model.id),
    latestVersion: async (model, _args, ctx) => (await ctx.models.versions(model.id))[0] ?? null,
    versionCount: async (model, _args, ctx) => (await ctx.models.versions(model.id)).length,
  },
  ModelVersion: {
    __resolveReference: (ref, ctx) => ctx.models.versionById(ref.id),
    model: (version, _args, ctx) => ctx.models.requireModel(version.modelId),
    job: (version, _args, ctx) => ctx.jobs.byId(version.jobId),
    datasetSnapshot: (version, _args, ctx) => (version.datasetSnapshotId ? ctx.snapshots.byId(version.datasetSnapshotId) : null),
    dataset: (version) => (version.datasetId ? { __typename: 'Dataset', id: version.datasetId } : null),
    metrics: (version) =>
      Object.entries(version.metrics ?? {})
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, value]) => ({ name, value: Number(value) })),
    artifacts: (version, _args, ctx) => ctx.jobs.checkpoints(version.jobId),
    exports: (version, _args, ctx) => ctx.models.exports(version.id),
    inferenceJobs: (version, _args, ctx) => ctx.models.inferenceJobs(version.id),
    registeredBy: (version) => user(version.registeredBy),
    createdAt: (version) => version.createdAt.toISOString(),
  },
  ModelExport: {
    __resolveReference: (ref, ctx) => ctx.models.exportById(ref.id),
    modelVersion: (row, _args, ctx) => ctx.models.requireVersion(row.modelVersionId),
    format: (row) => row.format.toUpperCase() as ExportFormat,
    options: (row) => ({
      opset: row.options?.opset ?? null,
      precision: (row.options?.precision?.toUpperCase() as ExportPrecision | undefined) ?? null,
      inputSize: row.options?.inputSize ?? null,
    }),
    status,
    queueReason: (row, _args, ctx) => ctx.models.exportQueueReason(row),
    progress: (row) => Number(row.progress),
    sizeBytes: (row) => (row.sizeBytes === null || row.sizeBytes === undefined ? null : Number(row.sizeBytes)),
    fileName: (row, _args, ctx) => ctx.models.fileName(row),
    downloadUrl: (row, _args, ctx) => (row.status === 'completed' ? ctx.models.downloadUrl(row.key) : null),
    createdBy: (row) => user(row.createdBy),
    createdAt: (row) => row.createdAt.toISOString(),
    startedAt: (row) => row.startedAt?.toISOString() ?? null,
    finishedAt: (row) => row.finishedAt?.toISOString() ?? null,
  },
  InferenceJob: {
    __resolveReference: (ref, ctx) => ctx.models.inferenceJobById(ref.id),
    modelVersion: (row, _args, ctx) => ctx.models.requireVersion(row.modelVersionId),
    datasetSnapshot: (row, _args, ctx) => ctx.snapshots.byId(row.datasetSnapshotId),
    status,
    queueReason: (row, _args, ctx) => ctx.models.inferenceQueueReason(row),
    progress: (row) => Number(row.progress),
    resultSizeBytes: (row) => (row.resultSizeBytes === null || row.resultSizeBytes === undefined ? null : Number(row.resultSizeBytes)),
    resultUrl: (row, _args, ctx) => (row.status === 'completed' ? ctx.models.downloadUrl(row.resultKey) : null),
    createdBy: (row) => user(row.createdBy),
    createdAt: (row) => row.createdAt.toISOString(),
    finishedAt: (row) => row.finishedAt?.toISOString() ?? null,
  },
};
