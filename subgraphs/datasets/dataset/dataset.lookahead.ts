/**
 * Which `downloadUrl(expiresIn)` values a `dataset(id)` query asks for, read from the operation
 * before any field resolves. The service starts those presigning calls beside the metadata call
 * instead of after it, so a download URL costs one Labeler round trip of waiting, not two or three.
 */
import {
  getArgumentValues,
  getDirectiveValues,
  GraphQLIncludeDirective,
  GraphQLSkipDirective,
  isObjectType,
  Kind,
  type FragmentSpreadNode,
  type GraphQLResolveInfo,
  type InlineFragmentNode,
  type FieldNode,
  type SelectionSetNode,
} from 'graphql';

export interface DatasetLookahead {
  /** Every distinct `expiresIn` the query asks `downloadUrl` for. */
  downloadUrlExpiries: number[];
}

export const NOTHING_AHEAD: DatasetLookahead = { downloadUrlExpiries: [] };

type Selection = FieldNode | InlineFragmentNode | FragmentSpreadNode;

/** `@skip` / `@include` as the executor will apply them. */
function isIncluded(node: Selection, variables: GraphQLResolveInfo['variableValues']): boolean {
  if (getDirectiveValues(GraphQLSkipDirective, node, variables)?.if === true) return false;
  return getDirectiveValues(GraphQLIncludeDirective, node, variables)?.if !== false;
}

/** The `Dataset` fields selected under the field being resolved (`info.fieldNodes`), fragments included. */
export function lookAheadDataset(info: GraphQLResolveInfo): DatasetLookahead {
  const type = info.schema.getType('Dataset');
  const downloadUrl = isObjectType(type) ? type.getFields().downloadUrl : undefined;
  if (!downloadUrl) return NOTHING_AHEAD;
  const expiries = new Set<number>();
  const visitedFragments = new Set<string>();
  const onDataset = (typeCondition: { name: { value: string } } | undefined) => !typeCondition || typeCondition.name.value === 'Dataset';

  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (!isIncluded(selection, info.variableValues)) continue;
      if (selection.kind === Kind.FIELD) {
        if (selection.name.value === 'downloadUrl') {
          // Arguments the executor would reject are left to it: nothing is started for them.
          try {
            const { expiresIn } = getArgumentValues(downloadUrl, selection, info.variableValues);
            if (typeof expiresIn === 'number') expiries.add(expiresIn);
          } catch {
            /* reported by the field itself */
          }
        }
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        if (onDataset(selection.typeCondition)) visit(selection.selectionSet);
      } else {
        const name = selection.name.value;
        const fragment = info.fragments[name];
        if (fragment && !visitedFragments.has(name) && onDataset(fragment.typeCondition)) {
          visitedFragments.add(name);
          visit(fragment.selectionSet);
        }
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return { downloadUrlExpiries: [...expiries] };
}
