/**
 * What a local Labeler needs so the platform works without the real one: create a dataset, upload
 * its files through presigned PUT URLs into `datasets/{id}/`, finalize it (recount from the bucket,
 * read class names, rebuild the archive), edit it, grant and revoke permissions, list its images.
 * An optional `acting_user_id` makes the Labeler check that user's level (write or admin) as well.
 */
import { randomBytes } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { Router, type Request, type Response } from 'express';
import type pg from 'pg';
import { z } from 'zod';
import type { Storage } from '../lib/s3';
import { ANNOTATION_FILE, IMAGE_EXTENSION, summarize } from './annotations';
import { listObjects, readObject } from './bucket';
import { ARCHIVE_NAME } from './dataset.routes';
import {
  allows,
  findDataset,
  findDatasetFor,
  findGrant,
  grantPermission,
  insertDataset,
  isoSeconds,
  PERMISSION_LEVELS,
  revokePermission,
  updateDataset,
  VISIBILITIES,
  type DatasetJson,
} from './dataset.store';
import { datasetNotFound, invalidRequest, permissionDenied } from './errors';
import { tarGz, type AnnotationFormat } from './sample-data';

const UPLOAD_URL_TTL_SECONDS = 3600;
const IMAGE_URL_TTL_SECONDS = 900;
const positiveInt = z.coerce.number().int().positive();
const tag = z.string().trim().min(1).max(64);
const className = z.string().trim().min(1).max(100);
/** Relative, no `..`, at most 100 characters (the archive's ustar name field). */
const objectPath = z
  .string()
  .max(100)
  .regex(/^(?!\/)(?!.*(^|\/)\.\.?(\/|$))[\w.\-/ ]+$/, 'must be a relative path of letters, digits, _ . - / and spaces')
  .refine((p) => p !== ARCHIVE_NAME, `${ARCHIVE_NAME} is written by finalize`);

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
  files: z.array(z.object({ path: objectPath, content_type: z.string().min(1).max(100).default('application/octet-stream') })).min(1).max(1000),
  acting_user_id: positiveInt.optional(),
});
const actingBody = z.object({ acting_user_id: positiveInt.optional() });
const grantBody = z.object({ permission_level: z.enum(PERMISSION_LEVELS), acting_user_id: positiveInt.optional() });
const imagesQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(12), user_id: positiveInt.optional() });

const describe = (error: z.ZodError) => error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
const newId = () => `ds_${randomBytes(8).toString('hex')}`;
const actingOf = (req: Request): number | undefined => {
  const value = (req.body as { acting_user_id?: unknown } | undefined)?.acting_user_id ?? req.query.acting_user_id;
  const parsed = positiveInt.safeParse(value);
  return parsed.success ? parsed.data : undefined;
};

