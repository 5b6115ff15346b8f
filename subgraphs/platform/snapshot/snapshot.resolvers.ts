/** `DatasetSnapshot` and the fields the platform contributes to the Labeler's `Dataset` entity. */
import { canSeeAll, requireUser } from '../../../lib/auth';
import { badInput } from '../../../lib/errors';
import type { Resolvers } from '../__generated__/resolvers-types';
import { listTrainingJobs } from '../training-job/training-job.service';
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
    trainingJobs: (dataset, args, ctx) => listTrainingJobs(ctx.em, requireUser(ctx.user), args, { datasetId: dataset.id }),
  },
  DatasetSnapshot: {
    createdBy: (snapshot) => ({ __typename: 'User', id: snapshot.createdBy }),
    createdAt: (snapshot) => snapshot.createdAt.toISOString(),
  },
};
