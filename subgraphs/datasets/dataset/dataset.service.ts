/**
 * Reading datasets for a caller. Visibility (D7) is decided before any metadata, image or download
 * URL leaves the subgraph: public datasets, the owner's own and everything for admins are decided
 * from the batch metadata alone. For anything else, the caller's permission comes with the batch
 * call (contract extension, dataset.loaders.ts) or, from a Labeler without it, from one permission
 * call per (dataset, user) and request. Download URLs and images are authorised by the Labeler
 * itself in the presigning call. A dataset the caller may not see is reported exactly like a
 * missing one.
 *
 * `dataset(id)` starts the download URLs its query asks for beside the metadata call rather than
 * after it. A URL the Labeler presigned for the caller proves read access, so it also settles
 * visibility without a permission call. No URL started early reaches the client unless the
 * dataset turns out visible.
 *
 * Resolvers reach all of this through `createDatasetService(scope)` (`ctx.datasets`, decisions.md #18).
 */
import { conflict, invalidCursor, mustBe, notFound, unauthenticated, upstreamUnavailable, wholeNumberIn } from '../../../lib/errors';
import { requireUser, vouchedForDatasets, type AuthUser } from '../../../lib/auth';
import type { DatasetListQuery, LabelerApi } from '../../../lib/labeler/labeler-client';
import { isPlausibleDatasetId, type DatasetLoaders } from './dataset.loaders';
import type { DatasetLookahead } from './dataset.lookahead';
import { hasMetadata, MAX_TAG_LENGTH, MAX_TAGS, shownName, toDatasetModel, type DatasetModel, type DatasetParent } from './dataset.model';

/** What one request brings: the caller, the Labeler bound to the request id, its DataLoaders. */
export interface DatasetScope {
  user: AuthUser | null;
  labeler: LabelerApi;
  loaders: DatasetLoaders;
}
export type PermissionLevel = 'READ_ONLY' | 'READ_WRITE' | 'ADMIN';

const LEVELS = { read_only: 'READ_ONLY', read_write: 'READ_WRITE', admin: 'ADMIN' } as const;

/** What `downloadUrl(expiresIn:)` takes, in seconds: 1 to a week. */
const MIN_URL_EXPIRY_SECONDS = 1;
export const MAX_URL_EXPIRY_SECONDS = 7 * 24 * 3600;

/** An expiry `downloadUrl` will accept (the look-ahead skips the ones the field will refuse). */
const isValidExpiry = (expiresIn: number) => Number.isInteger(expiresIn) && expiresIn >= MIN_URL_EXPIRY_SECONDS && expiresIn <= MAX_URL_EXPIRY_SECONDS;

export const MAX_IMAGES = 100;

