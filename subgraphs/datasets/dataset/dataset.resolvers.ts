/** Thin resolvers: the service decides visibility and paging; the loaders batch the Labeler calls. */
import { requireUser } from '../../../lib/auth';
import type { Resolvers } from '../__generated__/resolvers-types';
import { lookAheadDataset } from './dataset.lookahead';
import { createDownloadUrl, listImages, listVisibleDatasets, loadRequestedDataset, loadVisibleDataset, metadataOf, permissionOf, toListFilter, type DatasetPage } from './dataset.service';

const connection = (page: DatasetPage) => ({
  nodes: page.nodes,
  totalCount: page.totalCount,
  pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor },
});

export const datasetResolvers: Resolvers = {
  Query: {
    dataset: (_root, { id }, ctx, info) => loadRequestedDataset(ctx, id, lookAheadDataset(info)),
    datasets: async (_root, { filter, first, after }, ctx) => {
      const user = requireUser(ctx.user);
      return connection(await listVisibleDatasets(ctx, user, first ?? 20, after, toListFilter(user, filter)));
    },
  },
  Dataset: {
    // A job list of N jobs arrives here N times in one request: the DataLoader makes it one batch call.
    __resolveReference: (ref, ctx) => loadVisibleDataset(ctx, ref.id),
    owner: async (dataset, _args, ctx) => ({ __typename: 'User', id: (await metadataOf(ctx, dataset)).ownerId }),
    myPermission: async (dataset, _args, ctx) => permissionOf(ctx, await metadataOf(ctx, dataset)),
    downloadUrl: (dataset, { expiresIn }, ctx) => createDownloadUrl(ctx, dataset, expiresIn ?? 3600),
    images: (dataset, { first }, ctx) => listImages(ctx, dataset, first ?? 12),
  },
  User: {
    __resolveReference: (ref) => ({ id: ref.id }),
    // Not a root field, so @access does not cover it: the caller must be logged in.
    datasets: async (owner, { first, after }, ctx) => {
      const user = requireUser(ctx.user);
      return connection(await listVisibleDatasets(ctx, user, first ?? 20, after, { userId: owner.id }));
    },
  },
};
