/**
 * Per-request DataLoaders (D6, D7). `datasets` turns every `Dataset` looked up while resolving one
 * GraphQL request into `POST /datasets/batch` calls of at most `maxBatchSize` ids, answering in key
 * order, `not_found` → null. `access` asks the Labeler for a (dataset, user) permission at most once
 * per request; it is only consulted when the batch metadata cannot decide.
 */
import DataLoader from 'dataloader';
import type { LabelerApi, LabelerPermission } from '../labeler-client';
import { toDatasetModel, type DatasetModel } from './dataset.model';

export interface DatasetAccessKey {
  datasetId: string;
  userId: string;
}

export interface DatasetLoaders {
  datasets: DataLoader<string, DatasetModel | null>;
  /** The Labeler's answer for (dataset, user); null when the dataset vanished meanwhile. */
  access: DataLoader<DatasetAccessKey, LabelerPermission | null, string>;
}

/** Ids the Labeler could never hold are answered here, so one bad id cannot fail a whole batch. */
const PLAUSIBLE_ID = /^[\w-]{1,64}$/;

export function createDatasetLoaders(labeler: LabelerApi, opts: { maxBatchSize: number }): DatasetLoaders {
  const datasets = new DataLoader<string, DatasetModel | null>(
    async (keys) => {
      const ids = keys.filter((id) => PLAUSIBLE_ID.test(id));
      if (ids.length === 0) return keys.map(() => null);
      try {
        const batch = await labeler.batchGetDatasets(ids);
        const byId = new Map(batch.datasets.map((d) => [d.id, toDatasetModel(d)]));
        return keys.map((id) => byId.get(id) ?? null);
      } catch (error) {
        // The same failure for every key: each dataset field gets its own error, the rest of the query survives.
        return keys.map(() => error as Error);
      }
    },
    { maxBatchSize: opts.maxBatchSize },
  );

  const access = new DataLoader<DatasetAccessKey, LabelerPermission | null, string>(
    (keys) =>
      Promise.all(
        keys.map((key) =>
          labeler.getPermission(key.datasetId, key.userId).then(
            (permission) => permission,
            (error: unknown) => ((error as { extensions?: { code?: string } }).extensions?.code === 'NOT_FOUND' ? null : (error as Error)),
          ),
        ),
      ),
    { cacheKeyFn: (key) => `${key.datasetId}\u0000${key.userId}` },
  );

  return { datasets, access };
}
