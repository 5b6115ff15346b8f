/**
 * Text arguments PostgreSQL can store and compare: no NUL (U+0000), which neither `text` nor
 * `jsonb` accepts (the driver fails the whole query). Checked once per operation, before
 * execution, on the variables and on the string literals of the document, at the gateway and at
 * every subgraph (a direct call is held to it too): a request carrying one is refused with
 * 400/BAD_USER_INPUT, `extensions.fields` naming each offending argument (`input.name`, `id`).
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, visit, type ArgumentNode, type DocumentNode, type GraphQLError, type ValueNode } from 'graphql';
import { requestError } from './errors';

const NUL = '\u0000';
export const NUL_MESSAGE = 'must not contain NUL (U+0000) characters';

/** The paths under `prefix` of every string holding a NUL (at most `limit`). */
function nulPaths(value: unknown, prefix: string, found: string[], limit = 10, depth = 0): void {
  if (found.length >= limit || depth > 64) return;
  if (typeof value === 'string') {
    if (value.includes(NUL)) found.push(prefix);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => nulPaths(item, `${prefix}.${i}`, found, limit, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key.includes(NUL)) found.push(`${prefix}.${key.replaceAll(NUL, '\\u0000')}`);
      nulPaths(inner, `${prefix}.${key}`, found, limit, depth + 1);
    }
  }
}

/** Where a plain JSON value (a REST body, query or path parameters) holds a NUL, as `prefix.key.0` paths (at most 10). */
export function findNulText(value: unknown, prefix: string): string[] {
  const found: string[] = [];
  nulPaths(value, prefix, found);
  return found;
}

function literalNulPaths(node: ValueNode, prefix: string, found: string[]): void {
  if (node.kind === Kind.STRING) {
    if (node.value.includes(NUL)) found.push(prefix);
  } else if (node.kind === Kind.LIST) {
    node.values.forEach((item, i) => literalNulPaths(item, `${prefix}.${i}`, found));
  } else if (node.kind === Kind.OBJECT) {
    for (const field of node.fields) literalNulPaths(field.value, `${prefix}.${field.name.value}`, found);
  }
}

/**
 * The arguments whose literals hold a NUL, per document. Servers keep parsed documents and hand the
 * same object to every request of that text, so the walk runs once per distinct operation, not per request.
 */
const literalsOf = new WeakMap<DocumentNode, readonly string[]>();

function literalNulArguments(document: DocumentNode): readonly string[] {
  let found = literalsOf.get(document);
  if (!found) {
    const paths: string[] = [];
    visit(document, {
      Argument(node: ArgumentNode) {
        literalNulPaths(node.value, node.name.value, paths);
      },
    });
    found = paths;
    literalsOf.set(document, found);
  }
  return found;
}

/** Where a request's variables and document literals hold a NUL: `$input.name` is named `input.name`, an argument by its name. */
export function findNulArguments(document: DocumentNode, variables: Record<string, unknown> | undefined): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(variables ?? {})) nulPaths(value, name, found);
  found.push(...literalNulArguments(document));
  return found;
}

/** The 400/BAD_USER_INPUT refusing an operation whose text arguments hold a NUL, or null when none does. */
export function nulArgumentsError(document: DocumentNode, variables: Record<string, unknown> | undefined): GraphQLError | null {
  const found = findNulArguments(document, variables);
  if (found.length === 0) return null;
  return requestError('BAD_USER_INPUT', `Text ${NUL_MESSAGE}: ${found.join(', ')}.`, {
    fields: Object.fromEntries(found.map((path) => [path, NUL_MESSAGE])),
  });
}

/** The Apollo plugin: refuses an operation whose text arguments hold a NUL before it runs (the gateway's WebSocket server calls `nulArgumentsError`). */
export function inputTextPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const error = nulArgumentsError(document, request.variables);
          if (error) throw error;
        },
      };
    },
  };
}
