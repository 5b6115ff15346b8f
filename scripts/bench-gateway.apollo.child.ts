/**
 * The stock `@apollo/gateway` + Apollo Server that `npm run bench:gateway` compares with: what
 * Apollo's documentation gives (standalone server, a RemoteGraphQLDataSource whose
 * `willSendRequest` forwards the caller's Authorization header), nothing tuned. Arguments: the
 * supergraph file and the port; tells the parent its URL over IPC once listening.
 */
import { readFileSync } from 'node:fs';
import { ApolloServer } from '@apollo/server';
import { startStandaloneServer } from '@apollo/server/standalone';
import { ApolloGateway, RemoteGraphQLDataSource } from '@apollo/gateway';
import { stopWithParent } from '../lib/process';

interface Context {
  authorization?: string;
}

class AuthenticatedDataSource extends RemoteGraphQLDataSource<Context> {
  override willSendRequest({ request, context }: Parameters<NonNullable<RemoteGraphQLDataSource<Context>['willSendRequest']>>[0]) {
    if (context.authorization) request.http?.headers.set('authorization', context.authorization);
  }
}

const [supergraphPath, port] = process.argv.slice(2);
const gateway = new ApolloGateway({
  supergraphSdl: readFileSync(supergraphPath!, 'utf8'),
  buildService: ({ url }) => new AuthenticatedDataSource({ url }),
});
const server = new ApolloServer<Context>({ gateway });
const { url } = await startStandaloneServer(server, {
  listen: { host: '127.0.0.1', port: Number(port) },
  context: async ({ req }) => ({ authorization: req.headers.authorization }),
});
process.send?.({ type: 'ready', url });
stopWithParent(() => server.stop());
