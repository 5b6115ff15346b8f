/** Per-request (and, for subscriptions, per-event) DataLoaders; visibility rules apply inside them. */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { AuthUser } from '../../lib/auth';
import { loadVisibleProjects } from './project/project.service';
import type { ProjectRecord } from './project/project.entity';
import { loadVisibleJobs } from './training-job/training-job.service';
import type { TrainingJobRecord } from './training-job/training-job.entity';

import { DatasetSnapshot, type DatasetSnapshotRecord } from './snapshot/snapshot.entity';

export interface PlatformLoaders {
  datasetSnapshot: DataLoader<string, DatasetSnapshotRecord | null>;
  trainingJob: DataLoader<string, TrainingJobRecord | null>;
  project: DataLoader<string, ProjectRecord | null>;
}

export function createLoaders(em: EntityManager, user: AuthUser | null): PlatformLoaders {
  return {
    // Snapshots are reached through a visible job, so no visibility rule of their own here.
    datasetSnapshot: new DataLoader(async (ids) => {
      const rows = await em.find(DatasetSnapshot, { id: { $in: [...ids] } });
      const byId = new Map(rows.map((row) => [row.id, row]));
      return ids.map((id) => byId.get(id) ?? null);
    }),
    trainingJob: new DataLoader((ids) => loadVisibleJobs(em, user, ids)),
    project: new DataLoader((ids) => loadVisibleProjects(em, user, ids)),
  };
}
