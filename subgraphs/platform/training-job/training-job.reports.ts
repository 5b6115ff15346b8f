/**
 * Reading what workers reported (stored in `training_events` and `checkpoints`): metric series,
 * log lines (paged by event id, filtered by minimum level), resource samples and checkpoints.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '../../../lib/errors';
import type { PlatformScope } from '../context';
import { encodeEventCursor } from './training-job.streams';

export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARNING', 'ERROR'] as const;
export type LogLevelValue = (typeof LOG_LEVELS)[number];

interface EventRow<P> {
  id: string;
  payload: P;
  created_at: Date;
}

const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);
const int = (value: unknown): number | null => (num(value) === null ? null : Math.round(value as number));

type MetricPayload = { name: string; epoch?: number; step?: number; value: number };

const toMetricPoint = (row: EventRow<MetricPayload>) => ({
  cursor: encodeEventCursor(row.id),
  name: row.payload.name,
  epoch: int(row.payload.epoch),
  step: int(row.payload.step),
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

/**
 * The last reported value of each metric series, per job, sorted by name: one `distinct on` query
 * for every job of a request (a list of jobs, an experiment comparison).
 */
export function createFinalMetricsLoader(em: EntityManager) {
  return new DataLoader<string, MetricPointValue[]>(async (jobIds) => {
    const rows = await em.execute<(EventRow<MetricPayload> & { job_id: string })[]>(
      `select distinct on (job_id, payload->>'name') job_id, id, payload, created_at
       from training_events
       where job_id in (select jsonb_array_elements_text(?::jsonb)) and kind = 'metric'
       order by job_id, payload->>'name', id desc`,
      [JSON.stringify(jobIds)],
    );
    const byJob = new Map<string, MetricPointValue[]>(jobIds.map((id) => [id, []]));
    for (const row of rows) byJob.get(row.job_id)?.push(toMetricPoint(row));
    return jobIds.map((id) => byJob.get(id)!);
  });
}

/** The part of the training-job service that reads reports (`createTrainingJobService` spreads it in). */
export function createJobReports({ em, loaders, stores, presignExpiresSeconds }: PlatformScope) {
  return {
    finalMetrics: (jobId: string) => loaders.finalMetrics.load(jobId),

    async metrics(jobId: string, name?: string | null) {
      const rows = await em.execute<EventRow<MetricPayload>[]>(
        `select id, payload, created_at from training_events where job_id = ? and kind = 'metric'${name ? ` and payload->>'name' = ?` : ''} order by id`,
        name ? [jobId, name] : [jobId],
      );
      return rows.map(toMetricPoint);
    },

    async metricNames(jobId: string): Promise<string[]> {
      const rows = await em.execute<{ name: string }[]>(
        `select distinct payload->>'name' as name from training_events where job_id = ? and kind = 'metric' order by 1`,
        [jobId],
      );
      return rows.map((row) => row.name);
    },

    async logs(jobId: string, args: { first?: number | null; after?: string | null; level?: LogLevelValue | null }) {
      const first = args.first ?? 100;
      if (!Number.isInteger(first) || first < 0 || first > 1000) throw badInput('`first` must be between 0 and 1000.', { first: '0..1000' });
      if (args.after && !/^\d{1,18}$/.test(args.after)) throw badInput('`after` is not a cursor returned by this API.', { after: 'invalid cursor' });
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
      if (!Number.isInteger(last) || last < 0 || last > 1000) throw badInput('`last` must be between 0 and 1000.', { last: '0..1000' });
      const rows = await em.execute<EventRow<Record<string, unknown>>[]>(
        `select id, payload, created_at from training_events where job_id = ? and kind = 'system' order by id desc limit ?`,
        [jobId, last],
      );
      return rows.reverse().map(toSystemSample);
    },

    /** Stored metric points after row `afterId`, oldest first (delta streams). */
    async metricsAfter(jobId: string, afterId: string, limit: number) {
      const rows = await em.execute<EventRow<MetricPayload>[]>(
        `select id, payload, created_at from training_events where job_id = ? and kind = 'metric' and id > ? order by id limit ?`,
        [jobId, afterId, limit],
      );
      return { items: rows.map(toMetricPoint), lastId: rows.length > 0 ? String(rows[rows.length - 1]!.id) : null };
    },

    /** Stored log lines of `level` and above after row `afterId`, oldest first (delta streams). */
    async logsAfter(jobId: string, afterId: string, limit: number, level?: LogLevelValue | null) {
      const rows = await em.execute<EventRow<LogPayload>[]>(
        `select id, payload, created_at from training_events
         where job_id = ? and kind = 'log' and id > ? and payload->>'level' in (select jsonb_array_elements_text(?::jsonb))
         order by id limit ?`,
        [jobId, afterId, JSON.stringify(levelsFrom(level)), limit],
      );
      return { items: rows.map(toLogLine), lastId: rows.length > 0 ? String(rows[rows.length - 1]!.id) : null };
    },

    /** Stored resource samples after row `afterId`, oldest first (delta streams). */
    async systemAfter(jobId: string, afterId: string, limit: number) {
      const rows = await em.execute<EventRow<Record<string, unknown>>[]>(
        `select id, payload, created_at from training_events where job_id = ? and kind = 'system' and id > ? order by id limit ?`,
        [jobId, afterId, limit],
      );
      return { items: rows.map(toSystemSample), lastId: rows.length > 0 ? String(rows[rows.length - 1]!.id) : null };
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
