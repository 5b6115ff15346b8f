/**
 * Reading what workers reported (stored in `training_events` and `checkpoints`): metric series,
 * log lines (paged by event id, filtered by minimum level), resource samples and checkpoints.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { invalidCursor, notFound, wholeNumberIn } from '../../../lib/errors';
import type { PlatformScope } from '../context';
import { CANCELLABLE_STATUSES, type TrainingJobStatusValue } from './training-job.entity';
import { encodeEventCursor } from './training-job.streams';

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR'] as const;
export type LogLevelValue = (typeof LOG_LEVELS)[number];

interface EventRow<P> {
  id: string;
  payload: P;
  created_at: Date;
}

type MetricRow = EventRow<MetricPayload> & { attempt: number };

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const int = (value: unknown): number | null => (num(value) === null ? null : Math.round(value as number));

type MetricPayload = { name: string; epoch?: number; step?: number; value: number };

const toMetricPoint = (row: MetricRow) => ({
  cursor: encodeEventCursor(row.id),
  name: row.payload.name,
  epoch: int(row.payload.epoch),
  step: int(row.payload.step),
  attempt: row.attempt,
  value: row.payload.value,
  at: new Date(row.created_at).toISOString(),
});

export type MetricPointValue = ReturnType<typeof toMetricPoint>;

type LogPayload = { level: LogLevelValue; message: string; time?: string };

const toLogLine = (row: EventRow<LogPayload>) => ({
  id: String(row.id),
  cursor: encodeEventCursor(row.id),
  level: row.payload.level,
  message: row.payload.message,
  time: row.payload.time ?? new Date(row.created_at).toISOString(),
});

export type LogLineValue = ReturnType<typeof toLogLine>;

const toSystemSample = (row: EventRow<Record<string, unknown>>) => ({
  cursor: encodeEventCursor(row.id),
  at: typeof row.payload.time === 'string' ? row.payload.time : new Date(row.created_at).toISOString(),
  cpuPercent: num(row.payload.cpuPercent),
  memoryBytes: num(row.payload.memoryBytes),
  gpuPercent: num(row.payload.gpuPercent),
  gpuMemoryBytes: num(row.payload.gpuMemoryBytes),
});

export type SystemSampleValue = ReturnType<typeof toSystemSample>;

/** `level` and above (all levels without one). */
const levelsFrom = (level: LogLevelValue | null | undefined) => (level ? LOG_LEVELS.slice(LOG_LEVELS.indexOf(level)) : LOG_LEVELS);

/** What a delta stream follows (training-job.streams.ts): a job's metric points, its log lines of `level` and above, or its resource samples. */
export type DeltaSource = { jobId: string } & ({ kind: 'metric' } | { kind: 'system' } | { kind: 'log'; level: LogLevelValue | null });

export type DeltaItem = MetricPointValue | LogLineValue | SystemSampleValue;

/** One read of a delta source: the job had ended (no row can follow), and the rows after the cursor with their ids. */
export interface DeltaRows {
  ended: boolean;
  rows: Array<{ id: bigint; item: DeltaItem }>;
}

type DeltaRow = MetricRow & { status: string; id: string | null };

/**
 * The stored rows of `source` after row `afterId`, oldest first, at most `limit`, and the job's state,
 * in one statement: one snapshot, so a job seen ended has all its rows in the answer. NOT_FOUND
 * when the job does not exist (who may see it is the caller's business).
 */
export async function deltaRowsAfter(em: EntityManager, source: DeltaSource, afterId: string, limit: number): Promise<DeltaRows> {
  const [levelFilter, levelParams] =
    source.kind === 'log' ? [` and payload->>'level' in (select jsonb_array_elements_text(?::jsonb))`, [JSON.stringify(levelsFrom(source.level))]] : ['', []];
  const rows = await em.execute<DeltaRow[]>(
    `select j.status, e.id, e.attempt, e.payload, e.created_at from training_jobs j
     left join lateral (
       select id, attempt, payload, created_at from training_events
       where job_id = j.id and kind = ? and id > ?${levelFilter} order by id limit ?
     ) e on true
     where j.id = ?`,
    [source.kind, afterId, ...levelParams, limit, source.jobId],
  );
  if (rows.length === 0) throw notFound('Training job', source.jobId);
  const toItem = (row: DeltaRow): DeltaItem =>
    source.kind === 'metric'
      ? toMetricPoint(row)
      : source.kind === 'log'
        ? toLogLine(row as unknown as EventRow<LogPayload>)
        : toSystemSample(row as unknown as EventRow<Record<string, unknown>>);
  return {
    ended: !CANCELLABLE_STATUSES.includes(rows[0]!.status as TrainingJobStatusValue),
    rows: rows.filter((row) => row.id !== null).map((row) => ({ id: BigInt(row.id!), item: toItem(row) })),
  };
}

