/**
 * Resumable uploads straight into a dataset's folder (S3 multipart): the platform starts an upload
 * of one file, the browser PUTs each part to its presigned URL (no bytes pass the platform or the
 * Labeler), confirms each part's ETag, and completes. The Labeler records confirmed parts, so after
 * a dropped connection `GET …/uploads/{upload_id}` says which parts are stored and presigns the
 * rest. An optional `acting_user_id` (or `user_id` on GET) makes the Labeler check that user's
 * write access as well.
 */
import { randomBytes } from 'node:crypto';
import { AbortMultipartUploadCommand, CompleteMultipartUploadCommand, CreateMultipartUploadCommand, UploadPartCommand } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type pg from 'pg';
import { z } from 'zod';
import type { Storage } from '../lib/s3';
import { badRequest, ok, reply, route, type ApiRequest, type ApiRoute } from './api-route';
import { ARCHIVE_NAME, authorizedDataset, refused } from './dataset.routes';
import { invalidField } from './errors';
import { isoSeconds } from './dataset.store';

export interface UploadLimits {
  /** Largest file one upload may carry (LABELER_UPLOAD_MAX_BYTES). */
  maxBytes: number;
  /** Bytes per part except the last (LABELER_UPLOAD_PART_BYTES, at least S3's 5 MiB). */
  partBytes: number;
}

/** S3 allows at most 10 000 parts; the part size grows for files that would need more. */
const MAX_PARTS = 10_000;
const PART_URL_TTL_SECONDS = 3600;
const positiveInt = z.coerce.number().int().positive();

/** Relative, no `..`, at most 100 characters (the archive's ustar name field). */
export const objectPath = z
  .string()
  .max(100)
  .regex(/^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[\w.\-/ ]+$/, 'must be a relative path of letters, digits, _ . - / and spaces')
  .refine((p) => p !== ARCHIVE_NAME, `${ARCHIVE_NAME} is written by finalize`);

const startBody = z.object({
  path: objectPath,
  size_bytes: z.number().int().min(0),
  content_type: z.string().min(1).max(100).default('application/octet-stream'),
  acting_user_id: positiveInt.optional(),
});
const partBody = z.object({ etag: z.string().min(1).max(200), acting_user_id: positiveInt.optional() });
const actingBody = z.object({ acting_user_id: positiveInt.optional() });
const statusQuery = z.object({ user_id: positiveInt.optional() });

interface UploadRow {
  id: string;
  dataset_id: string;
  path: string;
  object_key: string;
  s3_upload_id: string;
  size_bytes: string;
  part_size: number;
  part_count: number;
  content_type: string;
  state: 'uploading' | 'completed';
}

export const uploadNotFound = (uploadId: string) => ({ error: 'upload_not_found', message: `Upload ${uploadId} does not exist`, upload_id: uploadId });

/** Part size for a file of `size` bytes: the configured size, or larger to stay within 10 000 parts. */
export function partSizeFor(size: number, partBytes: number): number {
  return Math.max(partBytes, Math.ceil(size / MAX_PARTS));
}

