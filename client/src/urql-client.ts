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
 *
 * Every operation goes as its hash (trusted documents, decisions.md #43): codegen's persisted
 * documents carry their sha256 in `__meta__.hash`, and the gateway knows those hashes from the
 * operations manifest; subscriptions too, in the graphql-ws `subscribe` payload's extensions. Should
 * the gateway not know a hash (`PersistedQueryNotFound`: TRUSTED_DOCUMENTS=off), the operation is
 * sent again with its text.
 */
import { Client, cacheExchange, fetchExchange, mapExchange, subscriptionExchange, type CombinedError } from 'urql';
import { persistedExchange } from '@urql/exchange-persisted';
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

/** The hash codegen computed for a console document (without its `sha256:` prefix); undefined sends the text. */
export function documentHash(document: unknown): string | undefined {
  const hash = (document as { __meta__?: { hash?: unknown } } | null)?.__meta__?.hash;
  return typeof hash === 'string' ? hash.replace(/^sha256:/, '') : undefined;
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
      persistedExchange({
        generateHash: async (_query, document) => documentHash(document),
        enableForMutation: true,
        enableForSubscriptions: true,
        // POST like every other request (Apollo's CSRF prevention refuses urql's plain GET).
        preferGetForPersistedQueries: false,
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
