/**
 * Which `downloadUrl(expiresIn)` values a `dataset(id)` query asks for, and whether it reads any
 * metadata at all, read from the operation before any field resolves. The service starts those
 * presigning calls beside the metadata call instead of after it, so a download URL costs one
 * Labeler round trip of waiting, not two or three; a query that asks only for URLs needs no
 * metadata call.
 */
import { getArgumentValues, isObjectType, Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { isIncluded } from '../../../lib/lookahead';

export interface DatasetLookahead {
  /** Every distinct `expiresIn` the query asks `downloadUrl` for. */
  downloadUrlExpiries: number[];
  /** False only when nothing but `id`, `__typename`, `downloadUrl` and `images` is selected. */
  metadata: boolean;
}

const NOTHING_AHEAD: DatasetLookahead = { downloadUrlExpiries: [], metadata: true };

/** Fields answered from the dataset id alone (the two URL fields ask the Labeler with the id). */
const ID_ONLY_FIELDS = new Set(['id', '__typename', 'downloadUrl', 'images']);

/** The `Dataset` fields selected under the field being resolved (`info.fieldNodes`), fragments included. */
export function lookAheadDataset(info: GraphQLResolveInfo): DatasetLookahead {
  const type = info.schema.getType('Dataset');
  const downloadUrl = isObjectType(type) ? type.getFields().downloadUrl : undefined;
  if (!downloadUrl) return NOTHING_AHEAD;
  const expiries = new Set<number>();
  let metadata = false;
  const visitedFragments = new Set<string>();
  const onDataset = (typeCondition: { name: { value: string } } | undefined) => !typeCondition || typeCondition.name.value === 'Dataset';

  const visit = (set: SelectionSetNode | undefined) => {
    for (const selection of set?.selections ?? []) {
      if (!isIncluded(selection, info.variableValues)) continue;
      if (selection.kind === Kind.FIELD) {
        if (!ID_ONLY_FIELDS.has(selection.name.value)) metadata = true;
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
        else metadata = true; // not understood here: assume it needs everything
      } else {
        const name = selection.name.value;
        const fragment = info.fragments[name];
        if (!fragment || !onDataset(fragment.typeCondition)) metadata = true;
        else if (!visitedFragments.has(name)) {
          visitedFragments.add(name);
          visit(fragment.selectionSet);
        }
      }
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return { downloadUrlExpiries: [...expiries], metadata };
}
