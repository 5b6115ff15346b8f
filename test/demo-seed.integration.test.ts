/**
 * The demo seed (`npm start`, `npm run db:seed`) shows a history that really happened: after
 * seeding, no job is QUEUED or RUNNING without a worker holding its lease, every COMPLETED job
 * has one stored loss, accuracy and learning-rate point, one epoch log line and one system sample
 * per epoch it trained, plus its checkpoints; the cancelled run stopped where its owner cancelled
 * it. Seeding again trains nothing and changes nothing. Real PostgreSQL, S3, Labeler, platform
 * and reference trainer; nothing is mocked.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { createPlatformOrm, type PlatformOrm } from '../subgraphs/platform/db';
import { DEMO_RUNS } from '../scripts/stack/demo-runs';
import { migrateAll, seedAll } from '../scripts/stack/data';
import type { DatabaseUrls, StackSecrets } from '../scripts/stack/topology';
import { createTestBucket, createTestDatabase } from './harness/infra';
import type { StorageSettings } from '../lib/s3';

const SECRETS: StackSecrets = {
  jwtSecret: 'demo-seed-test-jwt-secret-0123456789',
  serviceKey: 'demo-seed-service-key-0123',
  workerToken: 'demo-seed-worker-token-0123',
};

let databases: DatabaseUrls;
let external: StorageSettings;
let internal: StorageSettings;
let orm: PlatformOrm;
const lines: string[] = [];

interface JobRow {
  id: string;
  name: string;
  status: string;
  epoch: number;
  total_epochs: number;
  attempts: number;
  worker_id: string | null;
  lease_expires_at: Date | null;
}

const jobs = () =>
  orm.em
    .fork()
    .getConnection()
    .execute<JobRow[]>('select id, name, status, epoch, total_epochs, attempts, worker_id, lease_expires_at from training_jobs order by name');
const count = async (sql: string, params: unknown[]) => Number((await orm.em.fork().getConnection().execute<Array<{ n: string }>>(sql, params))[0]!.n);

beforeAll(async () => {
  const [users, platform, labeler, ext, int] = await Promise.all([
    createTestDatabase('demo_users'),
    createTestDatabase('demo_platform'),
    createTestDatabase('demo_labeler'),
    createTestBucket('demo-datasets'),
    createTestBucket('demo-internal'),
  ]);
  databases = { users, platform, labeler };
  external = ext.settings;
  internal = int.settings;
  await migrateAll(databases, () => undefined);
  await seedAll(databases, external, { password: 'devpass', runs: { internal, secrets: SECRETS } }, (line) => void lines.push(line));
  orm = await createPlatformOrm(databases.platform);
}, 240_000);

afterAll(async () => {
  await orm?.close(true);
});

describe('the demo seed', () => {
  it('leaves no job queued or running without a worker holding it', async () => {
    const rows = await jobs();
    expect(rows.length).toBeGreaterThan(0);
    const pretending = rows.filter(
      (job) => ['queued', 'running'].includes(job.status) && !(job.worker_id && job.lease_expires_at && job.lease_expires_at.getTime() > Date.now()),
    );
    expect(pretending.map((job) => `${job.name} ${job.status}`)).toEqual([]);
    expect(rows.map((job) => job.name).sort()).toEqual(DEMO_RUNS.map((run) => run.name).sort());
  });

  it('stores the series of every completed run, one point, epoch line and sample per epoch, and its checkpoints', async () => {
    const completed = (await jobs()).filter((job) => job.status === 'completed');
    expect(completed.length).toBeGreaterThanOrEqual(3);
    for (const job of completed) {
      const run = DEMO_RUNS.find((r) => r.name === job.name)!;
      expect(job.total_epochs).toBe(run.config.epochs);
      expect(job.epoch).toBe(job.total_epochs);
      expect(job.attempts).toBe(1);
      for (const name of ['loss', 'accuracy', 'learning_rate']) {
        const points = await count(`select count(*) as n from training_events where job_id = ? and kind = 'metric' and payload->>'name' = ?`, [job.id, name]);
        expect({ job: job.name, name, points }).toEqual({ job: job.name, name, points: job.total_epochs });
      }
      const epochLines = await count(`select count(*) as n from training_events where job_id = ? and kind = 'log' and payload->>'message' like 'epoch %'`, [
        job.id,
      ]);
      expect({ job: job.name, epochLines }).toEqual({ job: job.name, epochLines: job.total_epochs });
      // One sample after reading the dataset, then one per epoch.
      const samples = await count(`select count(*) as n from training_events where job_id = ? and kind = 'system'`, [job.id]);
      expect({ job: job.name, samples }).toEqual({ job: job.name, samples: job.total_epochs + 1 });
      const checkpoints = await orm.em
        .fork()
        .getConnection()
        .execute<Array<{ name: string }>>('select name from checkpoints where job_id = ? order by name', [job.id]);
      expect(checkpoints.map((c) => c.name)).toContain('final.json');
    }
  });

  it('has the cancelled run stop where its owner cancelled it, with the epochs it trained stored', async () => {
    const cancelledRuns = DEMO_RUNS.filter((run) => run.cancelAfterEpoch !== undefined);
    expect(cancelledRuns.length).toBeGreaterThan(0);
    const rows = await jobs();
    for (const run of cancelledRuns) {
      const job = rows.find((row) => row.name === run.name)!;
      expect(job.status).toBe('cancelled');
      expect(job.epoch).toBeGreaterThanOrEqual(run.cancelAfterEpoch!);
      expect(job.epoch).toBeLessThan(job.total_epochs);
      const points = await count(`select count(*) as n from training_events where job_id = ? and kind = 'metric' and payload->>'name' = 'loss'`, [job.id]);
      expect(points).toBe(job.epoch);
    }
  });

  it('trains nothing and changes nothing when seeded again', async () => {
    const before = await jobs();
    const events = await count('select count(*) as n from training_events', []);
    await seedAll(databases, external, { password: 'devpass', runs: { internal, secrets: SECRETS } }, () => undefined);
    expect(await jobs()).toEqual(before);
    expect(await count('select count(*) as n from training_events', [])).toBe(events);
    process.stdout.write(`[measure] ${lines.join(' | ')}\n`);
  }, 120_000);
});
