/**
 * Test data the seed does not have. Guests only see their own jobs and the demo seed gives them
 * none, so the guest test adds a queued job owned by the guest, in this run's own database.
 */
import { createPlatformOrm } from '../../subgraphs/platform/db';
import { stableId } from '../../subgraphs/platform/seed';
import { TrainingJob } from '../../subgraphs/platform/training-job/training-job.entity';

export async function addQueuedJob(platformDbUrl: string, opts: { ownerId: string; datasetId: string | null; name: string }): Promise<string> {
  const orm = await createPlatformOrm(platformDbUrl);
  try {
    const em = orm.em.fork();
    const id = stableId('job', `e2e:${opts.name}`);
    em.create(TrainingJob, {
      id,
      project: stableId('prj', 'detection'),
      ownerId: opts.ownerId,
      name: opts.name,
      status: 'queued',
      totalEpochs: 10,
      datasetId: opts.datasetId,
    });
    await em.flush();
    return id;
  } finally {
    await orm.close(true);
  }
}
