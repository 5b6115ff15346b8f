/**
 * Early `@access` rejection at the gateway: before planning, refuse an operation whose root
 * fields need a role the caller lacks. The subgraphs check again (they are the final word);
 * this saves the fan-out and gives one clear error instead of several partial ones.
 */
import {
  GraphQLError,
  Kind,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';
import { checkAccess, type AccessRule } from '../lib/access';
import type { AuthUser } from '../lib/auth';
import { requestError } from '../lib/errors';

const ROOT_TYPE_NAME = { query: 'Query', mutation: 'Mutation', subscription: 'Subscription' } as const;

export function fragmentsOf(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const def of document.definitions) if (def.kind === Kind.FRAGMENT_DEFINITION) fragments.set(def.name.value, def);
  return fragments;
}

/** The root field nodes of a selection set, looking through fragment spreads and inline fragments. */
export function collectRootFields(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): FieldNode[] {
  const fields: FieldNode[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) fields.push(selection);
    else if (selection.kind === Kind.INLINE_FRAGMENT) fields.push(...collectRootFields(selection.selectionSet, fragments, seen));
    else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      if (!fragment || seen.has(name)) continue;
      seen.add(name);
      fields.push(...collectRootFields(fragment.selectionSet, fragments, seen));
    }
  }
  return fields;
}

/** Why `selectOperation` found nothing: the document's operations and the request's `operationName` do not pick one. */
export const noOperationMessage = (operationName: string | null | undefined) =>
  operationName ? 'No operation of the document has that operationName.' : 'Could not determine which operation to run: name one with operationName.';

/** The operation graphql-js would run: by name, or the only one. */
export function selectOperation(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operationName) return operations.find((o) => o.name?.value === operationName);
  return operations.length === 1 ? operations[0] : undefined;
}

/** `["Query.trainingJobs", "Query.me"]`; introspection fields (`__schema`, `__typename`) are left out. */
export function rootFieldKeys(operation: OperationDefinitionNode, document: DocumentNode): string[] {
  const typeName = ROOT_TYPE_NAME[operation.operation];
  const names = collectRootFields(operation.selectionSet, fragmentsOf(document))
    .map((f) => f.name.value)
    .filter((name) => !name.startsWith('__'));
  return [...new Set(names)].map((name) => `${typeName}.${name}`);
}

/**
 * Throws UNAUTHENTICATED (anonymous caller) or FORBIDDEN (role too low) for the first root field
 * the caller may not run. A field without a rule is refused: composition guarantees every root
 * field has one, so a missing rule means the supergraph and the gateway disagree.
 */
export function checkOperationAccess(keys: string[], rules: Map<string, AccessRule>, user: AuthUser | null): void {
  for (const key of keys) {
    const rule = rules.get(key);
    if (!rule) throw requestError('FORBIDDEN', `${key} has no access rule in the supergraph.`);
    try {
      checkAccess(rule, user);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const code = error.extensions.code === 'UNAUTHENTICATED' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
      throw requestError(code, `${error.message} (${key})`, { field: key });
    }
  }
}
