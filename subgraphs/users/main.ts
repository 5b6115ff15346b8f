/** `node --import tsx/esm subgraphs/users/main.ts`: the users subgraph. */
import { runServiceMain } from '../../lib/service-main';
import { usersEnvShape } from './env';
import { createUsersServer } from './server';

runServiceMain({
  name: 'users',
  envShape: usersEnvShape,
  start: (env) => createUsersServer(env),
  banner: (service) => `users subgraph listening on ${service.url}/graphql`,
});
