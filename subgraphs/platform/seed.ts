/**
 * Demo data for the Platform DB: two projects and jobs in every status, owned by several users and
 * using several Labeler datasets. Idempotent: stable ids, existing rows are left as they are (a
 * job cancelled in the demo stays cancelled across restarts).
 */
import { createHash } from 'node:crypto';
import type { Role } from '../../lib/auth';
import { createPlatformOrm } from './db';
import { Project } from './project/project.entity';
import { TrainingJob, type TrainingJobStatusValue } from './training-job/training-job.entity';

export interface SeedPlatformOptions {
  userIds: Record<Role, string>;
  datasetIds: string[];
}

/** `prefix_` + 16 hex, derived from a name so every run produces the same id. */
export function stableId(prefix: string, name: string): string {
  return `${prefix}_${createHash('sha256').update(`vision-platform-seed:${prefix}:${name}`).digest('hex').slice(0, 16)}`;
}

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

const PROJECTS = {
  detection: { name: 'Warehouse object detection', description: 'Detect boxes, pallets and forklifts in warehouse cameras.', owner: 'manager' as Role },
  inspection: { name: 'Surface defect inspection', description: 'Find scratches and dents on metal parts.', owner: 'advanced_engineer' as Role },
};

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

/**
 * Who belongs to the demo projects besides their owners, for the User DB's `project_members`
 * (the platform never writes that table; `seedProjectMembers` in the users seed does): engineers
 * may start jobs in the detection project, the guest may look at both.
 */
const MEMBERS: { project: keyof typeof PROJECTS; user: Role; role: 'owner' | 'member' | 'viewer' }[] = [
  { project: 'detection', user: 'standard_engineer', role: 'member' },
  { project: 'detection', user: 'advanced_engineer', role: 'member' },
  { project: 'detection', user: 'guest', role: 'viewer' },
  { project: 'inspection', user: 'guest', role: 'viewer' },
];

export function demoProjectMembers(userIds: Record<Role, string>): { projectId: string; userId: string; role: 'owner' | 'member' | 'viewer' }[] {
  return MEMBERS.map((m) => ({ projectId: stableId('prj', m.project), userId: userIds[m.user], role: m.role }));
}

const hours = (n: number, from: Date) => new Date(from.getTime() - n * 3_600_000);

export async function seedPlatform(url: string, opts: SeedPlatformOptions): Promise<void> {
  const orm = await createPlatformOrm(url);
  try {
    const em = orm.em.fork();
    const now = new Date();
    const projectIds = { detection: stableId('prj', 'detection'), inspection: stableId('prj', 'inspection') };
    await em.upsertMany(
      Project,
      Object.entries(PROJECTS).map(([key, project], index) => ({
        id: projectIds[key as keyof typeof PROJECTS],
        name: project.name,
        description: project.description,
        ownerId: opts.userIds[project.owner],
        createdAt: hours(96 - index, now),
      })),
      { onConflictFields: ['id'], onConflictAction: 'ignore' },
    );
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
          // Demo jobs name frameworks no local worker runs, so the reference trainer leaves them alone.
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
