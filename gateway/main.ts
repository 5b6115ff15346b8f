/** `node --import tsx/esm gateway/main.ts`: the gateway (GraphQL over HTTP and WebSocket, console, explorer). */
import { runServiceMain } from '../lib/service-main';
import { parseGatewayEnv } from './env';
import { createGatewayServer } from './server';

runServiceMain({
  name: 'gateway',
  parseEnv: () => parseGatewayEnv(),
  start: async (env) => {
    const service = await createGatewayServer(env);
    // `kill -HUP <pid>`: serve the supergraph file as it is now (a failed reload is logged, the old one kept).
    process.on('SIGHUP', () => void service.reloadSupergraph('SIGHUP'));
    return service;
  },
  banner: (service) => `gateway listening on ${service.url} (GraphQL + WebSocket at ${service.url}/graphql, explorer at ${service.url}/explorer)`,
});
