/**
 * What a GraphQL endpoint tells a client about its schema beyond what the client asked for.
 * In production (GRAPHQL_INTROSPECTION, GRAPHQL_SUGGESTIONS; lib/env.ts) introspection is refused
 * and "Did you mean …" suggestions, which list field, argument and enum names, are cut from every
 * error message. Admins may always introspect with their token: the explorer (/explorer) sends the
 * console's token, so it keeps working for them. Used by the gateway (HTTP and WebSocket) and by
 * every subgraph, so a direct call is no way around it.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { NoSchemaIntrospectionCustomRule, validate, type DocumentNode, type GraphQLError, type GraphQLFormattedError, type GraphQLSchema } from 'graphql';
import type { AuthUser } from './auth';
import { requestError } from './errors';

export interface SchemaPrivacySettings {
  /** Answer `__schema`/`__type` for every caller; off: admins only. */
  introspection: boolean;
  /** Keep graphql-js's "Did you mean …" suggestions in error messages. */
  suggestions: boolean;
}

/** Cheap pre-check before a validation pass: `__schema` or `__type` (not `__typename`) appears at all. */
const MENTIONS_INTROSPECTION = /\b__(schema|type)\b/;

export const mayIntrospect = (settings: SchemaPrivacySettings, user: AuthUser | null | undefined) => settings.introspection || user?.role === 'admin';

/**
 * The refusal of an introspection query the caller may not run, or null. graphql-js's rule finds
 * `__schema`/`__type` anywhere in the document, fragments included.
 */
export function introspectionRefusal(schema: GraphQLSchema, document: DocumentNode, source: string | undefined): GraphQLError | null {
  if (source !== undefined && !MENTIONS_INTROSPECTION.test(source)) return null;
  const [found] = validate(schema, document, [NoSchemaIntrospectionCustomRule]);
  if (!found) return null;
  return requestError('GRAPHQL_VALIDATION_FAILED', `${found.message} Introspection is for admins on this server (GRAPHQL_INTROSPECTION).`);
}

/** graphql-js appends its suggestions at the end of a message: `… Did you mean "name"?`. */
export const withoutSuggestions = (message: string) => message.replace(/ ?Did you mean .+?\?$/s, '');

/** A formatError that also cuts suggestions when they are off (validation, variable coercion and resolver errors alike). */
export function hidingSuggestions<F extends (formatted: GraphQLFormattedError, error: unknown) => GraphQLFormattedError>(
  settings: SchemaPrivacySettings,
  formatError: F,
): F {
  if (settings.suggestions) return formatError;
  return ((formatted, error) => {
    const result = formatError(formatted, error);
    return { ...result, message: withoutSuggestions(result.message) };
  }) as F;
}

/** Refuses introspection before execution to callers who may not run it (Apollo validates without the context). */
export function schemaPrivacyPlugin<C extends { user: AuthUser | null }>(settings: SchemaPrivacySettings): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      if (settings.introspection) return;
      return {
        async didResolveOperation({ schema, document, source, contextValue }) {
          if (mayIntrospect(settings, contextValue.user)) return;
          const refusal = introspectionRefusal(schema, document, source);
          if (refusal) throw refusal;
        },
      };
    },
  };
}