export function createManageRouter(deps: { db: pg.Pool; storage: Storage }): Router {
  const { db, storage } = deps;
  const router = Router();

  /** The dataset, after the acting user (when named) proved `needed`; otherwise the response is sent. */
  async function authorize(req: Request<{ id: string }>, res: Response, needed: 'read' | 'write' | 'admin', userId?: number): Promise<DatasetJson | null> {
    // With a user: the dataset and that user's level in one query.
    const found = await findDatasetFor(db, req.params.id, userId);
    if (!found) {
      res.status(404).json(datasetNotFound(req.params.id));
      return null;
    }
    if (found.permission && !allows(found.permission, needed)) {
      res.status(403).json(permissionDenied(needed));
      return null;
    }
    return found.dataset;
  }

  router.post('/datasets', async (req, res) => {
    const parsed = createBody.safeParse(req.body ?? {});
    if (!parsed.success) return void res.status(400).json(invalidRequest(describe(parsed.error)));
    const b = parsed.data;
    const id = newId();
    await insertDataset(db, {
      id, name: b.name, description: b.description ?? null, format: b.format, labeled: false, storage_type: 's3',
      storage_path: `datasets/${id}/`, visibility: b.visibility, owner_id: b.owner_id, num_classes: b.class_names.length,
      num_images: 0, class_names: b.class_names, tags: b.tags,
    });
    res.status(201).setHeader('Location', `/api/v1/datasets/${id}`).json(await findDataset(db, id));
  });

  router.patch('/datasets/:id', async (req, res) => {
    const parsed = patchBody.safeParse(req.body ?? {});
    if (!parsed.success) return void res.status(400).json(invalidRequest(describe(parsed.error)));
    const { acting_user_id, ...changes } = parsed.data;
    if (!(await authorize(req, res, 'admin', acting_user_id))) return;
    res.json(await updateDataset(db, req.params.id, changes));
  });

  router.post('/datasets/:id/upload-urls', async (req, res) => {
    const parsed = uploadBody.safeParse(req.body ?? {});
    if (!parsed.success) return void res.status(400).json(invalidRequest(describe(parsed.error)));
    const dataset = await authorize(req, res, 'write', parsed.data.acting_user_id);
    if (!dataset) return;
    const expiresAt = isoSeconds(new Date(Date.now() + UPLOAD_URL_TTL_SECONDS * 1000));
    const uploads = await Promise.all(
      parsed.data.files.map(async (f) => {
        const key = `${dataset.storage_path}${f.path}`;
        return { path: f.path, key, content_type: f.content_type, method: 'PUT', url: await storage.presignPut(key, UPLOAD_URL_TTL_SECONDS, f.content_type) };
      }),
    );
    res.json({ uploads, expires_at: expiresAt });
  });

  router.post('/datasets/:id/finalize', async (req, res) => {
    const parsed = actingBody.safeParse(req.body ?? {});
    if (!parsed.success) return void res.status(400).json(invalidRequest(describe(parsed.error)));
    const dataset = await authorize(req, res, 'write', parsed.data.acting_user_id);
    if (!dataset) return;
    const prefix = dataset.storage_path;
    const archiveKey = `${prefix}${ARCHIVE_NAME}`;
    const objects = (await listObjects(storage, prefix)).filter((o) => o.key !== archiveKey);
    const files = await Promise.all(objects.map(async (o) => ({ path: o.key.slice(prefix.length), data: await readObject(storage, o.key) })));
    const texts = new Map(files.filter((f) => ANNOTATION_FILE.test(f.path)).map((f) => [f.path, f.data.toString('utf8')]));
    const summary = summarize(dataset.format as AnnotationFormat, files.map((f) => f.path), texts, dataset.class_names);
    const archive = tarGz(files.map((f) => ({ ...f, contentType: '' })), Math.floor(Date.now() / 1000));
    await storage.client.send(new PutObjectCommand({ Bucket: storage.bucket, Key: archiveKey, Body: archive, ContentType: 'application/gzip' }));
    const updated = await updateDataset(db, dataset.id, { labeled: summary.labeled, num_images: summary.numImages, class_names: summary.classNames });
    res.json({
      dataset: updated,
      summary: { num_images: summary.numImages, num_annotations: summary.numAnnotations, class_names: summary.classNames, labeled: summary.labeled },
      archive: { key: archiveKey, size_bytes: archive.length },
    });
  });

  router.put('/datasets/:id/permissions/:user_id', async (req, res) => {
    const grantee = positiveInt.safeParse(req.params.user_id);
    const parsed = grantBody.safeParse(req.body ?? {});
    if (!grantee.success) return void res.status(400).json(invalidRequest('user_id must be a positive integer'));
    if (!parsed.success) return void res.status(400).json(invalidRequest(describe(parsed.error)));
    if (!(await authorize(req, res, 'admin', parsed.data.acting_user_id))) return;
    await grantPermission(db, req.params.id, grantee.data, parsed.data.permission_level);
    const grant = await findGrant(db, req.params.id, grantee.data);
    res.json({ dataset_id: req.params.id, user_id: grantee.data, permission_level: grant!.permission_level, granted_at: grant!.granted_at });
  });

  router.delete('/datasets/:id/permissions/:user_id', async (req, res) => {
    const grantee = positiveInt.safeParse(req.params.user_id);
    if (!grantee.success) return void res.status(400).json(invalidRequest('user_id must be a positive integer'));
    if (!(await authorize(req, res, 'admin', actingOf(req)))) return;
    const revoked = await revokePermission(db, req.params.id, grantee.data);
    res.json({ dataset_id: req.params.id, user_id: grantee.data, revoked });
  });

  router.get('/datasets/:id/images', async (req, res) => {
    const parsed = imagesQuery.safeParse(req.query);
    if (!parsed.success) return void res.status(400).json(invalidRequest(describe(parsed.error)));
    const dataset = await authorize(req, res, 'read', parsed.data.user_id);
    if (!dataset) return;
    const images = (await listObjects(storage, dataset.storage_path)).filter((o) => IMAGE_EXTENSION.test(o.key));
    const page = images.slice(0, parsed.data.limit);
    res.json({
      images: await Promise.all(page.map(async (o) => ({ key: o.key, url: await storage.presignGet(o.key, IMAGE_URL_TTL_SECONDS), size_bytes: o.size }))),
      total: images.length,
      expires_at: isoSeconds(new Date(Date.now() + IMAGE_URL_TTL_SECONDS * 1000)),
    });
  });

  return router;
}
