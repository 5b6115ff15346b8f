/**
 * The mutable side of a snapshot (`snapshot_preparations`, decisions.md #47): whether its content
 * is copied yet, how far the copy got, why it failed, and when its manifest was last checked
 * against the bucket. The manifest itself never changes. A copy runs after the job's commit in the
 * process that created it, holding a lease it renews; a copy whose lease expired (its process
 * died) is taken over by `startSnapshotCopier` in any platform process.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../../../lib/log';
import { notifyTrainingJobUpdated } from '../training-job/training-job.events';
import {
  committedContent,
  copyPending,
  loadManifest,
  pendingCopies,
  SnapshotSourceChanged,
  type ListedSnapshot,
  type SnapshotStores,
} from './snapshot.service';

export type PreparationState = 'copying' | 'ready' | 'failed';

/** How long a running copy holds its snapshot without renewing; renewed every third of it. */
export const COPY_LEASE_SECONDS = 30;
/** Copy attempts (the first and any taken over after an error) before the snapshot fails. */
export const COPY_MAX_ATTEMPTS = 3;

export interface Preparation {
  snapshotId: string;
  state: PreparationState;
  objectsToCopy: number;
  objectsCopied: number;
  errorCode: string | null;
  errorMessage: string | null;
}

interface PreparationRow {
  snapshot_id: string;
  state: PreparationState;
  objects_to_copy: number;
  objects_copied: number;
  error_code: string | null;
  error_message: string | null;
}

const toPreparation = (row: PreparationRow): Preparation => ({
  snapshotId: row.snapshot_id,
  state: row.state,
  objectsToCopy: row.objects_to_copy,
  objectsCopied: row.objects_copied,
  errorCode: row.error_code,
  errorMessage: row.error_message,
});

/** Written in the job's transaction, beside the snapshot row. */
export async function insertPreparation(
  tx: EntityManager,
  snapshotId: string,
  listed: ListedSnapshot,
  opts: { state: 'copying' | 'ready'; objectsToCopy: number; datasetVersion: string | null },
): Promise<void> {
  await tx.execute(
    `insert into snapshot_preparations (snapshot_id, state, objects_to_copy, objects_copied, storage_path, listing_digest, dataset_version)
     values (?, ?, ?, ?, ?, ?, ?)`,
    [snapshotId, opts.state, opts.objectsToCopy, opts.state === 'ready' ? opts.objectsToCopy : 0, listed.storagePath, listed.digest, opts.datasetVersion],
  );
}

export async function preparationsOf(em: EntityManager, snapshotIds: readonly string[]): Promise<Map<string, Preparation>> {
  if (snapshotIds.length === 0) return new Map();
  const rows = await em.execute<PreparationRow[]>(
    `select snapshot_id, state, objects_to_copy, objects_copied, error_code, error_message
     from snapshot_preparations where snapshot_id in (select jsonb_array_elements_text(?::jsonb))`,
    [JSON.stringify(snapshotIds)],
  );
  return new Map(rows.map((row) => [row.snapshot_id, toPreparation(row)]));
}

export interface ReuseCandidate {
  snapshotId: string;
  state: PreparationState;
  storagePath: string;
  digest: string;
  datasetVersion: string | null;
  /** Checked against the bucket within `reuseSeconds`. */
  recent: boolean;
}

/** The caller's newest snapshot of the dataset that records its preparation (null when none). */
export async function latestSnapshotOf(em: EntityManager, datasetId: string, createdBy: string, reuseSeconds: number): Promise<ReuseCandidate | null> {
  const rows = await em.execute<
    { id: string; state: PreparationState; storage_path: string; listing_digest: string; dataset_version: string | null; recent: boolean }[]
  >(
    `select s.id, p.state, p.storage_path, p.listing_digest, p.dataset_version, p.verified_at > now() - (? * interval '1 second') as recent
     from dataset_snapshots s join snapshot_preparations p on p.snapshot_id = s.id
     where s.dataset_id = ? and s.created_by = ?
     order by s.created_at desc, s.id desc limit 1`,
    [reuseSeconds, datasetId, createdBy],
  );
  const row = rows[0];
  if (!row) return null;
  return {
    snapshotId: row.id,
    state: row.state,
    storagePath: row.storage_path,
    digest: row.listing_digest,
    datasetVersion: row.dataset_version,
    recent: row.recent,
  };
}

