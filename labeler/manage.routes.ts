/**
 * What a local Labeler needs so the platform works without the real one: create a dataset, upload
 * its files through presigned PUT URLs into `datasets/{id}/`, finalize it (recount from the bucket,
 * read class names, rebuild the archive), edit it, grant and revoke permissions, list its images.
 * An optional `acting_user_id` makes the Labeler check that user's level (write or admin) as well.
 */
import { randomBytes } from 'node:crypto';
import type pg from 'pg';
import { z } from 'zod';
import { PERMISSION_LEVELS, VISIBILITIES } from '../lib/labeler/contract';
import type { Storage } from '../lib/s3';
import { ANNOTATION_FILE, IMAGE_EXTENSION, boxesByImage, splitOf, statisticsOf } from './annotations';
import { listObjects, readObject } from './bucket';
import { finalizeObjects, type FinalizeLimits } from './finalize';
import { ARCHIVE_NAME, authorizedDataset, refused } from './dataset.routes';
import { objectPath } from './upload.routes';
import { findDataset, findGrant, grantPermission, insertDataset, isoSeconds, revokePermission, updateDataset } from './dataset.store';
import { badRequest, ok, reply, route, type ApiRequest, type ApiRoute } from './api-route';
import type { PeersOf } from './organizations';
import type { AnnotationFormat } from './sample-data';

const UPLOAD_URL_TTL_SECONDS = 3600;
const IMAGE_URL_TTL_SECONDS = 900;
const positiveInt = z.coerce.number().int().positive();
const tag = z.string().trim().min(1).max(64);
const className = z.string().trim().min(1).max(100);

const createBody = z.object({
  name: z.string().trim().min(1).max(200),
  description: z.string().max(5000).nullish(),
  format: z.enum(['coco', 'yolo', 'voc']),
  visibility: z.enum(VISIBILITIES).default('private'),
  owner_id: positiveInt,
  tags: z.array(tag).max(50).default([]),
  class_names: z.array(className).max(1000).default([]),
});
const patchBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    description: z.string().max(5000).nullable().optional(),
    visibility: z.enum(VISIBILITIES).optional(),
    tags: z.array(tag).max(50).optional(),
    acting_user_id: positiveInt.optional(),
  })
  .strict();
const uploadBody = z.object({
  files: z
    .array(z.object({ path: objectPath, content_type: z.string().min(1).max(100).default('application/octet-stream') }))
    .min(1)
    .max(1000),
  acting_user_id: positiveInt.optional(),
});
const actingBody = z.object({ acting_user_id: positiveInt.optional() });
const grantBody = z.object({ permission_level: z.enum(PERMISSION_LEVELS), acting_user_id: positiveInt.optional() });
const imagesQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(12),
  /** Contract extension: images to skip (by key order), for paging through all of them. */
  offset: z.coerce.number().int().min(0).max(10_000_000).default(0),
  /** Contract extension: `true` adds each image's boxes and split, and the dataset's statistics. */
  annotations: z.enum(['true', 'false']).default('false'),
  user_id: positiveInt.optional(),
});