export interface DatasetPage {
  nodes: DatasetModel[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** `Query.datasets(filter)` as the client sends it. */
export interface DatasetFilterInput {
  visibility?: string | null;
  labeled?: boolean | null;
  format?: string | null;
  tags?: string[] | null;
  mine?: boolean | null;
}

type ListFilter = Omit<DatasetListQuery, 'page' | 'limit' | 'accessibleTo'>;

const VISIBILITIES = ['public', 'private', 'organization'];

/** GraphQL filter → Labeler query parameters; bad values are the caller's error, not the Labeler's. */
export function toListFilter(user: AuthUser, filter: DatasetFilterInput | null | undefined): ListFilter {
  const out: ListFilter = {};
  if (!filter) return out;
  if (filter.visibility) {
    const visibility = filter.visibility.toLowerCase();
    if (!VISIBILITIES.includes(visibility)) throw mustBe('filter.visibility', `one of ${VISIBILITIES.join(', ')}`);
    out.visibility = visibility;
  }
  if (filter.format) {
    const format = filter.format.toLowerCase();
    if (!/^[a-z0-9_-]{1,32}$/.test(format)) throw mustBe('filter.format', 'a format name');
    out.format = format;
  }
  if (filter.labeled !== null && filter.labeled !== undefined) out.labeled = filter.labeled;
  const tags = (filter.tags ?? []).map((t) => t.trim()).filter(Boolean);
  // What a dataset can carry (`CreateDatasetInput.tags`): more or longer tags match nothing.
  if (tags.length > MAX_TAGS || tags.some((tag) => tag.length > MAX_TAG_LENGTH))
    throw mustBe('filter.tags', `at most ${MAX_TAGS} tags of 1 to ${MAX_TAG_LENGTH} characters each`);
  if (tags.length) out.tags = tags;
  if (filter.mine) out.userId = user.id;
  return out;
}

export const MAX_PAGE_SIZE = 100;
const encodeCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');

export function decodeCursor(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw invalidCursor();
  return Number(match[1]);
}

export function createDatasetService({ user, labeler, loaders }: DatasetScope) {
  /** The caller's level on `dataset`: owners and platform admins are ADMIN, others ask the Labeler (once per request). */
  async function permissionOf(dataset: DatasetModel): Promise<PermissionLevel | null> {
    if (!user) return null;
    // Legacy datasets are read-only history (dataset.legacy.ts): admins and the owners of jobs that used them may read.
    if (dataset.isLegacy) return vouchedForDatasets(user) || dataset.legacyReaders?.includes(user.id) ? 'READ_ONLY' : null;
    if (dataset.ownerId === user.id || vouchedForDatasets(user)) return 'ADMIN';
    const permission = await loaders.access.load({ datasetId: dataset.id, userId: user.id });
    return permission?.has_access && permission.permission_level ? LEVELS[permission.permission_level] : null;
  }

  /**
   * `readProven` resolves true when the Labeler has already presigned something of this dataset for
   * the caller in this request: it checked the caller's read access to do so.
   */
  async function canView(dataset: DatasetModel, readProven?: Promise<boolean>): Promise<boolean> {
    if (dataset.visibility === 'public') return true;
    if (user && dataset.ownerId !== user.id && !vouchedForDatasets(user) && readProven && (await readProven)) return true;
    return (await permissionOf(dataset)) !== null;
  }

  /**
   * The dataset, or NOT_FOUND when it does not exist or the caller may not see it. `readProven`:
   * see `canView`.
   */
  async function loadVisibleDataset(id: string, readProven?: Promise<boolean>): Promise<DatasetModel> {
    const dataset = await loaders.datasets.load(id);
    if (!dataset || !(await canView(dataset, readProven))) throw notFound('Dataset', id);
    return dataset;
  }

  /**
   * `dataset(id)`. The download URLs the query asks for (`ahead`, see dataset.lookahead.ts) start
   * together with the metadata call. When the query reads nothing but the id and presigned URLs, a
   * URL presigned for the caller proves the dataset exists and may be read, and the metadata is
   * never fetched: the download button costs one Labeler call.
   */
  async function loadRequestedDataset(id: string, ahead: DatasetLookahead): Promise<DatasetParent> {
    const readProven = startAhead(id, ahead);
    if (!ahead.metadata && readProven && (await readProven)) return { id, metadata: false };
    return loadVisibleDataset(id, readProven);
  }

  /** The metadata of a `Dataset` parent, fetched (and checked) if `dataset(id)` skipped it. */
  async function metadataOf(dataset: DatasetParent): Promise<DatasetModel> {
    return hasMetadata(dataset) ? dataset : loadVisibleDataset(dataset.id);
  }

  /** Starts the look-ahead calls; resolves true once one download URL is presigned for the caller. */
  function startAhead(id: string, ahead: DatasetLookahead): Promise<boolean> | undefined {
    if (!user || !isPlausibleDatasetId(id)) return undefined;
    const urls = ahead.downloadUrlExpiries
      .filter(isValidExpiry)
      .map((expiresIn) => loaders.downloadUrls.load({ datasetId: id, expiresIn, userId: labelerReader() }));
    if (urls.length === 0) return undefined;
    // Failures are the field's to report; here a failure only means "not proven".
    return Promise.any(urls).then(
      () => true,
      () => false,
    );
  }

  /**
   * D7 for the bytes. Every non-admin call names the user, and the Labeler checks that user's read
   * access in the same call that presigns (403 → FORBIDDEN, 404 → NOT_FOUND): the check happens
   * before any URL exists, atomically, without a separate permission call. Platform admins may read
   * everything, so the platform vouches for them (no `user_id`).
   */
  function labelerReader(): string | undefined {
    if (!user) throw unauthenticated();
    return vouchedForDatasets(user) ? undefined : user.id;
  }

  /** A legacy dataset's files are not in the Labeler: its images and archive cannot be presigned. */
  function refuseLegacyFiles(dataset: DatasetParent): void {
    if (hasMetadata(dataset) && dataset.isLegacy)
      throw conflict(`Dataset ${dataset.id} is a legacy dataset: it has no files in the Labeler, only its stored metadata.`);
  }

  /** Presigned once per (dataset, expiry) and request: `dataset(id)` may have started it already. */
  async function createDownloadUrl(dataset: DatasetParent, expiresIn: number): Promise<{ url: string; expiresAt: string }> {
    refuseLegacyFiles(dataset);
    wholeNumberIn('expiresIn', expiresIn, MIN_URL_EXPIRY_SECONDS, MAX_URL_EXPIRY_SECONDS, 'seconds');
    const result = await loaders.downloadUrls.load({ datasetId: dataset.id, expiresIn, userId: labelerReader() });
    return { url: result.download_url, expiresAt: result.expires_at };
  }

  /** Listed once per (dataset, count) and request: aliases of one listing share the call. */
  async function listImages(dataset: DatasetParent, first: number): Promise<Array<{ key: string; url: string; sizeBytes: number | null }>> {
    refuseLegacyFiles(dataset);
    wholeNumberIn('first', first, 1, MAX_IMAGES);
    const result = await loaders.images.load({ datasetId: dataset.id, limit: first, userId: labelerReader() });
    return result.images.map((i) => ({ key: i.key, url: i.url, sizeBytes: i.size_bytes ?? null }));
  }

  /** `Dataset.imagePage`: a page of images with boxes and splits, from `after` (an offset cursor). */
  async function pageImages(dataset: DatasetParent, first: number, after?: string | null) {
    refuseLegacyFiles(dataset);
    wholeNumberIn('first', first, 1, MAX_IMAGES);
    const offset = decodeCursor(after);
    const result = await loaders.images.load({ datasetId: dataset.id, limit: first, offset, annotations: true, userId: labelerReader() });
    const nodes = result.images.map((i) => ({
      key: i.key,
      url: i.url,
      sizeBytes: i.size_bytes ?? null,
      split: i.split ?? null,
      annotations: i.annotations?.map((a) => ({ className: shownName(a.class_name), x: a.x, y: a.y, width: a.width, height: a.height })) ?? null,
    }));
    const end = offset + nodes.length;
    return { nodes, totalCount: result.total, pageInfo: { hasNextPage: end < result.total, endCursor: nodes.length ? encodeCursor(end) : null } };
  }

  /** `Dataset.statistics`: the statistics of a one-image listing with annotations (one Labeler call). */
  async function statisticsOf(dataset: DatasetParent) {
    refuseLegacyFiles(dataset);
    const result = await loaders.images.load({ datasetId: dataset.id, limit: 1, offset: 0, annotations: true, userId: labelerReader() });
    if (!result.statistics)
      throw upstreamUnavailable('labeler', 'The Labeler does not report dataset statistics (the `annotations` extension of its images call).');
    return {
      numAnnotations: result.statistics.num_annotations,
      classCounts: result.statistics.class_counts.map((c) => ({ className: shownName(c.class_name), count: c.count })),
      splitCounts: result.statistics.split_counts,
    };
  }

  /**
   * One page of the datasets `caller` may read, narrowed by `filter`. Admins see all; others get the
   * Labeler's `accessible_to` filter, so the total and the pages are exact without post-filtering.
   * Offsets that do not fall on a Labeler page boundary cost a second call.
   */
  async function listVisible(caller: AuthUser, first: number, after?: string | null, filter: ListFilter = {}): Promise<DatasetPage> {
    wholeNumberIn('first', first, 1, MAX_PAGE_SIZE);
    const offset = decodeCursor(after);
    const query = vouchedForDatasets(caller) ? { ...filter } : { ...filter, accessibleTo: caller.id };
    const page = Math.floor(offset / first) + 1;
    const skip = offset % first;
    const pages = [await labeler.listDatasets({ ...query, page, limit: first })];
    if (skip > 0 && pages[0]!.datasets.length === first) pages.push(await labeler.listDatasets({ ...query, page: page + 1, limit: first }));
    const nodes = pages
      .flatMap((p) => p.datasets)
      .slice(skip, skip + first)
      .map(toDatasetModel);
    for (const node of nodes) loaders.datasets.prime(node.id, node);
    const totalCount = pages[pages.length - 1]!.total;
    const end = offset + nodes.length;
    return { nodes, totalCount, pageInfo: { hasNextPage: end < totalCount, endCursor: nodes.length ? encodeCursor(end) : null } };
  }

  return {
    requested: loadRequestedDataset,
    visible: loadVisibleDataset,
    metadata: metadataOf,
    myPermission: async (dataset: DatasetParent) => permissionOf(await metadataOf(dataset)),
    downloadUrl: createDownloadUrl,
    images: listImages,
    imagePage: pageImages,
    statistics: statisticsOf,
    /** `Query.datasets`. */
    async list(args: { filter?: DatasetFilterInput | null; first?: number | null; after?: string | null }) {
      const caller = requireUser(user);
      return listVisible(caller, args.first ?? 20, args.after, toListFilter(caller, args.filter));
    },
    /** `User.datasets`: not a root field, so @access does not cover it; the caller must be logged in. */
    async ofOwner(ownerId: string, args: { first?: number | null; after?: string | null }) {
      const caller = requireUser(user);
      return listVisible(caller, args.first ?? 20, args.after, { userId: ownerId });
    },
  };
}

export type DatasetService = ReturnType<typeof createDatasetService>;