/**
 * Inside the job's transaction: the snapshot may take another job unless its copy failed. The row
 * lock makes a failing copy wait for this transaction, so it also fails the job written here.
 */
export async function holdForNewJob(tx: EntityManager, snapshotId: string, verified?: { datasetVersion: string | null }): Promise<boolean> {
  const rows = await tx.execute<{ state: PreparationState }[]>('select state from snapshot_preparations where snapshot_id = ? for share', [snapshotId]);
  if (rows[0]?.state === 'failed' || !rows[0]) return false;
  if (verified) {
    // Another `for share` holder may be here too; the update then waits for it (both commit).
    await tx.execute('update snapshot_preparations set verified_at = now(), dataset_version = ?, updated_at = now() where snapshot_id = ?', [
      verified.datasetVersion,
      snapshotId,
    ]);
  }
  return true;
}

/** Fail every queued job of the snapshot (their worker could never read it) and NOTIFY each. */
async function failSnapshot(em: EntityManager, snapshotId: string, code: string, message: string): Promise<string[]> {
  return em.transactional(async (tx) => {
    await tx.execute('select 1 from snapshot_preparations where snapshot_id = ? for update', [snapshotId]);
    await tx.execute(
      `update snapshot_preparations set state = 'failed', error_code = ?, error_message = ?, lease_expires_at = null, updated_at = now()
       where snapshot_id = ?`,
      [code, message, snapshotId],
    );
    const jobs = await tx.execute<{ id: string; attempts: number }[]>(
      `update training_jobs set status = 'failed', error_message = ?, finished_at = now(), eta_seconds = null, updated_at = now()
       where dataset_snapshot_id = ? and status = 'queued' returning id, attempts`,
      [message, snapshotId],
    );
    for (const job of jobs) {
      await tx.execute(`insert into training_events (job_id, attempt, kind, payload) values (?, ?, 'status', ?::jsonb)`, [
        job.id,
        job.attempts,
        JSON.stringify({ from: 'queued', to: 'failed', code, reason: message, snapshotId }),
      ]);
      await notifyTrainingJobUpdated(tx, job.id);
    }
    return jobs.map((job) => job.id);
  });
}

/** The copy is done: the snapshot's queued jobs become claimable (NOTIFY so their pages update). */
async function markReady(em: EntityManager, snapshotId: string): Promise<void> {
  await em.transactional(async (tx) => {
    await tx.execute(
      `update snapshot_preparations set state = 'ready', objects_copied = objects_to_copy, lease_expires_at = null, updated_at = now()
       where snapshot_id = ? and state = 'copying'`,
      [snapshotId],
    );
    const jobs = await tx.execute<{ id: string }[]>(`select id from training_jobs where dataset_snapshot_id = ? and status = 'queued'`, [snapshotId]);
    for (const job of jobs) await notifyTrainingJobUpdated(tx, job.id);
  });
}

export type CopyOutcome = 'ready' | 'failed' | 'retry' | 'taken';

/**
 * Copy the snapshot's missing content if nobody else holds it (lease), then mark it ready, or
 * failed with `SNAPSHOT_SOURCE_CHANGED` when a source object changed. Any other error leaves the
 * lease to expire so a sweep tries again, up to `COPY_MAX_ATTEMPTS` attempts.
 */
