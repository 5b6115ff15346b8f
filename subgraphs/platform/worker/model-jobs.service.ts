/**
 * The worker protocol's side of exports and inference jobs (docs/worker-protocol.md). Both have the
 * training job's lifecycle (QUEUED → RUNNING → COMPLETED | FAILED, leased to one worker, requeued
 * when the lease expires) and are claimed through the same `/jobs/claim`: a worker that declared
 * `exportFormats` gets exports of its frameworks to those formats, one that declared
 * `inference: true` gets inference jobs of its frameworks. The worker uploads its one output file
 * through a presigned PUT; on completion the platform reads it back and records size and SHA-256.
 */
import { createHash } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Storage } from '../../../lib/s3';
import type { ClaimedExport, ClaimedInferenceJob, ClaimedModelVersion, ExportFormat } from '../../../lib/worker-protocol';
import { InferenceJob, Model, ModelExport, ModelVersion, type ModelExportRecord } from '../model/model.entity';
import { EXPORT_EXTENSIONS } from '../model/model.service';
import { DatasetSnapshot } from '../snapshot/snapshot.entity';
import { loadManifest } from '../snapshot/snapshot.service';
import { WorkerProtocolError } from './worker.service';

export type ModelJobKind = 'export' | 'inference';
const TABLE: Record<ModelJobKind, string> = { export: 'model_exports', inference: 'inference_jobs' };
const WHAT: Record<ModelJobKind, string> = { export: 'Export', inference: 'Inference job' };

export const exportKey = (row: Pick<ModelExportRecord, 'id' | 'format'>) => `exports/${row.id}/model.${EXPORT_EXTENSIONS[row.format]}`;
export const inferenceResultKey = (id: string) => `inference/${id}/predictions.json`;

interface ModelJobScope {
  em: EntityManager;
  internal: Storage;
  presignExpiresSeconds: number;
}

/** Bytes and SHA-256 of an object, streamed (an export can be hundreds of MB). */
async function digestOf(internal: Storage, key: string): Promise<{ size: number; sha256: string } | null> {
  try {
    const object = await internal.client.send(new GetObjectCommand({ Bucket: internal.bucket, Key: key }));
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of object.Body as AsyncIterable<Uint8Array>) {
      hash.update(chunk);
      size += chunk.length;
    }
    return { size, sha256: hash.digest('hex') };
  } catch {
    return null;
  }
}

