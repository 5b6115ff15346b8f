/**
 * A dataset as the resolvers see it: the Labeler's snake_case JSON turned into camelCase once,
 * at the edge. Nothing here is stored by the platform (D1); it lives for one request.
 */
import { replaceHiddenCharacters } from '../../../lib/shown-text';
import type { LabelerDataset } from '../../../lib/labeler/contract';

/** The tags a dataset may carry (`CreateDatasetInput.tags`), and so the most a filter can ask for. */
export const MAX_TAGS = 50;
export const MAX_TAG_LENGTH = 64;

export interface DatasetModel {
  id: string;
  name: string;
  description: string | null;
  format: string;
  labeled: boolean;
  storageType: string;
  storagePath: string;
  visibility: string;
  /** The owner's user id as GraphQL carries it (a string). */
  ownerId: string;
  numClasses: number;
  numImages: number;
  classNames: string[];
  tags: string[];
  createdAt: string;
  updatedAt: string;
  /** From the Platform DB's legacy `datasets` table, not the Labeler (dataset.legacy.ts). */
  isLegacy: boolean;
  /** Legacy only: user ids that may read it besides platform admins (owners of jobs that used it). */
  legacyReaders?: string[];
}

/**
 * What `dataset(id)` resolves to when its query reads nothing but the id and presigned URLs, and a
 * URL presigned for the caller has already proven that the dataset exists and may be read.
 */
export interface DatasetIdOnly {
  id: string;
  metadata: false;
}

/** The parent of every `Dataset` field. */
export type DatasetParent = DatasetModel | DatasetIdOnly;

export const hasMetadata = (dataset: DatasetParent): dataset is DatasetModel => !('metadata' in dataset);

/**
 * A name, tag or class name written in the Labeler (or a legacy row) as the API gives it: control
 * and text-direction characters shown as U+FFFD (decisions.md #75). The Labeler's own tools may
 * write what `createDataset` refuses, e.g. U+202E, which would show `Parts\u202Egnp.exe` as "Partsexe.png".
 */
export const shownName = (text: string): string => replaceHiddenCharacters(text);
/** A description as the API gives it: like `shownName`, line breaks and tabs kept. */
export const shownDescription = (text: string | null): string | null => (text === null ? null : replaceHiddenCharacters(text, { multiline: true }));

export function toDatasetModel(d: LabelerDataset): DatasetModel {
  return {
    id: d.id,
    name: shownName(d.name),
    description: shownDescription(d.description ?? null),
    format: d.format,
    labeled: d.labeled,
    storageType: d.storage_type,
    storagePath: d.storage_path,
    visibility: d.visibility,
    ownerId: String(d.owner_id),
    numClasses: d.num_classes,
    numImages: d.num_images,
    classNames: (d.class_names ?? []).map(shownName),
    tags: (d.tags ?? []).map(shownName),
    createdAt: d.created_at,
    updatedAt: d.updated_at,
    isLegacy: false,
  };
}

/** A `User` as this subgraph knows it: only the id (the users subgraph owns the rest). */
export interface UserRef {
  id: string;
}
