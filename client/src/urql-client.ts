/**
 * One urql client per token: queries and mutations go as POST to `/graphql` (Apollo's CSRF
 * prevention rejects urql's default GET), subscriptions over graphql-ws on the same path with
 * the token in `connection_init`. A new token means a new client, so a WebSocket opened for one
 * user is never reused for the next. An expired access token is renewed with the refresh token
 * (`refreshSession`), once, by the session hook that owns the client.
 *
 * After a dropped socket graphql-ws reconnects and sends each open subscription again. A delta
 * stream (`useDeltaStream`) gives its operation a `resumeVariables` context function; the
 * `subscribe` message then carries what it returns at the moment it is sent (the stream's last
 * cursor as `after`), so the stream resumes where it stopped instead of replaying from the cursor
 * it was first opened with.
 */
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange, type CombinedError } from 'urql';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';
import { graphqlWsUrl, type SessionTokens } from './session';

/** Operation context of a subscription whose variables change while it is open (see above). */
export interface ResumableContext {
  resumeVariables?: () => Record<string, unknown>;
}

export interface ConsoleClient {
  client: Client;
  dispose(): void;
}

/**
 * Context for operations that check a password: their UNAUTHENTICATED means "wrong credentials",
 * never "your session ended". Pass it as the second argument of a mutation's execute function.
 */
export const CREDENTIAL_CHECK = { credentialCheck: true } as const;

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
          // A wrong password (login, accepting an invitation for an existing account) is not an expired session.
          if (token && operation.kind !== 'teardown' && !operation.context.credentialCheck && isAuthError(error)) onAuthError(error);
        },
      }),
      fetchExchange,
      subscriptionExchange({
        forwardSubscription(request, operation) {
          const resume = (operation.context as ResumableContext).resumeVariables;
          // graphql-ws serialises the payload each time it sends `subscribe` (first and after every reconnect).
          const input = resume
            ? {
                ...request,
                query: request.query ?? '',
                get variables() {
                  return resume();
                },
              }
            : { ...request, query: request.query ?? '' };
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

// A plain string, not a `graphql()` document: codegen reads documents from .tsx files only, and
// this request must not go through a client whose token is the one that just expired.
const REFRESH_MUTATION = 'mutation RefreshSession($refreshToken: String!) { refreshToken(refreshToken: $refreshToken) { accessToken refreshToken } }';

interface RefreshResponse {
  data?: { refreshToken?: { accessToken: string; refreshToken: string } | null } | null;
}

let inFlight: { refreshToken: string; result: Promise<SessionTokens | null> } | null = null;

/**
 * Exchange a refresh token for a new pair. Several queries failing at once share one request
 * (the server rotates refresh tokens, so a second use of the same one would be refused).
 * Resolves to null when the server refuses or cannot be reached.
 */
export function refreshSession(refreshToken: string, fetchImpl: typeof fetch = fetch): Promise<SessionTokens | null> {
  if (inFlight?.refreshToken === refreshToken) return inFlight.result;
  const result = (async () => {
    try {
      const response = await fetchImpl('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: REFRESH_MUTATION, variables: { refreshToken } }),
      });
      const body = (await response.json()) as RefreshResponse;
      const tokens = body.data?.refreshToken;
      return tokens ? { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken } : null;
    } catch {
      return null;
    }
  })();
  inFlight = { refreshToken, result };
  return result;
}
