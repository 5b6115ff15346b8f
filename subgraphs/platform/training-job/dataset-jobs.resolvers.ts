/**
 * `Dataset.trainingJobs`, batched: the datasets of one `_entities` call share one page query and
 * one count query (`training-job.batch.ts`). Merged over the snapshot resolvers' `Dataset`.
 */
import type { DatasetResolvers } from '../__generated__/resolvers-types';

export const datasetJobResolvers: Pick<DatasetResolvers, 'trainingJobs'> = {
  trainingJobs: (dataset, args, ctx) => ctx.jobs.ofDataset(dataset.id, args),
};
