/**
 * Per-request DataLoaders (D6, D7). `datasets` turns every `Dataset` looked up while resolving one
 * GraphQL request into `POST /datasets/batch` calls of at most `maxBatchSize` ids, answering in key
 * order, `not_found` → null. `access` asks the Labeler for a (dataset, user) permission at most once
 * per request; it is only consulted when the batch metadata cannot decide. `downloadUrls` presigns
 * each (dataset, expiry) at most once per request, so `dataset(id)` can start it early and the
 * `downloadUrl` field picks up the same answer. `images` lists each (dataset, count) at most once per
 * request: the contract has no batch call for images, so aliases of the same listing share one call.
 * With a `cache` (dataset.cache.ts), `datasets` and `access` answer from what an earlier request
 * learnt for the same (dataset, user) within its TTL, and remember what they fetch.
 */
import DataLoader from 'dataloader';
import type { LabelerDownloadUrl, LabelerImages, LabelerPermission } from '../../../lib/labeler/contract';
import type { LabelerApi } from '../../../lib/labeler/labeler-client';
import type { LabelerMetadataCache } from './dataset.cache';
import type { LegacyDatasets } from './dataset.legacy';
import { upstreamUnavailable } from '../../../lib/errors';
import { toDatasetModel, type DatasetModel } from './dataset.model';

export interface DatasetAccessKey {
  datasetId: string;
  userId: string;
}

export interface DownloadUrlKey {
  datasetId: string;
  expiresIn: number;
  /** Omitted for platform admins: the platform vouches for them. */
  userId?: string;
}

export interface ImagesKey {
  datasetId: string;
  limit: number;
  /** Images skipped (paging); 0 for the first page. */
  offset?: number;
  /** Ask for boxes, splits and statistics too. */
  annotations?: boolean;
  /** Omitted for platform admins: the platform vouches for them. */
  userId?: string;
}

export interface DatasetLoaders {
  datasets: DataLoader<string, DatasetModel | null>;
  /** The Labeler's answer for (dataset, user); null when the dataset vanished meanwhile. */
  access: DataLoader<DatasetAccessKey, LabelerPermission | null, string>;
  downloadUrls: DataLoader<DownloadUrlKey, LabelerDownloadUrl, string>;
  images: DataLoader<ImagesKey, LabelerImages, string>;
}

/** Ids the Labeler could never hold are answered here, so one bad id cannot fail a whole batch. */
const PLAUSIBLE_ID = /^[\w-]{1,64}$/;
export const isPlausibleDatasetId = (id: string) => PLAUSIBLE_ID.test(id);

export interface DatasetLoaderOptions {
  maxBatchSize: number;
  /**
   * The caller, when the batch should also bring their permission on each dataset (contract
   * extension). The answers prime `access`, so no permission call is made for those datasets.
   */
  permissionsFor?: string;
  /** Metadata and permissions remembered across requests (LABELER_METADATA_TTL_MS). */
  cache?: LabelerMetadataCache;
  /**
   * The Platform DB's legacy datasets (dataset.legacy.ts): asked for the ids the Labeler does not
   * know, and for every id while the Labeler fails (the rollback fallback of seed 2.5.8).
   */
  legacy?: LegacyDatasets;
}

export function createDatasetLoaders(labeler: LabelerApi, opts: DatasetLoaderOptions): DatasetLoaders {
  const userId = opts.permissionsFor;
  const { cache, legacy } = opts;
  const viewer = userId ?? '*';
  const datasets = new DataLoader<string, DatasetModel | null>(
    async (keys) => {
      const byId = new Map<string, DatasetModel>();
      const fromCache = (ids: readonly string[]) => {
        for (const id of ids) {
          const hit = cache?.dataset(viewer, id);
          if (!hit) continue;
          byId.set(id, hit.model);
          if (userId && hit.permission) access.prime({ datasetId: id, userId }, hit.permission);
        }
      };
      fromCache(keys);
      // Another request is asking the Labeler for some of these right now: its answer, not a second call.
      const underWay = new Set(keys.filter((id) => !byId.has(id)).flatMap((id) => cache?.pending(viewer, id) ?? []));
      if (underWay.size > 0) {
        await Promise.allSettled(underWay);
        fromCache(keys.filter((id) => !byId.has(id)));
      }
      const ids = keys.filter((id) => PLAUSIBLE_ID.test(id) && !byId.has(id));
      if (ids.length === 0) return keys.map((id) => byId.get(id) ?? null);
      let labelerFailure: Error | undefined;
      try {
        const call = labeler.batchGetDatasets(ids, userId);
        cache?.fetching(viewer, ids, call);
        const batch = await call;
        if (userId) for (const d of batch.datasets) if (d.permission) access.prime({ datasetId: d.id, userId }, d.permission);
        for (const d of batch.datasets) {
          const model = toDatasetModel(d);
          byId.set(d.id, model);
          cache?.rememberDataset(viewer, d.id, { model, ...(userId && d.permission ? { permission: d.permission } : {}) });
        }
      } catch (error) {
        labelerFailure = error as Error;
      }
      // Not in the Labeler (or the Labeler failed): perhaps a legacy dataset of the Platform DB.
      const unknown = ids.filter((id) => !byId.has(id));
      let legacyFailure: Error | undefined;
      if (legacy && unknown.length > 0) {
        try {
          for (const [id, model] of await legacy.find(unknown)) byId.set(id, model);
        } catch {
          legacyFailure = upstreamUnavailable('platform database', 'Legacy datasets are unavailable; try again shortly.');
        }
      }
      // A failure answers only the ids nothing else could: each dataset field gets its own error, the rest of the query survives.
      const failure = labelerFailure ?? legacyFailure;
      return keys.map((id) => byId.get(id) ?? (failure && ids.includes(id) ? failure : null));
    },
    { maxBatchSize: opts.maxBatchSize },
  );

  const access = new DataLoader<DatasetAccessKey, LabelerPermission | null, string>(
    (keys) =>
      Promise.all(
        keys.map((key) => {
          const hit = cache?.permission(key.userId, key.datasetId);
          if (hit) return hit;
          return labeler.getPermission(key.datasetId, key.userId).then(
            (permission) => {
              cache?.rememberPermission(key.userId, key.datasetId, permission);
              return permission;
            },
            (error: unknown) => ((error as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND' ? null : (error as Error)),
          );
        }),
      ),
    { cacheKeyFn: (key) => `${key.datasetId}\u0000${key.userId}` },
  );

  const downloadUrls = new DataLoader<DownloadUrlKey, LabelerDownloadUrl, string>(
    (keys) =>
      Promise.all(
        keys.map((key) => labeler.createDownloadUrl(key.datasetId, { expiresIn: key.expiresIn, userId: key.userId }).catch((error: unknown) => error as Error)),
      ),
    { cacheKeyFn: (key) => `${key.datasetId}\u0000${key.expiresIn}\u0000${key.userId ?? ''}` },
  );

  const images = new DataLoader<ImagesKey, LabelerImages, string>(
    (keys) =>
      Promise.all(
        keys.map((key) =>
          labeler
            .getImages(key.datasetId, { limit: key.limit, offset: key.offset, annotations: key.annotations, userId: key.userId })
            .catch((error: unknown) => error as Error),
        ),
      ),
    { cacheKeyFn: (key) => [key.datasetId, key.limit, key.offset ?? 0, key.annotations ? 1 : 0, key.userId ?? ''].join('\u0000') },
  );

  return { datasets, access, downloadUrls, images };
}
