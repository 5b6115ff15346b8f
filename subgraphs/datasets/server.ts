/**
 * The datasets subgraph: `Dataset` entities and queries, read from the Labeler (the single source
 * of truth, D1) through one resilient client and per-request DataLoaders. It has no database of
 * its own; it reads the caller's current role from the shared User DB (lib/account-status.ts).
 */
import { answers, type RunningService } from '../../lib/http';
import { createLogger } from '../../lib/log';
import { exposeInternals } from '../../lib/errors';
import { createAccountStatus, createUserDbAccountLookup } from '../../lib/account-status';
import { createSubgraph, SUBSCRIPTION_EVENT_HEADER } from '../../lib/subgraph';
import { createDatasetsContext, type DatasetsContext } from './context';
import { createLabelerMetadataCache } from './dataset/dataset.cache';
import { datasetResolvers } from './dataset/dataset.resolvers';
import type { DatasetsEnv } from './env';
import { createLabelerClient } from '../../lib/labeler/labeler-client';
import { createLegacyDatasets } from './dataset/dataset.legacy';

export async function createDatasetsServer(env: DatasetsEnv): Promise<RunningService> {
  const log = createLogger('datasets', env.logLevel);
  const labeler = createLabelerClient(env.labeler, log);
  const userAccounts = createUserDbAccountLookup(env.userDatabaseUrl, log.child({ component: 'user-db' }));
  const metadataCache = createLabelerMetadataCache(env.labeler.metadataTtlMs);
  const legacy = env.platformDatabaseUrl ? createLegacyDatasets(env.platformDatabaseUrl, log.child({ component: 'legacy-datasets' })) : undefined;
  const subgraph = await createSubgraph<DatasetsContext>({
    name: 'datasets',
    resolvers: datasetResolvers,
    jwt: env.jwt,
    accounts: createAccountStatus({ lookup: userAccounts.lookup, ttlMs: env.accountStatusTtlMs }),
    log,
    metrics: env.metrics,
    exposeInternals: exposeInternals(env.nodeEnv),
    graphql: env.graphql,
    maxDepth: env.maxDepth,
    maxTokens: env.maxTokens,
    maxAliases: env.maxAliases,
    extendContext: (base, req) =>
      createDatasetsContext(base, {
        labeler,
        maxBatchSize: env.labeler.batchMaxSize,
        batchPermissions: env.labeler.batchPermissions,
        maxCallsPerRequest: env.labeler.maxCallsPerRequest,
        // Only a subscription event's fetches may be answered from the cache: every ordinary request
        // asks the Labeler, so a grant or a revocation shows at once.
        metadataCache: req.headers[SUBSCRIPTION_EVENT_HEADER] === '1' ? metadataCache : undefined,
        legacy,
      }),
    readiness: {
      'user-db': () => userAccounts.ping(),
      // The Labeler contract's health endpoint (docs/labeler-contract.md).
      labeler: () => answers(`${env.labeler.baseUrl.replace(/\/+$/, '')}/health`),
    },
    onClose: async () => {
      await Promise.all([userAccounts.close(), legacy?.close()]);
    },
  });
  return subgraph.listen(env.host, env.port);
}
