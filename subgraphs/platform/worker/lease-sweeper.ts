/**
 * Expired leases (a worker died or lost its network): the job goes back to the queue with a
 * reason, or fails once it has been claimed `maxAttempts` times. Runs in every platform process;
 * `FOR UPDATE SKIP LOCKED` lets replicas sweep at once without touching the same job twice.
 */
import type { Logger } from '../../../lib/log';
import type { PlatformOrm } from '../db';
import { sweepExpiredModelJobs } from './model-jobs.service';
import { notifyTrainingJobUpdated } from '../training-job/training-job.events';

export async function sweepExpiredLeases(orm: PlatformOrm, maxAttempts: number): Promise<Array<{ id: string; status: string }>> {
  const em = orm.em.fork();
  return em.transactional(async (tx) => {
    const rows = await tx.execute<{ id: string; status: string; worker: string | null; attempts: number }[]>(
      `with expired as (
         select id, worker_id from training_jobs
         where status = 'running' and lease_expires_at < now()
         for update skip locked)
       update training_jobs j
          set status = case when j.attempts >= ? then 'failed' else 'queued' end,
              error_message = case when j.attempts >= ?
                then 'Worker ' || coalesce(expired.worker_id, 'unknown') || ' stopped reporting (lease expired) on attempt ' || j.attempts || ' of ' || ?::int || '; giving up.'
                else 'Worker ' || coalesce(expired.worker_id, 'unknown') || ' stopped reporting (lease expired); requeued for attempt ' || (j.attempts + 1) || '.' end,
              finished_at = case when j.attempts >= ? then now() else null end,
              worker_id = null, lease_expires_at = null, eta_seconds = null, updated_at = now()
         from expired where j.id = expired.id
       returning j.id, j.status, expired.worker_id as worker, j.attempts`,
      [maxAttempts, maxAttempts, maxAttempts, maxAttempts],
    );
    for (const row of rows) {
      await tx.execute(`insert into training_events (job_id, attempt, kind, payload) values (?, ?, 'status', ?::jsonb)`, [
        row.id,
        row.attempts,
        JSON.stringify({ from: 'running', to: row.status, reason: 'lease_expired', workerId: row.worker, attempt: row.attempts }),
      ]);
      await notifyTrainingJobUpdated(tx, row.id);
    }
    const models = await sweepExpiredModelJobs(tx, maxAttempts);
    return [...rows.map((row) => ({ id: row.id, status: row.status })), ...models];
  });
}

export function startLeaseSweeper(orm: PlatformOrm, opts: { intervalMs: number; maxAttempts: number; log: Logger }): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  const timer = setInterval(() => {
    running = sweepExpiredLeases(orm, opts.maxAttempts)
      .then((swept) => {
        for (const job of swept) opts.log.warn({ jobId: job.id, status: job.status }, 'lease expired: job moved back to the queue or failed');
      })
      .catch((err: unknown) => opts.log.error({ err }, 'lease sweep failed'));
  }, opts.intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
