/**
 * `npm run bench:orm`: what reading one page of training jobs costs the platform's process, the
 * read behind `trainingJobs(first: N)`: the same rows (owner filter, newest first, N + 1 rows) read
 * through MikroORM as the platform sets it up (lib/orm.ts), through MikroORM in its default flush
 * mode (`auto`, which defines an accessor per column on every loaded entity: decisions.md #73), and
 * through the `pg` driver alone (no ORM: the floor). CPU time of this process per read, in
 * interleaved rounds so that every reader sees the same minutes of a shared machine; one read at a
 * time, each on a fresh EntityManager fork like a request's.
 * Own throw-away PostgreSQL in a temp folder (the harness starts its S3 beside it; unused here). Settings: BENCH_READS (per reader per round, 1500),
 * BENCH_ROUNDS (8), BENCH_PAGE (5: the bench:gateway platform-only query's `first`).
 */
import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import { z } from 'zod';
import { parseEnv } from '../lib/env';
import { ormOptions } from '../lib/orm';
import { createTestDatabase } from '../test/harness/infra';
import { migratePlatformDb, platformEntities } from '../subgraphs/platform/db';
import { migrationsList } from '../subgraphs/platform/migrations';
import { TrainingJob } from '../subgraphs/platform/training-job/training-job.entity';
import { quietKnownWarnings } from './stack/output';
import { createBenchRun, exitWhenDone, say } from './bench-harness';

quietKnownWarnings();
const settings = parseEnv({
  BENCH_READS: z.coerce.number().int().min(1).max(100_000).default(1500),
  BENCH_ROUNDS: z.coerce.number().int().min(1).max(100).default(8),
  BENCH_PAGE: z.coerce.number().int().min(1).max(100).default(5),
});

const OWNER = 'bench-owner';

type Reader = { name: string; read: () => Promise<number> };

const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!;

async function main() {
  const run = createBenchRun('bench-orm');
  try {
    await run.startInfra();
    const url = await createTestDatabase('bench_orm');
    await migratePlatformDb(url);
    const pool = new pg.Pool({ connectionString: url, max: 2 });
    run.defer(() => pool.end());
    await pool.query(`insert into projects (id, name, owner_id) values ('bench-project', 'Bench', $1)`, [OWNER]);
    // Twice the page, so the read picks its rows by order and limit like a real list.
    for (let i = 0; i < settings.BENCH_PAGE * 2 + 2; i++) {
      await pool.query(
        `insert into training_jobs (id, project_id, owner_id, name, status, progress, config, created_at, updated_at)
         values ($1, 'bench-project', $2, $3, 'running', 42.5, '{"epochs": 10, "learningRate": 0.01}', now() - ($4 * interval '1 second'), now())`,
        [`bench-job-${i}`, OWNER, `Job ${i}`, i],
      );
    }

    const limit = settings.BENCH_PAGE + 1;
    const base = ormOptions({ url, entities: platformEntities, migrations: migrationsList });
    const ours = await MikroORM.init(base);
    const auto = await MikroORM.init({ ...base, flushMode: 'auto' });
    run.defer(() => Promise.all([ours.close(true), auto.close(true)]).then(() => undefined));
    const viaOrm = (orm: MikroORM) => async () => {
      const rows = await orm.em.fork().find(TrainingJob, { ownerId: OWNER }, { orderBy: { createdAt: 'desc', id: 'desc' }, limit });
      return rows.length;
    };
    const readers: Reader[] = [
      { name: `MikroORM, flushMode ${String(ours.config.get('flushMode'))} (the platform's)`, read: viaOrm(ours) },
      { name: 'MikroORM, flushMode auto (its default)', read: viaOrm(auto) },
      {
        name: 'pg driver alone',
        read: async () =>
          (await pool.query(`select * from training_jobs where owner_id = $1 order by created_at desc, id desc limit $2`, [OWNER, limit])).rowCount ?? 0,
      },
    ];
    for (const reader of readers) {
      const rows = await reader.read();
      if (rows !== limit) throw new Error(`${reader.name} read ${rows} rows, expected ${limit}`);
      for (let i = 0; i < 300; i++) await reader.read(); // warm-up
    }
    say(`${settings.BENCH_ROUNDS} rounds × ${settings.BENCH_READS} reads of a page of ${settings.BENCH_PAGE} jobs (${limit} rows) per reader, interleaved`);

    const cpu = new Map<string, number[]>(readers.map((r) => [r.name, []]));
    for (let round = 0; round < settings.BENCH_ROUNDS; round++) {
      // Each round starts with the next reader, so none always runs first.
      for (let k = 0; k < readers.length; k++) {
        const reader = readers[(round + k) % readers.length]!;
        const start = process.cpuUsage();
        for (let i = 0; i < settings.BENCH_READS; i++) await reader.read();
        const used = process.cpuUsage(start);
        cpu.get(reader.name)!.push((used.user + used.system) / 1000 / settings.BENCH_READS);
      }
    }

    const floor = median(cpu.get(readers[2]!.name)!);
    const width = Math.max(...readers.map((r) => r.name.length));
    for (const reader of readers) {
      const values = cpu.get(reader.name)!;
      const mid = median(values);
      const range = `${Math.min(...values).toFixed(3)}–${Math.max(...values).toFixed(3)}`;
      console.log(`  ${reader.name.padEnd(width)}  CPU ${mid.toFixed(3)} ms/read (rounds ${range})  ${(mid / floor).toFixed(2)}x the pg driver`);
    }
    const [oursMid, autoMid] = [median(cpu.get(readers[0]!.name)!), median(cpu.get(readers[1]!.name)!)];
    console.log(
      `page of ${settings.BENCH_PAGE} jobs: ${oursMid.toFixed(3)} ms CPU per read through the platform's MikroORM (${(oursMid / autoMid).toFixed(2)}x its default flush mode's ${autoMid.toFixed(3)} ms, ${(oursMid / floor).toFixed(2)}x the pg driver's ${floor.toFixed(3)} ms)`,
    );
  } finally {
    await run.cleanUp();
  }
}

exitWhenDone(main);
