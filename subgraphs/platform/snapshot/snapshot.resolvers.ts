/** `DatasetSnapshot` and `Dataset.snapshots` (`Dataset.trainingJobs` is batched in training-job/dataset-jobs.resolvers.ts). */
import { canSeeAll, requireUser } from '../../../lib/auth';
import { badInput } from '../../../lib/errors';
import type { Resolvers } from '../__generated__/resolvers-types';
import { DatasetSnapshot } from './snapshot.entity';

export const snapshotResolvers: Resolvers = {
  Dataset: {
    // The datasets subgraph decides whether the dataset exists and is visible; here it is only an id.
    __resolveReference: (ref) => ({ id: ref.id }),
    snapshots: (dataset, { first }, ctx) => {
      const user = requireUser(ctx.user);
      if (!Number.isInteger(first) || first < 0 || first > 100) throw badInput('`first` must be between 0 and 100.', { first: '0..100' });
      const where = canSeeAll(user) ? { datasetId: dataset.id } : { datasetId: dataset.id, createdBy: user.id };
      return ctx.em.find(DatasetSnapshot, where, { orderBy: { createdAt: 'desc', id: 'desc' }, limit: first });
    },
  },
  DatasetSnapshot: {
    createdBy: (snapshot) => ({ __typename: 'User', id: snapshot.createdBy }),
    createdAt: (snapshot) => snapshot.createdAt.toISOString(),
  },
};