export function createModelJobService({ em, internal, presignExpiresSeconds }: ModelJobScope) {
  /** Take the oldest queued row matching `condition` for this worker, atomically (`FOR UPDATE SKIP LOCKED`). */
  async function claimFrom(kind: ModelJobKind, condition: string, params: unknown[], workerId: string, leaseSeconds: number): Promise<string | null> {
    const table = TABLE[kind];
    const rows = await em.execute<{ id: string }[]>(
      `with next as (
         select id from ${table} where status = 'queued' and ${condition}
         order by created_at, id for update skip locked limit 1)
       update ${table} t
          set status = 'running', worker_id = ?, lease_expires_at = now() + (? * interval '1 second'), attempts = t.attempts + 1,
              started_at = coalesce(t.started_at, now()), updated_at = now(), error_message = null, progress = 0
         from next where t.id = next.id
       returning t.id`,
      [...params, workerId, leaseSeconds],
    );
    return rows[0]?.id ?? null;
  }

  /** Lock the row, check this worker holds its lease, run `fn`. */
  async function withLease<T>(kind: ModelJobKind, id: string, workerId: string, fn: (tx: EntityManager) => Promise<T>): Promise<T> {
    return em.transactional(async (tx) => {
      const [row] = await tx.execute<{ status: string; worker_id: string | null }[]>(`select status, worker_id from ${TABLE[kind]} where id = ? for update`, [
        id,
      ]);
      if (!row) throw new WorkerProtocolError(404, 'job_not_found', `${WHAT[kind]} ${id} does not exist.`);
      if (row.status !== 'running')
        throw new WorkerProtocolError(409, 'job_not_running', `${WHAT[kind]} ${id} is ${row.status}; stop working on it.`, { status: row.status });
      if (row.worker_id !== workerId) {
        throw new WorkerProtocolError(409, 'lease_lost', `${WHAT[kind]} ${id} is leased to another worker; stop working on it.`, { status: row.status });
      }
      const result = await fn(tx);
      await tx.execute('update workers set last_seen_at = now() where id = ?', [workerId]);
      return result;
    });
  }

  async function describeVersion(modelVersionId: string): Promise<ClaimedModelVersion> {
    const version = await em.findOneOrFail(ModelVersion, { id: modelVersionId });
    const model = await em.findOneOrFail(Model, { id: version.modelId });
    const files = await em.execute<{ name: string; key: string; size_bytes: string }[]>(
      'select name, key, size_bytes from checkpoints where job_id = ? order by created_at, name',
      [version.jobId],
    );
    return {
      id: version.id,
      modelName: model.name,
      version: version.version,
      jobId: version.jobId,
      framework: version.framework,
      task: version.task,
      architecture: version.architecture,
      artifacts: await Promise.all(
        files.map(async (file) => ({ name: file.name, sizeBytes: Number(file.size_bytes), url: await internal.presignGet(file.key, presignExpiresSeconds) })),
      ),
    };
  }

  return {
    claimExport(workerId: string, frameworks: string[], formats: ExportFormat[], leaseSeconds: number) {
      if (formats.length === 0) return Promise.resolve(null);
      return claimFrom(
        'export',
        'framework in (select jsonb_array_elements_text(?::jsonb)) and format in (select jsonb_array_elements_text(?::jsonb))',
        [JSON.stringify(frameworks), JSON.stringify(formats)],
        workerId,
        leaseSeconds,
      );
    },

    claimInference(workerId: string, frameworks: string[], leaseSeconds: number) {
      return claimFrom('inference', 'framework in (select jsonb_array_elements_text(?::jsonb))', [JSON.stringify(frameworks)], workerId, leaseSeconds);
    },

    async describeExport(id: string): Promise<ClaimedExport> {
      const row = await em.findOneOrFail(ModelExport, { id }, { refresh: true });
      return {
        id: row.id,
        format: row.format,
        options: row.options ?? {},
        attempt: row.attempts,
        leaseExpiresAt: row.leaseExpiresAt?.toISOString() ?? null,
        modelVersion: await describeVersion(row.modelVersionId),
      };
    },

    async describeInference(id: string): Promise<ClaimedInferenceJob> {
      const row = await em.findOneOrFail(InferenceJob, { id }, { refresh: true });
      const snapshot = await em.findOneOrFail(DatasetSnapshot, { id: row.datasetSnapshotId });
      const manifest = await loadManifest(em, snapshot.id);
      return {
        id: row.id,
        attempt: row.attempts,
        leaseExpiresAt: row.leaseExpiresAt?.toISOString() ?? null,
        modelVersion: await describeVersion(row.modelVersionId),
        snapshot: {
          id: snapshot.id,
          objectCount: snapshot.objectCount,
          totalBytes: snapshot.totalBytes,
          objects: await Promise.all(
            manifest.map(async (o) => ({
              key: o.key,
              sizeBytes: o.sizeBytes,
              etag: o.etag,
              url: await internal.presignGet(o.contentKey, presignExpiresSeconds),
            })),
          ),
        },
      };
    },

    heartbeat(kind: ModelJobKind, id: string, workerId: string, leaseSeconds: number, percent?: number) {
      return withLease(kind, id, workerId, async (tx) => {
        const [row] = await tx.execute<{ lease_expires_at: Date }[]>(
          `update ${TABLE[kind]} set lease_expires_at = now() + (? * interval '1 second'), updated_at = now()${percent === undefined ? '' : ', progress = ?'}
           where id = ? returning lease_expires_at`,
          percent === undefined ? [leaseSeconds, id] : [leaseSeconds, Math.round(percent * 100) / 100, id],
        );
        return { leaseExpiresAt: new Date(row!.lease_expires_at).toISOString() };
      });
    },

    uploadUrl(kind: ModelJobKind, id: string, workerId: string) {
      return withLease(kind, id, workerId, async (tx) => {
        let key: string;
        if (kind === 'export') key = exportKey(await tx.findOneOrFail(ModelExport, { id }));
        else key = inferenceResultKey(id);
        return { key, uploadUrl: await internal.presignPut(key, presignExpiresSeconds) };
      });
    },

    completeExport(id: string, workerId: string, sha256?: string) {
      return withLease('export', id, workerId, async (tx) => {
        const row = await tx.findOneOrFail(ModelExport, { id }, { refresh: true });
        const key = exportKey(row);
        const digest = await digestOf(internal, key);
        if (!digest) throw new WorkerProtocolError(400, 'file_missing', `The exported file was not uploaded (no object at ${key}).`);
        if (sha256 && sha256 !== digest.sha256) {
          throw new WorkerProtocolError(400, 'checksum_mismatch', `The uploaded file's SHA-256 is ${digest.sha256}, not ${sha256}; upload it again.`);
        }
        await tx.execute(
          `update model_exports set status = 'completed', key = ?, size_bytes = ?, sha256 = ?, progress = 100, worker_id = null, lease_expires_at = null,
             finished_at = now(), updated_at = now() where id = ?`,
          [key, digest.size, digest.sha256, id],
        );
        return { status: 'completed' as const, sizeBytes: digest.size, sha256: digest.sha256 };
      });
    },

    completeInference(id: string, workerId: string, predictionCount: number) {
      return withLease('inference', id, workerId, async (tx) => {
        const key = inferenceResultKey(id);
        const digest = await digestOf(internal, key);
        if (!digest) throw new WorkerProtocolError(400, 'file_missing', `The predictions were not uploaded (no object at ${key}).`);
        await tx.execute(
          `update inference_jobs set status = 'completed', result_key = ?, result_size_bytes = ?, prediction_count = ?, progress = 100, worker_id = null,
             lease_expires_at = null, finished_at = now(), updated_at = now() where id = ?`,
          [key, digest.size, predictionCount, id],
        );
        return { status: 'completed' as const, sizeBytes: digest.size };
      });
    },

    fail(kind: ModelJobKind, id: string, workerId: string, reason: string) {
      return withLease(kind, id, workerId, async (tx) => {
        await tx.execute(
          `update ${TABLE[kind]} set status = 'failed', error_message = ?, worker_id = null, lease_expires_at = null, finished_at = now(), updated_at = now() where id = ?`,
          [reason.slice(0, 2000), id],
        );
        return { status: 'failed' as const };
      });
    },
  };
}

/** Exports and inference jobs whose worker stopped heartbeating: back to the queue, or FAILED after `maxAttempts` claims. */
export async function sweepExpiredModelJobs(em: EntityManager, maxAttempts: number): Promise<Array<{ id: string; status: string }>> {
  const swept: Array<{ id: string; status: string }> = [];
  for (const table of Object.values(TABLE)) {
    const rows = await em.execute<{ id: string; status: string }[]>(
      `with expired as (select id, worker_id from ${table} where status = 'running' and lease_expires_at < now() for update skip locked)
       update ${table} t
          set status = case when t.attempts >= ? then 'failed' else 'queued' end,
              error_message = 'Worker ' || coalesce(expired.worker_id, 'unknown') || ' stopped reporting (lease expired)' ||
                case when t.attempts >= ? then '; giving up.' else '; requeued.' end,
              finished_at = case when t.attempts >= ? then now() else null end,
              worker_id = null, lease_expires_at = null, updated_at = now()
         from expired where t.id = expired.id
       returning t.id, t.status`,
      [maxAttempts, maxAttempts, maxAttempts],
    );
    swept.push(...rows);
  }
  return swept;
}

export type ModelJobService = ReturnType<typeof createModelJobService>;
