/** `node --import tsx/esm subgraphs/platform/main.ts`: the platform subgraph (HTTP and graphql-ws). */
import { runServiceMain } from '../../lib/service-main';
import { parsePlatformEnv } from './env';
import { createPlatformServer } from './server';

runServiceMain({
  name: 'platform',
  parseEnv: () => parsePlatformEnv(),
  start: (env) => createPlatformServer(env),
  banner: (service) => `platform subgraph listening on ${service.url}/graphql (HTTP and graphql-ws)`,
});
