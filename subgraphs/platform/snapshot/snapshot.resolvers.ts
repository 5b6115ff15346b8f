/** `DatasetSnapshot` and `Dataset.snapshots` (`Dataset.trainingJobs` is batched in training-job/dataset-jobs.resolvers.ts). */
import type { Resolvers } from '../__generated__/resolvers-types';

export const snapshotResolvers: Resolvers = {
  Dataset: {
    // The datasets subgraph decides whether the dataset exists and is visible; here it is only an id.
    __resolveReference: (ref) => ({ id: ref.id }),
    snapshots: (dataset, { first }, ctx) => ctx.snapshots.ofDataset(dataset.id, first),
  },
  DatasetSnapshot: {
    createdBy: (snapshot) => ({ __typename: 'User', id: snapshot.createdBy }),
    createdAt: (snapshot) => snapshot.createdAt.toISOString(),
  },
};
