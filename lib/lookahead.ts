/**
 * Reading what a query selects under the field being resolved, before anything below it resolves,
 * so that a resolver can leave out work nobody asked for (a list's count, a metadata call).
 */
import {
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  Kind,
  type GraphQLResolveInfo,
  type SelectionNode,
  type SelectionSetNode,
} from 'graphql';

/** `@skip` / `@include` as the executor will apply them. */
export function isIncluded(node: SelectionNode, variables: GraphQLResolveInfo['variableValues']): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
}

/**
 * Whether the field being resolved selects `name` on the object it returns, through inline
 * fragments and named fragments, as `@skip` / `@include` decide. A fragment it cannot read (an
 * unknown name) counts as selecting it: when in doubt, the work is done.
 */
export function selectsField(info: GraphQLResolveInfo, name: string): boolean {
  const visited = new Set<string>();
  const search = (set: SelectionSetNode | undefined): boolean => {
    for (const selection of set?.selections ?? []) {
      if (!isIncluded(selection, info.variableValues)) continue;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === name) return true;
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (search(selection.selectionSet)) return true;
      } else {
        const fragment = info.fragments[selection.name.value];
        if (!fragment) return true;
        if (visited.has(selection.name.value)) continue;
        visited.add(selection.name.value);
        if (search(fragment.selectionSet)) return true;
      }
    }
    return false;
  };
  return info.fieldNodes.some((node) => search(node.selectionSet));
}
