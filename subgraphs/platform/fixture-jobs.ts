/**
 * Test fixtures of the Platform DB: jobs in every status (QUEUED and RUNNING ones with no worker
 * behind them, for tests of cancel, visibility and lists), on the demo projects of `seedPlatform`.
 * Used by the test harnesses only; the demo seed of `npm start` never writes them. Idempotent:
 * stable ids, existing rows are left as they are (a cancelled fixture stays cancelled).
 */
import type { Role } from '../../lib/auth';
import { createPlatformOrm } from './db';
import { hours, stableId, type SeedPlatformOptions } from './seed';
import { TrainingJob, type TrainingJobStatusValue } from './training-job/training-job.entity';

interface SeedJob {
  name: string;
  project: 'detection' | 'inspection';
  owner: Role;
  dataset: number | null;
  status: TrainingJobStatusValue;
  epoch: number;
  totalEpochs: number;
  hoursAgo: number;
  errorMessage?: string;
  config: Record<string, unknown>;
}

const JOBS: SeedJob[] = [
  {
    name: 'yolov8n-baseline',
    project: 'detection',
    owner: 'standard_engineer',
    dataset: 0,
    status: 'completed',
    epoch: 50,
    totalEpochs: 50,
    hoursAgo: 72,
    config: { framework: 'ultralytics', model: 'yolov8n', imgsz: 640, batch: 16 },
  },
  {
    name: 'yolov8s-augmented',
    project: 'detection',
    owner: 'standard_engineer',
    dataset: 1,
    status: 'running',
    epoch: 21,
    totalEpochs: 50,
    hoursAgo: 5,
    config: { framework: 'ultralytics', model: 'yolov8s', imgsz: 640, mosaic: true },
  },
  {
    name: 'rtdetr-finetune',
    project: 'detection',
    owner: 'standard_engineer',
    dataset: 2,
    status: 'queued',
    epoch: 0,
    totalEpochs: 30,
    hoursAgo: 1,
    config: { framework: 'ultralytics', model: 'rtdetr-l', imgsz: 640 },
  },
  {
    name: 'resnet50-defects',
    project: 'inspection',
    owner: 'advanced_engineer',
    dataset: 2,
    status: 'failed',
    epoch: 3,
    totalEpochs: 40,
    hoursAgo: 48,
    errorMessage: 'CUDA out of memory at epoch 4 (batch 64).',
    config: { framework: 'timm', model: 'resnet50', batch: 64 },
  },
  {
    name: 'efficientnet-b0-defects',
    project: 'inspection',
    owner: 'advanced_engineer',
    dataset: 0,
    status: 'queued',
    epoch: 0,
    totalEpochs: 40,
    hoursAgo: 2,
    config: { framework: 'timm', model: 'efficientnet_b0', batch: 32 },
  },
  {
    name: 'segformer-trial',
    project: 'inspection',
    owner: 'manager',
    dataset: 1,
    status: 'cancelled',
    epoch: 7,
    totalEpochs: 60,
    hoursAgo: 24,
    errorMessage: 'Cancelled by manager@example.com.',
    config: { framework: 'mmseg', model: 'segformer-b0' },
  },
  {
    name: 'yolov8m-night-shift',
    project: 'detection',
    owner: 'admin',
    dataset: 1,
    status: 'running',
    epoch: 4,
    totalEpochs: 20,
    hoursAgo: 3,
    config: { framework: 'ultralytics', model: 'yolov8m', imgsz: 960 },
  },
];

export async function seedFixtureJobs(url: string, opts: SeedPlatformOptions): Promise<void> {
  const orm = await createPlatformOrm(url);
  try {
    const em = orm.em.fork();
    const now = new Date();
    const projectIds = { detection: stableId('prj', 'detection'), inspection: stableId('prj', 'inspection') };
    await em.upsertMany(
      TrainingJob,
      JOBS.map((job) => {
        const datasetId = job.dataset === null || opts.datasetIds.length === 0 ? null : opts.datasetIds[job.dataset % opts.datasetIds.length]!;
        const createdAt = hours(job.hoursAgo, now);
        const startedAt = job.status !== 'queued' ? hours(job.hoursAgo - 0.1, now) : null;
        const finishedAt = ['completed', 'failed', 'cancelled'].includes(job.status) ? hours(Math.max(job.hoursAgo - 2, 0.5), now) : null;
        return {
          id: stableId('job', job.name),
          project: projectIds[job.project],
          ownerId: opts.userIds[job.owner],
          name: job.name,
          status: job.status,
          progress: job.status === 'completed' ? 100 : Math.round((job.epoch / job.totalEpochs) * 10_000) / 100,
          epoch: job.epoch,
          totalEpochs: job.totalEpochs,
          datasetId,
          datasetSnapshotId: datasetId ? stableId('snap', `${job.name}:${datasetId}`) : null,
          config: job.config,
          // Fixtures name frameworks the reference trainer does not run, so a test trainer leaves them alone.
          framework: String(job.config.framework ?? 'unknown'),
          model: String(job.config.model ?? 'unknown'),
          task: 'detection',
          errorMessage: job.errorMessage ?? null,
          createdAt,
          updatedAt: finishedAt ?? startedAt ?? createdAt,
          startedAt,
          finishedAt,
        };
      }),
      { onConflictFields: ['id'], onConflictAction: 'ignore' },
    );
  } finally {
    await orm.close(true);
  }
}
