/**
 * Trusted documents (decisions.md #43): the gateway knows every document the product's own
 * clients send, from the operations manifest (`schema/operations-manifest.json`, entries whose
 * origin is console, explorer or script), and can refuse the others.
 *
 * - Hashes: Apollo Server's automatic persisted queries (`extensions.persistedQuery.sha256Hash`,
 *   sha256 hex of the text) read from `cache` below, which answers the manifest's hashes first. The
 *   console sends hashes only (codegen's persisted documents); an unknown hash is
 *   PERSISTED_QUERY_NOT_FOUND, and an APQ client then sends the text with its hash once.
 * - `TRUSTED_DOCUMENTS` decides what else runs:
 *   - `off`: the manifest is not loaded; APQ registers any document (Apollo's default behaviour).
 *   - `allow-unknown` (default): the manifest's hashes are known from the start; any other document
 *     runs, and APQ registers it (a bounded in-memory store).
 *   - `only`: a document runs when its text is in the manifest (sent by hash or as text), or when
 *     the caller is an admin (the explorer); APQ registers nothing; anything else is refused with
 *     PERSISTED_QUERY_NOT_ALLOWED before Apollo parses it.
 * The same rules apply on the WebSocket (ws-server.ts), where a subscription may come by hash too.
 */
import type { ApolloServerPlugin, GraphQLRequestContextDidResolveSource } from '@apollo/server';
import { parse, type DocumentNode, type GraphQLError } from 'graphql';
import type { AuthUser } from '../lib/auth';
import { appError, requestError } from '../lib/errors';
import { readManifest, sha256Hex, TRUSTED_ORIGINS, type OperationsManifest } from '../lib/operations-manifest';

export type TrustedDocumentsMode = 'off' | 'allow-unknown' | 'only';
export const TRUSTED_DOCUMENTS_MODES = ['off', 'allow-unknown', 'only'] as const;

/** Apollo's `KeyValueCache` as the APQ store uses it (keys are `apq:` + the sha256 hex of the text). */
export interface PersistedQueryCache {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean | void>;
}

export interface TrustedDocuments {
  mode: TrustedDocumentsMode;
  /** For Apollo's `persistedQueries.cache`: the manifest, then documents registered by APQ (not in `only`). */
  cache: PersistedQueryCache;
  /** The text of a known hash (manifest or registered), for the WebSocket. */
  lookup(sha256Hash: string): Promise<string | undefined>;
  /** The refusal of `source` for `user`, or undefined when it may run. */
  refusal(source: string, user: AuthUser | null | undefined): GraphQLError | undefined;
  /** How many manifest documents are trusted. */
  known: number;
}

/** Characters of APQ-registered text kept in `allow-unknown`/`off` (the oldest go first). */
export const REGISTERED_MAX_CHARS = 8 * 1024 * 1024;

export const NOT_ALLOWED_MESSAGE = 'This gateway runs only the operations of its own clients (trusted documents): send a known document or its hash.';

/** Apollo's message for an unknown hash: APQ clients (urql's persistedExchange, Apollo Client) retry with the text on it. */
export const PERSISTED_QUERY_NOT_FOUND_MESSAGE = 'PersistedQueryNotFound';

export const persistedQueryNotFound = () => appError('PERSISTED_QUERY_NOT_FOUND', PERSISTED_QUERY_NOT_FOUND_MESSAGE);

export function createTrustedDocuments(
  mode: TrustedDocumentsMode,
  manifest: OperationsManifest | null = mode === 'off' ? null : readManifest(),
): TrustedDocuments {
  const trusted = new Map<string, string>();
  for (const operation of manifest?.operations ?? []) {
    if (TRUSTED_ORIGINS.includes(operation.origin)) trusted.set(operation.hash.replace(/^sha256:/, ''), operation.body);
  }
  // Insertion order is age: the first entries are evicted first.
  const registered = new Map<string, string>();
  let registeredChars = 0;
  const lookup = async (hash: string) => trusted.get(hash) ?? registered.get(hash);
  // Apollo prefixes the keys of its APQ store.
  const hashOf = (key: string) => key.replace(/^apq:/, '');

  const cache: PersistedQueryCache = {
    get: (key) => lookup(hashOf(key)),
    async set(prefixed, value) {
      const key = hashOf(prefixed);
      if (mode === 'only' || trusted.has(key) || registered.has(key) || value.length > REGISTERED_MAX_CHARS) return;
      registered.set(key, value);
      registeredChars += value.length;
      for (const [oldest, text] of registered) {
        if (registeredChars <= REGISTERED_MAX_CHARS) break;
        registered.delete(oldest);
        registeredChars -= text.length;
      }
    },
    async delete(prefixed) {
      const key = hashOf(prefixed);
      const text = registered.get(key);
      if (text === undefined) return false;
      registered.delete(key);
      registeredChars -= text.length;
      return true;
    },
  };

  return {
    mode,
    cache,
    lookup,
    known: trusted.size,
    refusal(source, user) {
      if (mode !== 'only' || user?.role === 'admin' || trusted.has(sha256Hex(source))) return undefined;
      return requestError('PERSISTED_QUERY_NOT_ALLOWED', NOT_ALLOWED_MESSAGE);
    },
  };
}

/** Apollo skips parsing and validation for a request that already has a document; this one is never run. */
const REFUSED: DocumentNode = parse('{ __typename }');

/**
 * Apollo Server plugin: refuses a document that may not run (`only` mode) before Apollo parses or
 * validates it (only the operation-limits plugin's token-bounded parse runs); the refusal is answered from `didResolveOperation` (as the operation-limits plugin does, whose
 * comment says why). List it first. Requests the gateway runs itself (`trustedDocumentChecked`: a
 * WebSocket operation checked in ws-server.ts, a subscription event) are not checked again.
 */
export function trustedDocumentsPlugin<C extends { user: AuthUser | null; trustedDocumentChecked?: boolean }>(
  documents: TrustedDocuments,
): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      if (documents.mode !== 'only') return;
      let refusal: GraphQLError | undefined;
      return {
        async didResolveSource(requestContext: GraphQLRequestContextDidResolveSource<C>) {
          if (requestContext.contextValue.trustedDocumentChecked) return;
          refusal = documents.refusal(requestContext.source, requestContext.contextValue.user);
          if (refusal) (requestContext as { document?: DocumentNode }).document = REFUSED;
        },
        async didResolveOperation() {
          if (refusal) throw refusal;
        },
      };
    },
  };
}
