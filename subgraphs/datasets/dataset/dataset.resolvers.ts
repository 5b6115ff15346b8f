/** Thin resolvers over the dataset service (`ctx.datasets`): it decides visibility and paging; its loaders batch the Labeler calls. */
import type { Resolvers } from '../__generated__/resolvers-types';
import { lookAheadDataset } from './dataset.lookahead';

export const datasetResolvers: Resolvers = {
  Query: {
    dataset: (_root, { id }, ctx, info) => ctx.datasets.requested(id, lookAheadDataset(info)),
    datasets: (_root, args, ctx) => ctx.datasets.list(args),
    datasetUpload: (_root, { datasetId, uploadId }, ctx) => ctx.uploads.status(datasetId, uploadId),
  },
  Mutation: {
    createDataset: (_root, { input }, ctx) => ctx.uploads.createDataset(input),
    startDatasetUpload: (_root, { input }, ctx) => ctx.uploads.start(input),
    confirmDatasetUploadPart: (_root, args, ctx) => ctx.uploads.confirmPart(args.datasetId, args.uploadId, args.partNumber, args.etag),
    completeDatasetUpload: (_root, { datasetId, uploadId }, ctx) => ctx.uploads.complete(datasetId, uploadId),
    finalizeDataset: (_root, { id }, ctx) => ctx.uploads.finalize(id),
  },
  Dataset: {
    // A job list of N jobs arrives here N times in one request: the DataLoader makes it one batch call.
    __resolveReference: (ref, ctx) => ctx.datasets.visible(ref.id),
    owner: async (dataset, _args, ctx) => {
      const { ownerId } = await ctx.datasets.metadata(dataset);
      // A legacy dataset whose old table stored no owner has none.
      return ownerId ? { __typename: 'User', id: ownerId } : null;
    },
    myPermission: (dataset, _args, ctx) => ctx.datasets.myPermission(dataset),
    downloadUrl: (dataset, { expiresIn }, ctx) => ctx.datasets.downloadUrl(dataset, expiresIn ?? 3600),
    images: (dataset, { first }, ctx) => ctx.datasets.images(dataset, first ?? 12),
    imagePage: (dataset, { first, after }, ctx) => ctx.datasets.imagePage(dataset, first ?? 24, after),
    statistics: (dataset, _args, ctx) => ctx.datasets.statistics(dataset),
  },
  User: {
    __resolveReference: (ref) => ({ id: ref.id }),
    datasets: (owner, args, ctx) => ctx.datasets.ofOwner(owner.id, args),
  },
};