/**
 * The last reported value of each metric series of each job's current attempt, sorted by name: one
 * `distinct on` query for every job of a request (a list of jobs, an experiment comparison).
 */
export function createFinalMetricsLoader(em: EntityManager) {
  return new DataLoader<string, MetricPointValue[]>(async (jobIds) => {
    const rows = await em.execute<(MetricRow & { job_id: string })[]>(
      `select distinct on (e.job_id, e.payload->>'name') e.job_id, e.id, e.attempt, e.payload, e.created_at
       from training_events e join training_jobs j on j.id = e.job_id and e.attempt = j.attempts
       where e.job_id in (select jsonb_array_elements_text(?::jsonb)) and e.kind = 'metric'
       order by e.job_id, e.payload->>'name', e.id desc`,
      [JSON.stringify(jobIds)],
    );
    const byJob = new Map<string, MetricPointValue[]>(jobIds.map((id) => [id, []]));
    for (const row of rows) byJob.get(row.job_id)?.push(toMetricPoint(row));
    return jobIds.map((id) => byJob.get(id)!);
  });
}

/** The attempt asked for (1..the job's `attempts`), or the job's current one. */
function attemptOf(job: { attempts: number }, asked: number | null | undefined): number {
  if (asked === null || asked === undefined) return job.attempts;
  return wholeNumberIn('attempt', asked, 1, Math.max(job.attempts, 1), "(the job's attempts)");
}

/** The part of the training-job service that reads reports (`createTrainingJobService` spreads it in). */
export function createJobReports({ em, loaders, stores, presignExpiresSeconds }: PlatformScope) {
  return {
    finalMetrics: (jobId: string) => loaders.finalMetrics.load(jobId),

    /** One attempt's points (`attempt`: the caller's choice, else the job's current attempt). */
    async metrics(job: { id: string; attempts: number }, args: { name?: string | null; attempt?: number | null }) {
      const attempt = attemptOf(job, args.attempt);
      const rows = await em.execute<MetricRow[]>(
        `select id, attempt, payload, created_at from training_events
         where job_id = ? and attempt = ? and kind = 'metric'${args.name ? ` and payload->>'name' = ?` : ''} order by id`,
        args.name ? [job.id, attempt, args.name] : [job.id, attempt],
      );
      return rows.map(toMetricPoint);
    },

    async metricNames(job: { id: string; attempts: number }, attempt?: number | null): Promise<string[]> {
      const rows = await em.execute<{ name: string }[]>(
        `select distinct payload->>'name' as name from training_events where job_id = ? and attempt = ? and kind = 'metric' order by 1`,
        [job.id, attemptOf(job, attempt)],
      );
      return rows.map((row) => row.name);
    },

    async logs(jobId: string, args: { first?: number | null; after?: string | null; level?: LogLevelValue | null }) {
      const first = wholeNumberIn('first', args.first ?? 100, 0, 1000);
      if (args.after && !/^\d{1,18}$/.test(args.after)) throw invalidCursor();
      const levels = levelsFrom(args.level);
      const rows = await em.execute<EventRow<LogPayload>[]>(
        `select id, payload, created_at from training_events
         where job_id = ? and kind = 'log' and id > ? and payload->>'level' in (select jsonb_array_elements_text(?::jsonb))
         order by id limit ?`,
        [jobId, args.after ?? '0', JSON.stringify(levels), first + 1],
      );
      const nodes = rows.slice(0, first).map(toLogLine);
      return { nodes, pageInfo: { hasNextPage: rows.length > first, endCursor: nodes[nodes.length - 1]?.id ?? args.after ?? null } };
    },

    async systemSamples(jobId: string, last: number) {
      wholeNumberIn('last', last, 0, 1000);
      const rows = await em.execute<EventRow<Record<string, unknown>>[]>(
        `select id, payload, created_at from training_events where job_id = ? and kind = 'system' order by id desc limit ?`,
        [jobId, last],
      );
      return rows.reverse().map(toSystemSample);
    },

    async checkpoints(jobId: string) {
      const rows = await em.execute<{ name: string; key: string; size_bytes: string; created_at: Date }[]>(
        'select name, key, size_bytes, created_at from checkpoints where job_id = ? order by created_at, name',
        [jobId],
      );
      return Promise.all(
        rows.map(async (row) => ({
          name: row.name,
          sizeBytes: Number(row.size_bytes),
          createdAt: new Date(row.created_at).toISOString(),
          downloadUrl: await stores.internal.presignGet(row.key, presignExpiresSeconds),
        })),
      );
    },
  };
}
