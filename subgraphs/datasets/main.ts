/** `node --import tsx/esm subgraphs/datasets/main.ts`: the datasets subgraph. */
import { runServiceMain } from '../../lib/service-main';
import { parseDatasetsEnv } from './env';
import { createDatasetsServer } from './server';

runServiceMain({
  name: 'datasets',
  parseEnv: () => parseDatasetsEnv(),
  start: (env) => createDatasetsServer(env),
  banner: (service, env) => `datasets subgraph listening on ${service.url}/graphql (Labeler ${env.labeler.baseUrl})`,
});
