/**
 * Reading datasets for a caller. Visibility (D7) is decided before any metadata leaves the
 * subgraph: public datasets, the owner's own and everything for admins are decided from the batch
 * metadata alone; anything else costs one permission call per (dataset, user) and request.
 * A dataset the caller may not see is reported exactly like a missing one.
 */
import { notFound, badInput } from '../../../lib/errors';
import type { AuthUser } from '../../../lib/auth';
import type { DatasetsContext } from '../context';
import { toDatasetModel, type DatasetModel } from './dataset.model';

type Ctx = Pick<DatasetsContext, 'user' | 'loaders' | 'labeler'>;

export async function canView(ctx: Ctx, dataset: DatasetModel): Promise<boolean> {
  if (dataset.visibility === 'public') return true;
  const user = ctx.user;
  if (!user) return false;
  if (dataset.ownerId === user.id || user.role === 'admin') return true;
  return ctx.loaders.access.load({ datasetId: dataset.id, userId: user.id });
}

/** The dataset, or NOT_FOUND when it does not exist or the caller may not see it. */
export async function loadVisibleDataset(ctx: Ctx, id: string): Promise<DatasetModel> {
  const dataset = await ctx.loaders.datasets.load(id);
  if (!dataset || !(await canView(ctx, dataset))) throw notFound('Dataset', id);
  return dataset;
}

export interface DatasetPage {
  nodes: DatasetModel[];
  totalCount: number;
  hasNextPage: boolean;
  endCursor: string | null;
}

export const MAX_PAGE_SIZE = 100;
const encodeCursor = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');

export function decodeCursor(cursor: string | null | undefined): number {
  if (!cursor) return 0;
  const match = /^offset:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!match) throw badInput('`after` is not a cursor this API returned.', { after: 'invalid cursor' });
  return Number(match[1]);
}

/**
 * One page of the datasets `user` may read. Admins see all; others get the Labeler's
 * `accessible_to` filter, so the total and the pages are exact without post-filtering.
 * Offsets that do not fall on a Labeler page boundary cost a second call.
 */
export async function listVisibleDatasets(ctx: Ctx, user: AuthUser, first: number, after?: string | null): Promise<DatasetPage> {
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw badInput(`\`first\` must be between 1 and ${MAX_PAGE_SIZE}.`, { first: 'out of range' });
  }
  const offset = decodeCursor(after);
  const filter = user.role === 'admin' ? {} : { accessibleTo: user.id };
  const page = Math.floor(offset / first) + 1;
  const skip = offset % first;
  const pages = [await ctx.labeler.listDatasets({ ...filter, page, limit: first })];
  if (skip > 0 && pages[0]!.datasets.length === first) pages.push(await ctx.labeler.listDatasets({ ...filter, page: page + 1, limit: first }));
  const nodes = pages.flatMap((p) => p.datasets).slice(skip, skip + first).map(toDatasetModel);
  for (const node of nodes) ctx.loaders.datasets.prime(node.id, node);
  const totalCount = pages[pages.length - 1]!.total;
  const end = offset + nodes.length;
  return { nodes, totalCount, hasNextPage: end < totalCount, endCursor: nodes.length ? encodeCursor(end) : null };
}
