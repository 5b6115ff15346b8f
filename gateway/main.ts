/** `node --import tsx/esm gateway/main.ts`: the gateway (GraphQL over HTTP and WebSocket, console, explorer). */
import { runServiceMain } from '../lib/service-main';
import { parseGatewayEnv } from './env';
import { createGatewayServer } from './server';

runServiceMain({
  name: 'gateway',
  parseEnv: () => parseGatewayEnv(),
  start: (env) => createGatewayServer(env),
  banner: (service) => `gateway listening on ${service.url} (GraphQL + WebSocket at ${service.url}/graphql, explorer at ${service.url}/explorer)`,
});
