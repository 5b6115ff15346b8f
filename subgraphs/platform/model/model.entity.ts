/**
 * The model registry (T6). A model belongs to a project and follows its membership rules; each
 * version is one completed training job, numbered per model, with its metrics at registration and
 * its lineage (job → snapshot → dataset). Exports and inference jobs are worker-protocol jobs on a
 * version: queued, leased to a worker that declared it can run them, then completed or failed.
 */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const Model = defineEntity({
  name: 'Model',
  tableName: 'models',
  properties: (p) => ({
    id: p.text().primary(),
    projectId: p.text(),
    name: p.text(),
    description: p.text().nullable(),
    createdBy: p.text(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
  }),
});
export type ModelRecord = InferEntity<typeof Model>;

export const ModelVersion = defineEntity({
  name: 'ModelVersion',
  tableName: 'model_versions',
  properties: (p) => ({
    id: p.text().primary(),
    modelId: p.text(),
    /** 1, 2, … per model, in registration order. */
    version: p.integer(),
    jobId: p.text(),
    datasetId: p.text().nullable(),
    datasetSnapshotId: p.text().nullable(),
    framework: p.text(),
    task: p.text(),
    /** The job's model (`softmax`, `yolov8n`, …). */
    architecture: p.text(),
    /** Final value of each metric series of the job at registration. */
    metrics: p.json<Record<string, number>>().default('{}'),
    description: p.text().nullable(),
    registeredBy: p.text(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
  }),
});
export type ModelVersionRecord = InferEntity<typeof ModelVersion>;

export const EXPORT_FORMATS = ['onnx', 'torchscript', 'tensorrt', 'coreml', 'tflite'] as const;
export type ExportFormatValue = (typeof EXPORT_FORMATS)[number];

export const MODEL_JOB_STATUSES = ['queued', 'running', 'completed', 'failed', 'cancelled'] as const;
export type ModelJobStatusValue = (typeof MODEL_JOB_STATUSES)[number];

export interface ExportOptions {
  /** ONNX opset. */
  opset?: number;
  precision?: 'fp32' | 'fp16' | 'int8';
  /** Input image side in pixels (square). */
  inputSize?: number;
}

export const ModelExport = defineEntity({
  name: 'ModelExport',
  tableName: 'model_exports',
  properties: (p) => ({
    id: p.text().primary(),
    modelVersionId: p.text(),
    format: p.enum([...EXPORT_FORMATS]),
    /** The version's framework: a worker runs the export when it declared both it and the format. */
    framework: p.text(),
    options: p.json<ExportOptions>().default('{}'),
    /** Object key of the exported file in the internal bucket, once completed. */
    key: p.text().nullable(),
    sizeBytes: p.bigint('number').nullable(),
    sha256: p.text().nullable(),
    status: p.enum([...MODEL_JOB_STATUSES]).default('queued'),
    workerId: p.text().nullable(),
    leaseExpiresAt: p.datetime(3).nullable(),
    attempts: p.integer().default(0),
    progress: p.decimal('number').precision(5).scale(2).default(0),
    errorMessage: p.text().nullable(),
    createdBy: p.text(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
    updatedAt: p
      .datetime(3)
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    startedAt: p.datetime(3).nullable(),
    finishedAt: p.datetime(3).nullable(),
  }),
});
export type ModelExportRecord = InferEntity<typeof ModelExport>;

export const InferenceJob = defineEntity({
  name: 'InferenceJob',
  tableName: 'inference_jobs',
  properties: (p) => ({
    id: p.text().primary(),
    modelVersionId: p.text(),
    framework: p.text(),
    datasetSnapshotId: p.text(),
    /** Object key of the predictions (JSON) in the internal bucket, once completed. */
    resultKey: p.text().nullable(),
    resultSizeBytes: p.bigint('number').nullable(),
    predictionCount: p.integer().nullable(),
    status: p.enum([...MODEL_JOB_STATUSES]).default('queued'),
    workerId: p.text().nullable(),
    leaseExpiresAt: p.datetime(3).nullable(),
    attempts: p.integer().default(0),
    progress: p.decimal('number').precision(5).scale(2).default(0),
    errorMessage: p.text().nullable(),
    createdBy: p.text(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
    updatedAt: p
      .datetime(3)
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
    startedAt: p.datetime(3).nullable(),
    finishedAt: p.datetime(3).nullable(),
  }),
});
export type InferenceJobRecord = InferEntity<typeof InferenceJob>;
