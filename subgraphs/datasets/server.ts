/**
 * The datasets subgraph: `Dataset` entities and queries, read from the Labeler (the single source
 * of truth, D1) through one resilient client and per-request DataLoaders. It has no database.
 */
import type { RunningService } from '../../lib/http';
import { createLogger } from '../../lib/log';
import { exposeInternals } from '../../lib/errors';
import { createSubgraph } from '../../lib/subgraph';
import { createDatasetsContext, type DatasetsContext } from './context';
import { datasetResolvers } from './dataset/dataset.resolvers';
import type { DatasetsEnv } from './env';
import { createLabelerClient } from '../../lib/labeler/labeler-client';

export async function createDatasetsServer(env: DatasetsEnv): Promise<RunningService> {
  const log = createLogger('datasets', env.logLevel);
  const labeler = createLabelerClient(env.labeler, log);
  const subgraph = await createSubgraph<DatasetsContext>({
    name: 'datasets',
    resolvers: datasetResolvers,
    jwt: env.jwt,
    log,
    metrics: env.metrics,
    exposeInternals: exposeInternals(env.nodeEnv),
    maxDepth: env.maxDepth,
    extendContext: (base) => createDatasetsContext(base, { labeler, maxBatchSize: env.labeler.batchMaxSize, batchPermissions: env.labeler.batchPermissions }),
  });
  return subgraph.listen(env.host, env.port);
}