export function uploadRoutes(deps: { db: pg.Pool; storage: Storage; limits: UploadLimits }): ApiRoute[] {
  const { db, storage, limits } = deps;

  const presignPart = (row: UploadRow, partNumber: number) =>
    getSignedUrl(storage.client, new UploadPartCommand({ Bucket: storage.bucket, Key: row.object_key, UploadId: row.s3_upload_id, PartNumber: partNumber }), {
      expiresIn: PART_URL_TTL_SECONDS,
    });

  async function findUpload(datasetId: string, uploadId: string): Promise<UploadRow | null> {
    const { rows } = await db.query<UploadRow>('SELECT * FROM dataset_uploads WHERE id = $1 AND dataset_id = $2', [uploadId, datasetId]);
    return rows[0] ?? null;
  }

  async function recordedParts(uploadId: string): Promise<Array<{ part_number: number; etag: string }>> {
    const { rows } = await db.query<{ part_number: number; etag: string }>(
      'SELECT part_number, etag FROM dataset_upload_parts WHERE upload_id = $1 ORDER BY part_number',
      [uploadId],
    );
    return rows;
  }

  /** The upload as the API answers it: recorded parts, and presigned URLs for the parts still missing. */
  async function describe(row: UploadRow) {
    const parts = await recordedParts(row.id);
    const have = new Set(parts.map((p) => p.part_number));
    const missing = row.state === 'completed' ? [] : Array.from({ length: row.part_count }, (_, i) => i + 1).filter((n) => !have.has(n));
    return {
      upload_id: row.id,
      dataset_id: row.dataset_id,
      path: row.path,
      key: row.object_key,
      size_bytes: Number(row.size_bytes),
      content_type: row.content_type,
      part_size: row.part_size,
      part_count: row.part_count,
      state: row.state,
      parts,
      part_urls: await Promise.all(missing.map(async (n) => ({ part_number: n, url: await presignPart(row, n) }))),
      expires_at: isoSeconds(new Date(Date.now() + PART_URL_TTL_SECONDS * 1000)),
    };
  }

  const authorize = (req: ApiRequest, userId?: number) => authorizedDataset(db, req.params.id!, 'write', userId);

  return [
    route('POST', '/datasets/:id/uploads', async (req) => {
      const parsed = startBody.safeParse(req.body ?? {});
      if (!parsed.success) return badRequest(parsed.error);
      const b = parsed.data;
      if (b.size_bytes > limits.maxBytes)
        return reply(413, { error: 'file_too_large', message: `A file may have at most ${limits.maxBytes} bytes`, max_bytes: limits.maxBytes });
      const dataset = await authorize(req, b.acting_user_id);
      if (refused(dataset)) return dataset;
      const key = `${dataset.storage_path}${b.path}`;
      const created = await storage.client.send(new CreateMultipartUploadCommand({ Bucket: storage.bucket, Key: key, ContentType: b.content_type }));
      const partSize = partSizeFor(b.size_bytes, limits.partBytes);
      const partCount = Math.max(1, Math.ceil(b.size_bytes / partSize));
      const id = `up_${randomBytes(8).toString('hex')}`;
      const { rows } = await db.query<UploadRow>(
        `INSERT INTO dataset_uploads (id, dataset_id, path, object_key, s3_upload_id, size_bytes, part_size, part_count, content_type, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [id, dataset.id, b.path, key, created.UploadId!, b.size_bytes, partSize, partCount, b.content_type, b.acting_user_id ?? null],
      );
      return reply(201, await describe(rows[0]!));
    }),

    route('GET', '/datasets/:id/uploads/:upload_id', async (req) => {
      const parsed = statusQuery.safeParse(req.query);
      if (!parsed.success) return badRequest(parsed.error);
      const dataset = await authorize(req, parsed.data.user_id);
      if (refused(dataset)) return dataset;
      const row = await findUpload(dataset.id, req.params.upload_id!);
      return row ? ok(await describe(row)) : reply(404, uploadNotFound(req.params.upload_id!));
    }),

    route('PUT', '/datasets/:id/uploads/:upload_id/parts/:part_number', async (req) => {
      const partNumber = positiveInt.safeParse(req.params.part_number);
      const parsed = partBody.safeParse(req.body ?? {});
      if (!partNumber.success) return badRequest('part_number must be a positive integer');
      if (!parsed.success) return badRequest(parsed.error);
      const dataset = await authorize(req, parsed.data.acting_user_id);
      if (refused(dataset)) return dataset;
      const row = await findUpload(dataset.id, req.params.upload_id!);
      if (!row) return reply(404, uploadNotFound(req.params.upload_id!));
      if (partNumber.data > row.part_count) return reply(400, invalidField('part_number', `between 1 and ${row.part_count} (the parts of this upload)`));
      if (row.state === 'completed') return reply(409, { error: 'upload_completed', message: 'The upload is already complete' });
      await db.query(
        `INSERT INTO dataset_upload_parts (upload_id, part_number, etag) VALUES ($1, $2, $3)
         ON CONFLICT (upload_id, part_number) DO UPDATE SET etag = EXCLUDED.etag, recorded_at = now()`,
        [row.id, partNumber.data, parsed.data.etag],
      );
      return ok({ upload_id: row.id, part_number: partNumber.data, etag: parsed.data.etag });
    }),

    route('POST', '/datasets/:id/uploads/:upload_id/complete', async (req) => {
      const parsed = actingBody.safeParse(req.body ?? {});
      if (!parsed.success) return badRequest(parsed.error);
      const dataset = await authorize(req, parsed.data.acting_user_id);
      if (refused(dataset)) return dataset;
      const row = await findUpload(dataset.id, req.params.upload_id!);
      if (!row) return reply(404, uploadNotFound(req.params.upload_id!));
      if (row.state === 'completed') return ok(await describe(row));
      const parts = await recordedParts(row.id);
      if (parts.length < row.part_count) {
        const have = new Set(parts.map((p) => p.part_number));
        const missing = Array.from({ length: row.part_count }, (_, i) => i + 1).filter((n) => !have.has(n));
        return reply(409, { error: 'upload_incomplete', message: `Parts ${missing.slice(0, 20).join(', ')} are not uploaded yet`, missing_parts: missing });
      }
      try {
        await storage.client.send(
          new CompleteMultipartUploadCommand({
            Bucket: storage.bucket,
            Key: row.object_key,
            UploadId: row.s3_upload_id,
            MultipartUpload: { Parts: parts.map((p) => ({ PartNumber: p.part_number, ETag: p.etag })) },
          }),
        );
      } catch (error) {
        // A wrong ETag or a part the bucket never stored: the client re-sends the parts it names.
        const name = (error as { name?: string }).name ?? 'error';
        if (/InvalidPart|EntityTooSmall|NoSuchUpload/.test(name))
          return reply(409, { error: 'upload_parts_rejected', message: `The bucket rejected the parts (${name}); upload them again` });
        throw error;
      }
      const { rows } = await db.query<UploadRow>(`UPDATE dataset_uploads SET state = 'completed', completed_at = now() WHERE id = $1 RETURNING *`, [row.id]);
      return ok(await describe(rows[0]!));
    }),

    route('DELETE', '/datasets/:id/uploads/:upload_id', async (req) => {
      const dataset = await authorize(req, positiveInt.safeParse(req.query.acting_user_id).data);
      if (refused(dataset)) return dataset;
      const row = await findUpload(dataset.id, req.params.upload_id!);
      if (!row) return reply(404, uploadNotFound(req.params.upload_id!));
      if (row.state === 'uploading')
        await storage.client
          .send(new AbortMultipartUploadCommand({ Bucket: storage.bucket, Key: row.object_key, UploadId: row.s3_upload_id }))
          .catch(() => undefined);
      await db.query('DELETE FROM dataset_uploads WHERE id = $1', [row.id]);
      return ok({ upload_id: row.id, deleted: true });
    }),
  ];
}
