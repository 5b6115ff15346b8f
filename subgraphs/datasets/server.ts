/**
 * The datasets subgraph: `Dataset` entities and queries, read from the Labeler (the single source
 * of truth, D1) through one resilient client and per-request DataLoaders. It has no database.
 */
import type { RunningService } from '../../lib/http';
import { createLogger } from '../../lib/log';
import { createSubgraph } from '../../lib/subgraph';
import type { DatasetsContext } from './context';
import { createDatasetLoaders } from './dataset/dataset.loaders';
import { datasetResolvers } from './dataset/dataset.resolvers';
import type { DatasetsEnv } from './env';
import { createLabelerClient } from '../../lib/labeler/labeler-client';

export async function createDatasetsServer(env: DatasetsEnv): Promise<RunningService> {
  const log = createLogger('datasets', env.LOG_LEVEL);
  const labeler = createLabelerClient(
    {
      baseUrl: env.LABELER_API_URL,
      serviceKey: env.LABELER_SERVICE_KEY,
      timeoutMs: env.LABELER_TIMEOUT_MS,
      maxRetries: env.LABELER_MAX_RETRIES,
      breakerThreshold: env.LABELER_BREAKER_THRESHOLD,
      halfOpenAfterMs: env.LABELER_BREAKER_HALF_OPEN_MS,
    },
    log,
  );
  const subgraph = await createSubgraph<DatasetsContext>({
    name: 'datasets',
    resolvers: datasetResolvers,
    jwt: env,
    log,
    metrics: env,
    exposeInternals: env.NODE_ENV === 'development',
    extendContext: (base) => {
      const api = labeler.forRequest(base.requestId);
      return { ...base, labeler: api, loaders: createDatasetLoaders(api, {
          maxBatchSize: env.LABELER_BATCH_MAX_SIZE,
          // Platform admins see everything: their permission is never asked of the Labeler.
          permissionsFor: env.LABELER_BATCH_PERMISSIONS && base.user && base.user.role !== 'admin' ? base.user.id : undefined,
        }) };
    },
  });
  return subgraph.listen(env.HOST, env.DATASETS_PORT);
}
