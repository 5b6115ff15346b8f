/** Per-request (and, for subscriptions, per-event) DataLoaders; visibility rules apply inside them. */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthUser } from '../../lib/auth';
import { createExperimentLoaders, type ExperimentLoaders } from './project/experiment.service';
import { createProjectAccess, type MembershipStore, type ProjectAccess, type ProjectMemberRow } from './project/project-access';
import { loadVisibleProjects } from './project/project.service';
import type { ProjectRecord } from './project/project.entity';
import { createDatasetJobsLoader } from './training-job/training-job.batch';
import { createFinalMetricsLoader } from './training-job/training-job.reports';
import { asOfRevision, readRevision, type RevisionCache } from './training-job/training-job.revisions';
import { loadVisibleJobs } from './training-job/training-job.visibility';
import type { TrainingJobRecord } from './training-job/training-job.entity';
import { createModelLoaders, type ModelLoaders } from './model/model.service';
import { DatasetSnapshot, type DatasetSnapshotRecord } from './snapshot/snapshot.entity';

export interface PlatformLoaders {
  /** The caller's project roles (User DB memberships, read once per request). */
  access: ProjectAccess;
  datasetSnapshot: DataLoader<string, DatasetSnapshotRecord | null>;
  trainingJob: DataLoader<string, TrainingJobRecord | null>;
  project: DataLoader<string, ProjectRecord | null>;
  /** Members of projects already shown to the caller (no visibility rule of its own): one User DB query per request level. */
  projectMembers: DataLoader<string, ProjectMemberRow[]>;
  experiments: ExperimentLoaders;
  finalMetrics: ReturnType<typeof createFinalMetricsLoader>;
  datasetJobs: ReturnType<typeof createDatasetJobsLoader>;
  models: ModelLoaders;
}

/** `eventRevision`: the request resolves a subscription event; that job's own fields are read as of it (training-job.revisions.ts). */
export function createLoaders(
  em: EntityManager,
  user: AuthUser | null,
  memberships: MembershipStore,
  eventRevision?: string | null,
  revisions?: RevisionCache,
): PlatformLoaders {
  const access = createProjectAccess(memberships, user);
  const project = new DataLoader<string, ProjectRecord | null>((ids) => loadVisibleProjects(em, user, access, ids));
  return {
    access,
    // Snapshots are reached through a visible job, so no visibility rule of their own here.
    datasetSnapshot: new DataLoader(async (ids) => {
      const rows = await em.find(DatasetSnapshot, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    trainingJob: new DataLoader(async (ids) => {
      const [jobs, revision] = await Promise.all([loadVisibleJobs(em, user, access, ids), eventRevision ? readRevision(em, eventRevision, revisions) : null]);
      return revision ? jobs.map((job) => job && asOfRevision(job, revision)) : jobs;
    }),
    project,
    projectMembers: new DataLoader(async (ids) => {
      const members = await memberships.membersOf(ids);
      return ids.map((id) => members.get(id) ?? []);
    }),
    experiments: createExperimentLoaders(em, user, access, project),
    finalMetrics: createFinalMetricsLoader(em),
    datasetJobs: createDatasetJobsLoader(em, user, access),
    models: createModelLoaders(em, async (projectId) => !!(await project.load(projectId))),
  };
}
