/**
 * One urql client per token: queries and mutations go as POST to `/graphql` (Apollo's CSRF
 * prevention rejects urql's default GET), subscriptions over graphql-ws on the same path with
 * the token in `connection_init`. A new token means a new client, so a WebSocket opened for one
 * user is never reused for the next.
 */
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange, type CombinedError } from 'urql';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { graphqlWsUrl } from './session';

export interface ConsoleClient {
  client: Client;
  dispose(): void;
}

/** True when the server says the token is missing, expired or invalid. */
export function isAuthError(error: CombinedError): boolean {
  if (error.response instanceof Response && error.response.status === 401) return true;
  return error.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
}

export function createConsoleClient(token: string | null, onAuthError: (error: CombinedError) => void): ConsoleClient {
  const authorization: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  let ws: WsClient | null = null;
  // Lazy: the login page never opens a socket.
  const wsClient = (): WsClient => (ws ??= createWsClient({ url: graphqlWsUrl(), lazy: true, connectionParams: authorization }));

  const client = new Client({
    url: '/graphql',
    preferGetMethod: false,
    fetchOptions: () => ({ headers: authorization }),
    exchanges: [
      cacheExchange,
      mapExchange({
        onError(error, operation) {
          // A failed login is a wrong password, not an expired session.
          if (token && operation.kind !== 'teardown' && isAuthError(error)) onAuthError(error);
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request) {
          const input = { ...request, query: request.query ?? '' };
          return {
            subscribe(sink) {
              const unsubscribe = wsClient().subscribe(input, sink);
              return { unsubscribe };
            },
          };
        },
      }),
    ],
  });

  return {
    client,
    dispose() {
      void ws?.dispose();
    },
  };
}
