/** `node --import tsx/esm subgraphs/users/main.ts`: the users subgraph. */
import { runServiceMain } from '../../lib/service-main';
import { parseUsersEnv } from './env';
import { createUsersServer } from './server';

runServiceMain({
  name: 'users',
  parseEnv: () => parseUsersEnv(),
  start: (env) => createUsersServer(env),
  banner: (service) => `users subgraph listening on ${service.url}/graphql`,
});
