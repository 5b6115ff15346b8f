/**
 * The Labeler Dataset API under `/api/v1` (seed 2.5.2). Every request here has already passed the
 * service-key check (labeler/api.ts); the routes validate input with zod and answer with the seed's JSON shapes.
 */
import type pg from 'pg';
import { z } from 'zod';
import {
  batchRequestSchema,
  downloadUrlRequestSchema,
  VISIBILITIES,
  type LabelerBatch,
  type LabelerDataset,
  type LabelerDatasetPage,
  type LabelerDownloadUrl,
  type LabelerPermission,
} from '../lib/labeler/contract';
import { replaceHiddenCharacters } from '../lib/shown-text';
import type { Storage } from '../lib/s3';
import { badRequest, ok, reply, route, type ApiReply, type ApiRoute, type LabelerStats } from './api-route';
import { allows, findDataset, findDatasets, findDatasetFor, isoSeconds, listDatasets } from './dataset.store';
import { datasetNotFound, permissionDenied } from './errors';
import type { PeersOf } from './organizations';

/** The object a download URL points at: one archive of images + annotations per dataset. */
export const ARCHIVE_NAME = 'dataset.tar.gz';

/**
 * `<dataset name>.tar.gz`, with characters file systems refuse replaced by `_`, and control and
 * text-direction characters too: `Parts\u202Egnp.exe` would be saved as a file whose name reads
 * "Partszg.rat.exe.png".
 */
export const archiveFileName = (name: string) => {
  const safe = replaceHiddenCharacters(name, { by: '_' }).replace(/[\\/:*?"<>|]/g, '_');
  return `${safe.trim() || 'dataset'}.tar.gz`;
};

const userId = z.coerce.number().int().positive();
/** A repeated scalar query parameter counts once (the last value wins). */
const scalar = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (Array.isArray(v) ? v[v.length - 1] : v), schema);

const listQuery = z.object({
  user_id: scalar(userId.optional()),
  visibility: scalar(z.enum(VISIBILITIES).optional()),
  labeled: scalar(
    z
      .enum(['true', 'false'])
      .transform((v) => v === 'true')
      .optional(),
  ),
  format: scalar(
    z
      .string()
      .regex(/^[a-z0-9_-]{1,32}$/)
      .optional(),
  ),
  tags: z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((t) => t.split(','))
        .map((t) => t.trim())
        .filter(Boolean),
    )
    .optional(),
  accessible_to: scalar(userId.optional()),
  page: scalar(z.coerce.number().int().min(1).default(1)),
  limit: scalar(z.coerce.number().int().min(1).max(100).default(20)),
});

/**
 * The dataset, once `userId` (when named) has proved `needed` on it; otherwise the 404 or 403 to
 * answer. The dataset and the user's level come from one query. Without `userId` the calling
 * service has authorised the request itself.
 */
export async function authorizedDataset(
  db: pg.Pool,
  id: string,
  needed: 'read' | 'write' | 'admin',
  userId?: number,
  peersOf?: PeersOf,
): Promise<LabelerDataset | ApiReply> {
  const found = await findDatasetFor(db, id, userId, peersOf);
  if (!found) return reply(404, datasetNotFound(id));
  if (found.permission && !allows(found.permission, needed)) return reply(403, permissionDenied(needed));
  return found.dataset;
}

/** Whether `authorizedDataset` refused. */
export const refused = (result: LabelerDataset | ApiReply): result is ApiReply => 'status' in result;

/** The seed's endpoints plus the batch, permission and download-url calls the platform makes per request. */
export function datasetRoutes(deps: { db: pg.Pool; storage: Storage; stats: LabelerStats; peersOf: PeersOf }): ApiRoute[] {
  const { db, storage, stats, peersOf } = deps;
  return [
    route('GET', '/datasets', async (req) => {
      const parsed = listQuery.safeParse(req.query);
      if (!parsed.success) return badRequest(parsed.error);
      const q = parsed.data;
      const filters = { userId: q.user_id, visibility: q.visibility, labeled: q.labeled, format: q.format, tags: q.tags, accessibleTo: q.accessible_to };
      const { datasets, total } = await listDatasets(db, filters, q.page, q.limit, peersOf);
      return ok({ datasets, total, page: q.page, limit: q.limit } satisfies LabelerDatasetPage);
    }),

    route('POST', '/datasets/batch', async (req) => {
      stats.batchCalls += 1;
      const parsed = batchRequestSchema.safeParse(req.body);
      if (!parsed.success) return badRequest(parsed.error);
      const { dataset_ids: ids, user_id: user } = parsed.data;
      const { datasets, notFound } = user === undefined ? await findDatasets(db, ids) : await findDatasets(db, ids, user, peersOf);
      return ok({ datasets, not_found: notFound } satisfies LabelerBatch);
    }),

    route('GET', '/datasets/:id', async (req) => {
      const dataset = await findDataset(db, req.params.id!);
      return dataset ? ok(dataset satisfies LabelerDataset) : reply(404, datasetNotFound(req.params.id!));
    }),

    route('GET', '/datasets/:id/permissions/:user_id', async (req) => {
      stats.permissionChecks += 1;
      const user = userId.safeParse(req.params.user_id);
      if (!user.success) return badRequest('user_id must be a positive integer');
      const found = await findDatasetFor(db, req.params.id!, user.data, peersOf);
      return found ? ok(found.permission satisfies LabelerPermission) : reply(404, datasetNotFound(req.params.id!));
    }),

    route('POST', '/datasets/:id/download-url', async (req) => {
      const parsed = downloadUrlRequestSchema.safeParse(req.body ?? {});
      if (!parsed.success) return badRequest(parsed.error);
      // With `user_id`: that user's access is checked before any URL exists.
      const dataset = await authorizedDataset(db, req.params.id!, 'read', parsed.data.user_id, peersOf);
      if (refused(dataset)) return dataset;
      const expiresIn = parsed.data.expires_in;
      // The browser saves the archive under the dataset's name, not `dataset.tar.gz`.
      const downloadUrl = await storage.presignGet(`${dataset.storage_path}${ARCHIVE_NAME}`, expiresIn, { downloadName: archiveFileName(dataset.name) });
      return ok({ download_url: downloadUrl, expires_at: isoSeconds(new Date(Date.now() + expiresIn * 1000)) } satisfies LabelerDownloadUrl);
    }),
  ];
}