const newId = () => `ds_${randomBytes(8).toString('hex')}`;
const actingOf = (req: ApiRequest): number | undefined => {
  const value = (req.body as { acting_user_id?: unknown } | undefined)?.acting_user_id ?? req.query.acting_user_id;
  const parsed = positiveInt.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

export function manageRoutes(deps: { db: pg.Pool; storage: Storage; limits: FinalizeLimits; peersOf: PeersOf }): ApiRoute[] {
  const { db, storage, limits, peersOf } = deps;

  const authorize = (req: ApiRequest, needed: 'read' | 'write' | 'admin', userId?: number) => authorizedDataset(db, req.params.id!, needed, userId, peersOf);

  return [
    route('POST', '/datasets', async (req) => {
      const parsed = createBody.safeParse(req.body ?? {});
      if (!parsed.success) return badRequest(parsed.error);
      const b = parsed.data;
      const id = newId();
      await insertDataset(db, {
        id,
        name: b.name,
        description: b.description ?? null,
        format: b.format,
        labeled: false,
        storage_type: 's3',
        storage_path: `datasets/${id}/`,
        visibility: b.visibility,
        owner_id: b.owner_id,
        num_classes: b.class_names.length,
        num_images: 0,
        class_names: b.class_names,
        tags: b.tags,
      });
      return reply(201, await findDataset(db, id), { Location: `/api/v1/datasets/${id}` });
    }),

    route('PATCH', '/datasets/:id', async (req) => {
      const parsed = patchBody.safeParse(req.body ?? {});
      if (!parsed.success) return badRequest(parsed.error);
      const { acting_user_id, ...changes } = parsed.data;
      const dataset = await authorize(req, 'admin', acting_user_id);
      if (refused(dataset)) return dataset;
      return ok(await updateDataset(db, dataset.id, changes));
    }),

    route('POST', '/datasets/:id/upload-urls', async (req) => {
      const parsed = uploadBody.safeParse(req.body ?? {});
      if (!parsed.success) return badRequest(parsed.error);
      const dataset = await authorize(req, 'write', parsed.data.acting_user_id);
      if (refused(dataset)) return dataset;
      const expiresAt = isoSeconds(new Date(Date.now() + UPLOAD_URL_TTL_SECONDS * 1000));
      const uploads = await Promise.all(
        parsed.data.files.map(async (f) => {
          const key = `${dataset.storage_path}${f.path}`;
          return { path: f.path, key, content_type: f.content_type, method: 'PUT', url: await storage.presignPut(key, UPLOAD_URL_TTL_SECONDS, f.content_type) };
        }),
      );
      return ok({ uploads, expires_at: expiresAt });
    }),

    route('POST', '/datasets/:id/finalize', async (req) => {
      const parsed = actingBody.safeParse(req.body ?? {});
      if (!parsed.success) return badRequest(parsed.error);
      const dataset = await authorize(req, 'write', parsed.data.acting_user_id);
      if (refused(dataset)) return dataset;
      const result = await finalizeObjects(storage, dataset, ARCHIVE_NAME, limits);
      const { summary } = result;
      const updated = await updateDataset(db, dataset.id, { labeled: summary.labeled, num_images: summary.numImages, class_names: summary.classNames });
      return ok({
        dataset: updated,
        summary: { num_images: summary.numImages, num_annotations: summary.numAnnotations, class_names: summary.classNames, labeled: summary.labeled },
        problems: result.problems,
        problems_truncated: result.problemsTruncated,
        archive: result.archive,
      });
    }),

    route('PUT', '/datasets/:id/permissions/:user_id', async (req) => {
      const grantee = positiveInt.safeParse(req.params.user_id);
      const parsed = grantBody.safeParse(req.body ?? {});
      if (!grantee.success) return badRequest('user_id must be a positive integer');
      if (!parsed.success) return badRequest(parsed.error);
      const dataset = await authorize(req, 'admin', parsed.data.acting_user_id);
      if (refused(dataset)) return dataset;
      await grantPermission(db, dataset.id, grantee.data, parsed.data.permission_level);
      const grant = await findGrant(db, dataset.id, grantee.data);
      return ok({ dataset_id: dataset.id, user_id: grantee.data, permission_level: grant!.permission_level, granted_at: grant!.granted_at });
    }),

    route('DELETE', '/datasets/:id/permissions/:user_id', async (req) => {
      const grantee = positiveInt.safeParse(req.params.user_id);
      if (!grantee.success) return badRequest('user_id must be a positive integer');
      const dataset = await authorize(req, 'admin', actingOf(req));
      if (refused(dataset)) return dataset;
      const revoked = await revokePermission(db, dataset.id, grantee.data);
      return ok({ dataset_id: dataset.id, user_id: grantee.data, revoked });
    }),

    route('GET', '/datasets/:id/images', async (req) => {
      const parsed = imagesQuery.safeParse(req.query);
      if (!parsed.success) return badRequest(parsed.error);
      const dataset = await authorize(req, 'read', parsed.data.user_id);
      if (refused(dataset)) return dataset;
      const prefix = dataset.storage_path;
      const objects = await listObjects(storage, prefix);
      const images = objects.filter((o) => IMAGE_EXTENSION.test(o.key));
      const { offset, limit } = parsed.data;
      const page = images.slice(offset, offset + limit);
      const listed = await Promise.all(
        page.map(async (o) => ({ key: o.key, url: await storage.presignGet(o.key, IMAGE_URL_TTL_SECONDS), size_bytes: o.size })),
      );
      const expiresAt = isoSeconds(new Date(Date.now() + IMAGE_URL_TTL_SECONDS * 1000));
      if (parsed.data.annotations !== 'true') return ok({ images: listed, total: images.length, expires_at: expiresAt });
      // Boxes come from the annotation files as stored now (finalize summarises the same files).
      const annotationFiles = objects.filter((o) => ANNOTATION_FILE.test(o.key));
      const texts = new Map(
        await Promise.all(annotationFiles.map(async (o) => [o.key.slice(prefix.length), (await readObject(storage, o.key)).toString('utf8')] as const)),
      );
      const boxes = boxesByImage(
        dataset.format as AnnotationFormat,
        images.map((o) => o.key.slice(prefix.length)),
        texts,
        dataset.class_names,
      );
      const statistics = statisticsOf(boxes, dataset.class_names);
      return ok({
        images: listed.map((image) => {
          const path = image.key.slice(prefix.length);
          const list = boxes.get(path) ?? [];
          return {
            ...image,
            split: splitOf(path),
            annotations: list.map((b) => ({ class_name: b.className, x: b.x, y: b.y, width: b.width, height: b.height })),
          };
        }),
        total: images.length,
        expires_at: expiresAt,
        statistics: {
          num_annotations: statistics.numAnnotations,
          class_counts: statistics.classCounts.map((c) => ({ class_name: c.className, count: c.count })),
          split_counts: statistics.splitCounts,
        },
      });
    }),
  ];
}
