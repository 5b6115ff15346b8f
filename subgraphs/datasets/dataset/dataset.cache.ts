/**
 * Labeler dataset metadata remembered across requests, per (dataset, user), for
 * LABELER_METADATA_TTL_MS (decisions.md, "Labeler metadata cache"). A subscription resolves the same
 * `dataset { name }` on every event of a job; without this each event would be one more call on the
 * viewer's per-user Labeler budget. What is remembered: the `POST /datasets/batch` answer for one
 * dataset (its metadata and, when asked, the caller's permission) and the answer of a permission
 * call. Never remembered: "not found" and failures (asked again next time). Used only for the
 * fetches of a subscription event's query (`X-Subscription-Event: 1` from the gateway): ordinary
 * requests always ask the Labeler. The price is staleness in live events: a renamed dataset, or a
 * permission granted or revoked at the Labeler, shows there at most one TTL late. 0 turns it off.
 * Requests that miss an entry while another one is fetching it wait for that call instead of making
 * their own (events resolving together when an entry expires cost one call, not one each).
 */
import type { LabelerPermission } from '../../../lib/labeler/contract';
import type { DatasetModel } from './dataset.model';

/** Most entries kept; the oldest is forgotten first. */
const MAX_ENTRIES = 10_000;

export interface CachedDataset {
  model: DatasetModel;
  /** The caller's permission, when the batch call brought it. */
  permission?: LabelerPermission;
}

export interface LabelerMetadataCache {
  /** `viewer`: the user id the batch asked permissions for, or `*` when it asked none. */
  dataset(viewer: string, id: string): CachedDataset | undefined;
  rememberDataset(viewer: string, id: string, value: CachedDataset): void;
  permission(userId: string, datasetId: string): LabelerPermission | undefined;
  rememberPermission(userId: string, datasetId: string, value: LabelerPermission): void;
  /**
   * The Labeler call under way for (viewer, dataset), if any: a miss while it runs waits for it and
   * reads its answer from the cache, so the events resolving at once when an entry expires cost one call.
   */
  pending(viewer: string, id: string): Promise<unknown> | undefined;
  /** Register `call` as the one bringing `ids` for `viewer` until it settles. */
  fetching(viewer: string, ids: readonly string[], call: Promise<unknown>): void;
}

function ttlMap<V>(ttlMs: number) {
  const entries = new Map<string, { value: V; until: number }>();
  return {
    get(key: string): V | undefined {
      const hit = entries.get(key);
      if (!hit) return undefined;
      if (hit.until > Date.now()) return hit.value;
      entries.delete(key);
      return undefined;
    },
    set(key: string, value: V) {
      if (ttlMs <= 0) return;
      entries.delete(key);
      if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value!);
      entries.set(key, { value, until: Date.now() + ttlMs });
    },
  };
}

/** One entry per (viewer or user, dataset). */
const entry = (who: string, id: string) => `${who}\u0000${id}`;

export function createLabelerMetadataCache(ttlMs: number): LabelerMetadataCache {
  const datasets = ttlMap<CachedDataset>(ttlMs);
  const permissions = ttlMap<LabelerPermission>(ttlMs);
  const underWay = new Map<string, Promise<unknown>>();
  return {
    pending: (viewer, id) => underWay.get(entry(viewer, id)),
    fetching(viewer, ids, call) {
      if (ttlMs <= 0) return;
      for (const id of ids) underWay.set(entry(viewer, id), call);
      const done = () => {
        for (const id of ids) if (underWay.get(entry(viewer, id)) === call) underWay.delete(entry(viewer, id));
      };
      call.then(done, done);
    },
    dataset: (viewer, id) => datasets.get(entry(viewer, id)),
    rememberDataset: (viewer, id, value) => datasets.set(entry(viewer, id), value),
    permission: (userId, datasetId) => permissions.get(entry(userId, datasetId)),
    rememberPermission: (userId, datasetId, value) => permissions.set(entry(userId, datasetId), value),
  };
}
