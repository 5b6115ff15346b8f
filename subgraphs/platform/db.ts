/** The Platform DB on the shared ORM setup (lib/orm.ts): its entities and its migration list. */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../../lib/log';
import { createOrm, migrateDatabase } from '../../lib/orm';
import { migrationsList } from './migrations';
import { Project } from './project/project.entity';
import { TrainingEvent } from './training-job/training-event.entity';
import { TrainingJob } from './training-job/training-job.entity';
import { DatasetSnapshot } from './snapshot/snapshot.entity';
import { Experiment } from './project/experiment.entity';
import { InferenceJob, Model, ModelExport, ModelVersion } from './model/model.entity';

export const platformEntities = [Project, TrainingJob, TrainingEvent, DatasetSnapshot, Experiment, Model, ModelVersion, ModelExport, InferenceJob];

export type PlatformOrm = MikroORM;

const platformDb = (url: string) => ({ url, entities: platformEntities, migrations: migrationsList });

/** `log` receives the driver's warnings (and SQL at debug level). */
export function createPlatformOrm(url: string, opts: { log?: Logger } = {}): Promise<PlatformOrm> {
  return createOrm({ ...platformDb(url), ...opts });
}

/** Any constant; identifies "a Platform DB migration is running" among advisory locks. */
const MIGRATION_LOCK_KEY = 4_001_000_002;

/**
 * Apply pending migrations; a no-op when the database is current, and safe from several processes
 * at once. `log` receives one line per applied migration.
 */
export async function migratePlatformDb(url: string, opts: { log?: (line: string) => void } = {}): Promise<void> {
  for (const name of await migrateDatabase(platformDb(url), MIGRATION_LOCK_KEY)) opts.log?.(`[platform] applied migration ${name}`);
}
