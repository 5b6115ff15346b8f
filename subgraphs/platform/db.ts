/** The Platform DB: one MikroORM instance per process, migrations from a fixed list (never schema sync). */
import { MikroORM, PostgreSqlDriver, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { migrationsList } from './migrations';
import { Project } from './project/project.entity';
import { TrainingEvent } from './training-job/training-event.entity';
import { TrainingJob } from './training-job/training-job.entity';
import { DatasetSnapshot } from './snapshot/snapshot.entity';
import { Experiment } from './project/experiment.entity';

export const platformEntities = [Project, TrainingJob, TrainingEvent, DatasetSnapshot, Experiment];

export type PlatformOrm = MikroORM;

export function platformOrmOptions(url: string): Options {
  return {
    driver: PostgreSqlDriver,
    clientUrl: url,
    entities: platformEntities,
    extensions: [Migrator],
    // The database is created by the stack (lib/infra/postgres); the ORM only connects to it.
    ensureDatabase: false,
    allowGlobalContext: false,
    debug: false,
    migrations: {
      migrationsList,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      // Applied migrations are reported through `migratePlatformDb`'s `log`, not the console.
      silent: true,
    },
  };
}

export async function createPlatformOrm(url: string): Promise<PlatformOrm> {
  return MikroORM.init(platformOrmOptions(url));
}

/** Apply pending migrations; a no-op when the database is current. `log` receives one line per applied migration. */
export async function migratePlatformDb(url: string, opts: { log?: (line: string) => void } = {}): Promise<void> {
  const orm = await createPlatformOrm(url);
  try {
    const applied = await orm.getMigrator().up();
    for (const migration of applied) opts.log?.(`[platform] applied migration ${migration.name}`);
  } finally {
    await orm.close(true);
  }
}
