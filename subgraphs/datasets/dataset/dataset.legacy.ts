/**
 * Legacy datasets (T7, seed 2.5.5 and 2.5.8; decisions.md, "Legacy datasets through the gateway"):
 * rows of the Platform DB's `datasets` table from before the Labeler owned datasets, marked
 * `is_legacy` by the legacy migration (subgraphs/platform/legacy-datasets.ts). Read only. A
 * dataset id the Labeler does not know, or any id while the Labeler is unreachable, is looked up
 * here, so old jobs' datasets stay readable and the Labeler-down rollback of seed 2.5.8 needs no
 * redeploy. The old table's columns vary; whatever it stored is read by name, and fields it did not
 * store get the defaults below.
 *
 * Who may read one: platform admins and the owners of training jobs that used it (and the row's
 * `owner_id`, when the old table had one). Everyone else gets NOT_FOUND, like for a missing dataset.
 */
import { createReadPool } from '../../../lib/read-pool';
import type { Logger } from '../../../lib/log';
import { shownDescription, shownName, type DatasetModel } from './dataset.model';

export interface LegacyDatasets {
  /** The legacy datasets among `ids` (a missing table or column is "none"). */
  find(ids: readonly string[]): Promise<Map<string, DatasetModel>>;
  close(): Promise<void>;
}

type Row = Record<string, unknown>;

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null);
const int = (value: unknown): number | null => (typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : null);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);
const iso = (value: unknown): string | null => {
  if (typeof value !== 'string') return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
};

/** Stored columns → `Dataset` fields; what the old table lacks gets a documented default. */
export function toLegacyModel(row: Row, readers: string[]): DatasetModel {
  const id = String(row.id);
  const classNames = strings(row.class_names);
  const createdAt = iso(row.created_at) ?? new Date(0).toISOString();
  const visibility = text(row.visibility);
  const ownerId = text(row.owner_id) ?? '';
  return {
    id,
    name: shownName(text(row.name) ?? id),
    description: shownDescription(text(row.description)),
    format: text(row.format) ?? 'unknown',
    labeled: typeof row.labeled === 'boolean' ? row.labeled : classNames.length > 0,
    storageType: text(row.storage_type) ?? 'unknown',
    storagePath: text(row.storage_path) ?? '',
    visibility: visibility === 'public' ? 'public' : 'private',
    ownerId,
    numClasses: int(row.num_classes) ?? classNames.length,
    numImages: int(row.num_images) ?? 0,
    classNames: classNames.map(shownName),
    tags: strings(row.tags).map(shownName),
    createdAt,
    updatedAt: iso(row.updated_at) ?? createdAt,
    isLegacy: true,
    legacyReaders: ownerId ? [...new Set([ownerId, ...readers])] : readers,
  };
}

const FIND_SQL = `
  select to_jsonb(d) as row,
         coalesce((select array_agg(distinct j.owner_id) from training_jobs j where j.dataset_id = d.id::text), '{}') as readers
  from datasets d
  where d.id::text = any($1::text[]) and d.is_legacy`;

/** Undefined table or column: a Platform DB that never had (or no longer has) legacy datasets. */
const NO_LEGACY = new Set(['42P01', '42703']);

export function createLegacyDatasets(url: string, log: Logger): LegacyDatasets {
  const pool = createReadPool({ url, max: 2, what: 'Platform DB', log });
  return {
    async find(ids) {
      const found = new Map<string, DatasetModel>();
      if (ids.length === 0) return found;
      try {
        const { rows } = await pool.query<{ row: Row; readers: string[] }>(FIND_SQL, [ids]);
        for (const { row, readers } of rows) found.set(String(row.id), toLegacyModel(row, readers));
      } catch (error) {
        if (!NO_LEGACY.has((error as { code?: string }).code ?? '')) throw error;
      }
      return found;
    },
    close: () => pool.close(),
  };
}