export async function runSnapshotCopy(em: EntityManager, stores: SnapshotStores, snapshotId: string, log?: Logger): Promise<CopyOutcome> {
  const taken = await em.execute<{ storage_path: string; copy_attempts: number }[]>(
    `update snapshot_preparations set lease_expires_at = now() + (? * interval '1 second'), copy_attempts = copy_attempts + 1, updated_at = now()
     where snapshot_id = ? and state = 'copying' and (lease_expires_at is null or lease_expires_at < now())
     returning storage_path, copy_attempts`,
    [COPY_LEASE_SECONDS, snapshotId],
  );
  const lease = taken[0];
  if (!lease) return 'taken';
  let copied = 0;
  let reported = 0;
  const renew = setInterval(
    () => {
      const progress = copied;
      em.execute(
        `update snapshot_preparations set lease_expires_at = now() + (? * interval '1 second'), objects_copied = greatest(objects_copied, ?), updated_at = now()
         where snapshot_id = ? and state = 'copying'`,
        [COPY_LEASE_SECONDS, progress, snapshotId],
      )
        .then(() => (reported = progress))
        .catch((err: unknown) => log?.warn({ err, snapshotId }, 'snapshot copy: could not renew its lease'));
    },
    (COPY_LEASE_SECONDS * 1000) / 3,
  );
  renew.unref();
  try {
    const manifest = await loadManifest(em, snapshotId);
    const known = await committedContent(em, [...new Set(manifest.map((o) => o.contentKey))]);
    const pending = pendingCopies(lease.storage_path, manifest, known);
    await copyPending(stores, pending, () => (copied += 1));
    clearInterval(renew);
    await markReady(em, snapshotId);
    log?.info({ snapshotId, copied, reported }, 'snapshot copy finished');
    return 'ready';
  } catch (error) {
    clearInterval(renew);
    if (error instanceof SnapshotSourceChanged) {
      const jobs = await failSnapshot(em, snapshotId, error.code, error.message);
      log?.warn({ snapshotId, key: error.key, jobs }, 'snapshot copy: a source object changed; the snapshot and its queued jobs failed');
      return 'failed';
    }
    if (lease.copy_attempts >= COPY_MAX_ATTEMPTS) {
      const jobs = await failSnapshot(
        em,
        snapshotId,
        'SNAPSHOT_COPY_FAILED',
        `The dataset's objects could not be copied into the snapshot after ${lease.copy_attempts} attempts; create the job again.`,
      );
      log?.error({ err: error, snapshotId, jobs }, 'snapshot copy failed for good');
      return 'failed';
    }
    // Let the lease lapse at once: the next sweep (this process or another) tries again.
    await em.execute(`update snapshot_preparations set lease_expires_at = now(), objects_copied = greatest(objects_copied, ?) where snapshot_id = ?`, [
      copied,
      snapshotId,
    ]);
    log?.warn({ err: error, snapshotId, attempt: lease.copy_attempts }, 'snapshot copy failed; it will be tried again');
    return 'retry';
  }
}

/** Copies whose process died or gave up for now (lease expired), oldest first. */
export async function copiesToResume(em: EntityManager, limit = 10): Promise<string[]> {
  const rows = await em.execute<{ snapshot_id: string }[]>(
    `select snapshot_id from snapshot_preparations
     where state = 'copying' and (lease_expires_at is null or lease_expires_at < now())
     order by updated_at limit ?`,
    [limit],
  );
  return rows.map((row) => row.snapshot_id);
}

/** Every `intervalMs`, take over copies nobody holds (one at a time per process). */
export function startSnapshotCopier(forkEm: () => EntityManager, stores: SnapshotStores, opts: { intervalMs: number; log: Logger }): { stop(): Promise<void> } {
  let running: Promise<unknown> = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    busy = true;
    running = (async () => {
      for (const snapshotId of await copiesToResume(forkEm())) await runSnapshotCopy(forkEm(), stores, snapshotId, opts.log);
    })()
      .catch((err: unknown) => opts.log.error({ err }, 'snapshot copy sweep failed'))
      .finally(() => (busy = false));
  }, opts.intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
