/**
 * What the gateway needs to know from the supergraph SDL beyond what @apollo/gateway uses:
 * the `@access(role:)` of each root field (the API schema carries no directives, so the rules
 * are read here) and which subgraph owns each root field (from the join directives), which the
 * subscription bridge needs because @apollo/gateway will not plan subscriptions.
 */
import { Kind, parse, type ConstDirectiveNode, type DocumentNode, type EnumValueDefinitionNode } from 'graphql';
import { accessRules, ROOT_TYPES, type AccessRule } from '../lib/access';

export interface SubgraphEndpoint {
  /** Subgraph name as composed (`users`, `platform`, `datasets`). */
  name: string;
  /** Routing URL written in the supergraph (HTTP `/graphql`). */
  url: string;
}

export interface SupergraphInfo {
  /** `"Query.trainingJobs"` → `"guest"`. */
  access: Map<string, AccessRule>;
  /** `"Subscription.trainingJobUpdated"` → `"platform"`. */
  owners: Map<string, string>;
  /** Subgraph name → endpoint, from the `join__Graph` enum. */
  subgraphs: Map<string, SubgraphEndpoint>;
}

const stringArg = (directive: ConstDirectiveNode, name: string): string | undefined => {
  const arg = directive.arguments?.find((a) => a.name.value === name);
  return arg?.value.kind === Kind.STRING ? arg.value.value : undefined;
};

const enumArg = (directive: ConstDirectiveNode, name: string): string | undefined => {
  const arg = directive.arguments?.find((a) => a.name.value === name);
  return arg?.value.kind === Kind.ENUM ? arg.value.value : undefined;
};

function readGraphs(doc: DocumentNode): { byEnum: Map<string, SubgraphEndpoint>; byName: Map<string, SubgraphEndpoint> } {
  const byEnum = new Map<string, SubgraphEndpoint>();
  for (const def of doc.definitions) {
    if (def.kind !== Kind.ENUM_TYPE_DEFINITION || def.name.value !== 'join__Graph') continue;
    for (const value of def.values ?? ([] as readonly EnumValueDefinitionNode[])) {
      const graph = value.directives?.find((d) => d.name.value === 'join__graph');
      const name = graph && stringArg(graph, 'name');
      const url = graph && stringArg(graph, 'url');
      if (name && url !== undefined) byEnum.set(value.name.value, { name, url });
    }
  }
  return { byEnum, byName: new Map([...byEnum.values()].map((e) => [e.name, e])) };
}

/**
 * Owner of each root field: its `@join__field(graph:)` when present, else the single
 * `@join__type(graph:)` of the root type (composition omits `@join__field` when only one
 * subgraph defines the type, as for `Subscription` today).
 */
function readOwners(doc: DocumentNode, graphs: Map<string, SubgraphEndpoint>): Map<string, string> {
  const owners = new Map<string, string>();
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION || !(ROOT_TYPES as readonly string[]).includes(def.name.value)) continue;
    const typeGraphs = (def.directives ?? [])
      .filter((d) => d.name.value === 'join__type')
      .map((d) => enumArg(d, 'graph'))
      .filter((g): g is string => g !== undefined);
    for (const field of def.fields ?? []) {
      const fieldGraphs = (field.directives ?? [])
        .filter((d) => d.name.value === 'join__field')
        .map((d) => enumArg(d, 'graph'))
        .filter((g): g is string => g !== undefined);
      const candidates = fieldGraphs.length > 0 ? fieldGraphs : typeGraphs;
      // A root field resolvable by several subgraphs (@shareable) has no single owner: the
      // bridge picks the first, which is fine because each can serve it.
      const graph = candidates[0];
      const endpoint = graph ? graphs.get(graph) : undefined;
      if (endpoint) owners.set(`${def.name.value}.${field.name.value}`, endpoint.name);
    }
  }
  return owners;
}

export function readSupergraph(sdl: string): SupergraphInfo {
  const doc = parse(sdl);
  const { byEnum, byName } = readGraphs(doc);
  return { access: accessRules(doc), owners: readOwners(doc, byEnum), subgraphs: byName };
}
