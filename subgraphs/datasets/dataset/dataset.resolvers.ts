/** Thin resolvers: the service decides visibility and paging; the loaders batch the Labeler calls. */
import { requireUser } from '../../../lib/auth';
import type { Resolvers } from '../__generated__/resolvers-types';
import { listVisibleDatasets, loadVisibleDataset } from './dataset.service';

export const datasetResolvers: Resolvers = {
  Query: {
    dataset: (_root, { id }, ctx) => loadVisibleDataset(ctx, id),
    datasets: async (_root, { first, after }, ctx) => {
      const page = await listVisibleDatasets(ctx, requireUser(ctx.user), first, after);
      return { nodes: page.nodes, totalCount: page.totalCount, pageInfo: { hasNextPage: page.hasNextPage, endCursor: page.endCursor } };
    },
  },
  Dataset: {
    // A job list of N jobs arrives here N times in one request: the DataLoader makes it one batch call.
    __resolveReference: (ref, ctx) => loadVisibleDataset(ctx, ref.id),
    owner: (dataset) => ({ __typename: 'User', id: dataset.ownerId }),
  },
};
