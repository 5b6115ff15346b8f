/**
 * An immutable copy of a dataset's object list (T3). The manifest rows live in `snapshot_objects`
 * (written with plain SQL in bulk); the database refuses updates to both tables.
 */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const DatasetSnapshot = defineEntity({
  name: 'DatasetSnapshot',
  tableName: 'dataset_snapshots',
  properties: (p) => ({
    id: p.text().primary(),
    datasetId: p.text(),
    createdBy: p.text(),
    objectCount: p.integer(),
    totalBytes: p.bigint('number'),
    createdAt: p.datetime(3).onCreate(() => new Date()),
  }),
});

export type DatasetSnapshotRecord = InferEntity<typeof DatasetSnapshot>;

/** One manifest row: the object's key inside the dataset and where its bytes live in the internal bucket. */
export interface SnapshotObject {
  key: string;
  contentKey: string;
  sizeBytes: number;
  etag: string;
}

/** The platform's view of a Labeler dataset: only its id (D1). */
export interface DatasetRef {
  id: string;
}
