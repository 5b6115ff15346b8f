/**
 * Rewriting a client subscription for the bridge (decisions.md #19).
 *
 * `subscription { trainingJobUpdated(id: "7") { status owner { email } } }` becomes
 *  - upstream, sent to the owning subgraph: `subscription($id: ID!) { trainingJobUpdated(id: $id) { __typename id } }`
 *    — only what identifies the entity, so the subgraph never sees fields it cannot resolve;
 *  - per event, run through the gateway's query path:
 *    `query($bridgeId: ID!) { trainingJobUpdated: trainingJob(id: $bridgeId) { status owner { email } } }`
 *    whose `data` is exactly the subscription payload the client asked for.
 * The lookup field is found in the API schema: a Query field returning the entity type with a
 * single `id: ID!` argument. Without one, the client's operation is forwarded as is (it then works
 * only when every selected field belongs to the owning subgraph).
 */
import {
  GraphQLError,
  GraphQLObjectType,
  Kind,
  getArgumentValues,
  getNamedType,
  getNullableType,
  getVariableValues,
  isInterfaceType,
  isListType,
  isObjectType,
  isUnionType,
  print,
  type GraphQLNamedType,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type TypeNode,
  type VariableDefinitionNode,
} from 'graphql';
import { appError } from '../lib/errors';
import { collectRootFields, fragmentsOf, selectOperation } from './operation-access';

export interface GraphQLRequestText {
  query: string;
  variables: Record<string, unknown>;
  operationName?: string;
}

export interface EntityEventQuery {
  /** Entity type name (`TrainingJob`), for error messages. */
  typeName: string;
  /** Query with the entity id as variable `idVariable` and the client's selection. */
  query: string;
  idVariable: string;
  /** The client's variables the selection still uses. */
  variables: Record<string, unknown>;
  /**
   * True when the selection reads nothing but the entity's own fields and value objects (no other
   * entity: nothing with an `id`, no union): what it resolves to then depends only on the entity
   * being visible and on the caller's role, so viewers of one role may share one execution.
   * False (one execution per viewer) as soon as anything could depend on who asks (an owner, a
   * dataset the Labeler shows per user, a project).
   */
  roleShared: boolean;
}

export interface SubscriptionPlan {
  /** `Subscription.trainingJobUpdated`. */
  fieldKey: string;
  fieldName: string;
  /** Alias or field name: the key of the payload the client expects. */
  responseKey: string;
  upstream: GraphQLRequestText;
  /** Absent in pass-through mode: upstream events go to the client unchanged. */
  event?: EntityEventQuery;
  /**
   * A replaying stream (a pass-through field with an `after` cursor, e.g. `trainingJobMetrics`): what
   * it sends depends on when it was subscribed (history first, then live), so it never shares an
   * upstream with another subscriber and is never resubscribed behind the client's back (that would
   * replay from the original cursor again); an upstream failure ends it and the client resumes with
   * its last cursor (decisions.md, "Delta streams").
   */
  replays?: boolean;
  /**
   * How a replaying stream may share one upstream with its other subscribers (decisions.md #68):
   * present when its frames are a list of items that each carry a `cursor`, and the frame's own
   * `cursor` (see `DeltaFeedPlan`).
   */
  feed?: DeltaFeedPlan;
  /**
   * True for a stream of different entities (`trainingJobCreated`: no `id` argument): an event about
   * one the viewer may not see is skipped for that viewer, and the stream goes on. False for a
   * subscription to one entity (`trainingJobUpdated(id:)`), which ends when the viewer loses it.
   */
  manyEntities?: boolean;
  /**
   * A query for the subscribed entity's `__typename` (the lookup field with the subscription's
   * `id`), run before an upstream is opened: null or an error means it does not exist or is not
   * visible. Absent without a lookup field or an `id` argument. A pass-through stream about one
   * entity (`trainingJobMetrics(jobId:)`) is checked the same way through its subject's lookup field.
   */
  check?: GraphQLRequestText & { responseKey: string; typeName: string };
}

/**
 * A delta stream (`trainingJobMetrics(jobId, after)`) whose subscribers may share one upstream: what
 * a frame carries after a cursor is the same for everyone who may see the subject. Its selection
 * reads, at the root, only the frame's `cursor`, its list of items (each selecting its own `cursor`,
 * and only its own fields and value objects), `ID` fields (the subject's id) and `__typename`, with no
 * fragment or directive there, so that the frame a subscriber joining late needs (the items after its
 * cursor) can be cut from the frames already received.
 */
export interface DeltaFeedPlan {
  /** The client's selection with `after` as a variable of its own, set to this subscription's `after`. */
  upstream: GraphQLRequestText;
  /** The shared upstream's identity: the document and its variables, whatever `after` each subscriber gave. */
  key: string;
  /** This subscription's `after` (null: from the first item). */
  after: string | null;
  /** Response keys in each frame: the item list, the frame's cursor and each item's. */
  itemsKey: string;
  cursorKey: string;
  itemCursorKey: string;
}

/** Query field `(id: ID!): T` that loads an entity of type `type`, if the API has one. */
export function findLookupField(schema: GraphQLSchema, type: GraphQLObjectType): GraphQLField<unknown, unknown> | undefined {
  const query = schema.getQueryType();
  if (!query || !type.getFields().id) return undefined;
  return Object.values(query.getFields()).find((field) => {
    if (getNamedType(field.type) !== type || field.args.length !== 1) return false;
    const [arg] = field.args;
    return arg?.name === 'id' && getNamedType(arg.type).name === 'ID';
  });
}

/**
 * The existence check of a pass-through stream about one entity (`trainingJobMetrics(jobId:)`):
 * an `<name>Id: ID!` argument and exactly one lookup field named `<name>` or ending in `<Name>`
 * (`trainingJob` for `jobId`), or, when several do, the one the stream's name begins with.
 * Nothing when the stream names no such entity.
 */
function subjectCheck(schema: GraphQLSchema, fieldDef: GraphQLField<unknown, unknown>, args: Record<string, unknown>): Pick<SubscriptionPlan, 'check'> {
  const queryFields = Object.values(schema.getQueryType()?.getFields() ?? {});
  for (const arg of fieldDef.args) {
    const subject = /^([a-z]\w*)Id$/.exec(arg.name)?.[1];
    const id = args[arg.name];
    if (!subject || typeof id !== 'string' || getNamedType(arg.type).name !== 'ID') continue;
    const suffix = subject.charAt(0).toUpperCase() + subject.slice(1);
    const lookups = queryFields.filter((field) => {
      const type = getNamedType(field.type);
      return (field.name === subject || field.name.endsWith(suffix)) && isObjectType(type) && findLookupField(schema, type) === field;
    });
    // Several lookups end in the subject (`trainingJob`, `inferenceJob` for `jobId`): the stream's
    // own name says which entity it is about (`trainingJobMetrics` → `trainingJob`).
    const named = lookups.length > 1 ? lookups.filter((field) => fieldDef.name.startsWith(field.name)) : lookups;
    const [lookup] = named;
    if (named.length !== 1 || !lookup) continue;
    return {
      check: {
        query: `query BridgeCheck($id: ID!) { ${lookup.name}(id: $id) { __typename } }`,
        variables: { id },
        operationName: 'BridgeCheck',
        responseKey: lookup.name,
        typeName: getNamedType(lookup.type).name,
      },
    };
  }
  return {};
}

/** Fragments reachable from `selectionSet` and the variables used there (fragments included). */
function usedBy(selectionSet: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>) {
  const used = { fragments: new Map<string, FragmentDefinitionNode>(), variables: new Set<string>() };
  const queue: Array<SelectionSetNode | FragmentDefinitionNode> = [selectionSet];
  while (queue.length > 0) {
    visit(queue.pop()!, {
      Variable: (node) => void used.variables.add(node.name.value),
      FragmentSpread: (node) => {
        const fragment = fragments.get(node.name.value);
        if (fragment && !used.fragments.has(fragment.name.value)) {
          used.fragments.set(fragment.name.value, fragment);
          queue.push(fragment);
        }
      },
    });
  }
  return used;
}

const name = (value: string) => ({ kind: Kind.NAME, value }) as const;

/** See `EntityEventQuery.roleShared`: whether `selectionSet` on `type` reaches no other entity. */
function readsOnlyOwnFields(
  schema: GraphQLSchema,
  type: GraphQLNamedType,
  selectionSet: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  seen = new Set<string>(),
): boolean {
  if (!isObjectType(type) && !isInterfaceType(type)) return false;
  const fields = type.getFields();
  return selectionSet.selections.every((selection) => {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
      return !!condition && condition === type && readsOnlyOwnFields(schema, condition, selection.selectionSet, fragments, seen);
    }
    if (selection.kind === Kind.FRAGMENT_SPREAD) {
      const fragment = fragments.get(selection.name.value);
      if (!fragment || schema.getType(fragment.typeCondition.name.value) !== type) return false;
      if (seen.has(fragment.name.value)) return true;
      seen.add(fragment.name.value);
      return readsOnlyOwnFields(schema, type, fragment.selectionSet, fragments, seen);
    }
    if (selection.name.value === '__typename') return true;
    const field = fields[selection.name.value];
    if (!field) return false;
    const named = getNamedType(field.type);
    if (!selection.selectionSet) return !isObjectType(named) && !isInterfaceType(named) && !isUnionType(named);
    if (isUnionType(named) || ((isObjectType(named) || isInterfaceType(named)) && 'id' in named.getFields())) return false;
    return readsOnlyOwnFields(schema, named, selection.selectionSet, fragments, seen);
  });
}

/**
 * The variables of an operation the bridge writes from the client's: one of its own named `base`
 * (with `_` appended while the client already uses that name) and of type `type`, then the client's
 * definitions of the variables in `used`; and the values the client gave those.
 */
function bridgeVariables(operation: OperationDefinitionNode, used: Set<string>, rawVariables: Record<string, unknown>, base: string, type: TypeNode) {
  const defined = operation.variableDefinitions ?? [];
  const taken = new Set(defined.map((d) => d.variable.name.value));
  let own = base;
  while (taken.has(own)) own = `${own}_`;
  const clientDefs = defined.filter((d) => used.has(d.variable.name.value));
  const ownDef: VariableDefinitionNode = { kind: Kind.VARIABLE_DEFINITION, variable: { kind: Kind.VARIABLE, name: name(own) }, type };
  const values = Object.fromEntries(
    clientDefs.filter((d) => d.variable.name.value in rawVariables).map((d) => [d.variable.name.value, rawVariables[d.variable.name.value]]),
  );
  return { own, definitions: [ownDef, ...clientDefs], values };
}

function entityEventQuery(
  schema: GraphQLSchema,
  entityType: GraphQLObjectType,
  operation: OperationDefinitionNode,
  field: FieldNode,
  responseKey: string,
  lookup: GraphQLField<unknown, unknown>,
  fragments: Map<string, FragmentDefinitionNode>,
  rawVariables: Record<string, unknown>,
  typeName: string,
): EntityEventQuery {
  const selectionSet = field.selectionSet;
  if (!selectionSet) throw new Error(`${field.name.value} returns an object type but has no selection`);
  const used = usedBy(selectionSet, fragments);
  const {
    own: idVariable,
    definitions,
    values: variables,
  } = bridgeVariables(operation, used.variables, rawVariables, 'bridgeId', {
    kind: Kind.NON_NULL_TYPE,
    type: { kind: Kind.NAMED_TYPE, name: name('ID') },
  });
  const query: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: 'query' as OperationDefinitionNode['operation'],
    name: name(`${operation.name?.value ?? 'Subscription'}Event`),
    variableDefinitions: definitions,
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [
        {
          kind: Kind.FIELD,
          alias: name(responseKey),
          name: name(lookup.name),
          arguments: [{ kind: Kind.ARGUMENT, name: name('id'), value: { kind: Kind.VARIABLE, name: name(idVariable) } }],
          selectionSet,
        },
      ],
    },
  };
  const document: DocumentNode = { kind: Kind.DOCUMENT, definitions: [query, ...used.fragments.values()] };
  return { typeName, query: print(document), idVariable, variables, roleShared: readsOnlyOwnFields(schema, entityType, selectionSet, fragments) };
}

/** The directly selected fields of `selectionSet`, or null when it has a fragment or a directive. */
function plainFields(selectionSet: SelectionSetNode): FieldNode[] | null {
  const fields: FieldNode[] = [];
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD || (selection.directives?.length ?? 0) > 0) return null;
    fields.push(selection);
  }
  return fields;
}

/** See `DeltaFeedPlan`: the shared form of a replaying stream, or undefined when its selection does not allow it. */
function deltaFeedPlan(
  schema: GraphQLSchema,
  fieldDef: GraphQLField<unknown, unknown>,
  operation: OperationDefinitionNode,
  field: FieldNode,
  fragments: Map<string, FragmentDefinitionNode>,
  rawVariables: Record<string, unknown>,
  after: unknown,
): DeltaFeedPlan | undefined {
  const frameType = getNullableType(fieldDef.type);
  if (!isObjectType(frameType) || !field.selectionSet || (after !== undefined && after !== null && typeof after !== 'string')) return undefined;
  const rootFields = plainFields(field.selectionSet);
  if (!rootFields || (field.directives?.length ?? 0) > 0) return undefined;
  const frameFields = frameType.getFields();
  const keys = new Set<string>();
  let itemsKey: string | undefined;
  let cursorKey: string | undefined;
  let itemCursorKey: string | undefined;
  for (const selected of rootFields) {
    const key = selected.alias?.value ?? selected.name.value;
    // The same key twice (merged by graphql-js) would make cutting a frame ambiguous.
    if (keys.has(key)) return undefined;
    keys.add(key);
    const name = selected.name.value;
    if (name === '__typename') continue;
    const def = frameFields[name];
    if (!def || (selected.arguments?.length ?? 0) > 0) return undefined;
    const named = getNamedType(def.type);
    if (name === 'cursor' && named.name === 'String' && !selected.selectionSet) cursorKey = key;
    else if (named.name === 'ID' && !selected.selectionSet) continue;
    else if (isListType(getNullableType(def.type)) && isObjectType(named) && selected.selectionSet && !itemsKey) {
      const itemFields = plainFields(selected.selectionSet) ?? [];
      const cursor = itemFields.find((f) => f.name.value === 'cursor' && !f.arguments?.length);
      if (!cursor || !named.getFields().cursor || !readsOnlyOwnFields(schema, named, selected.selectionSet, fragments)) return undefined;
      itemsKey = key;
      itemCursorKey = cursor.alias?.value ?? 'cursor';
    } else return undefined;
  }
  if (!itemsKey || !cursorKey || !itemCursorKey) return undefined;

  const used = usedBy(field.selectionSet, fragments);
  for (const argument of field.arguments ?? []) {
    if (argument.name.value !== 'after') visit(argument, { Variable: (node) => void used.variables.add(node.name.value) });
  }
  const {
    own: afterVariable,
    definitions,
    values: variables,
  } = bridgeVariables(operation, used.variables, rawVariables, 'bridgeAfter', { kind: Kind.NAMED_TYPE, name: name('String') });
  const upstreamOperation: OperationDefinitionNode = {
    kind: Kind.OPERATION_DEFINITION,
    operation: 'subscription' as OperationDefinitionNode['operation'],
    name: name('BridgeFeed'),
    variableDefinitions: definitions,
    selectionSet: {
      kind: Kind.SELECTION_SET,
      selections: [
        {
          ...field,
          arguments: [
            ...(field.arguments ?? []).filter((a) => a.name.value !== 'after'),
            { kind: Kind.ARGUMENT, name: name('after'), value: { kind: Kind.VARIABLE, name: name(afterVariable) } },
          ],
        },
      ],
    },
  };
  const query = print({ kind: Kind.DOCUMENT, definitions: [upstreamOperation, ...used.fragments.values()] });
  return {
    upstream: { query, variables: { ...variables, [afterVariable]: after ?? null }, operationName: 'BridgeFeed' },
    key: `${query}|${JSON.stringify(Object.entries(variables).sort(([a], [b]) => a.localeCompare(b)))}`,
    after: typeof after === 'string' ? after : null,
    itemsKey,
    cursorKey,
    itemCursorKey,
  };
}

const replaying = (feed: DeltaFeedPlan | undefined): Pick<SubscriptionPlan, 'replays' | 'feed'> => ({ replays: true, ...(feed ? { feed } : {}) });

/**
 * Plan the bridge for a validated subscription document. Returns GraphQL errors (bad variables,
 * no single root field) instead of throwing, so they reach the client as an `error` message.
 */
export function planSubscription(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined | null,
  rawVariables: Record<string, unknown> = {},
): SubscriptionPlan | GraphQLError[] {
  const operation = selectOperation(document, operationName);
  const subscriptionType = schema.getSubscriptionType();
  if (!operation || operation.operation !== 'subscription' || !subscriptionType) return [appError('BAD_USER_INPUT', 'Expected one subscription operation.')];
  const fragments = fragmentsOf(document);
  const fields = collectRootFields(operation.selectionSet, fragments);
  const [field] = fields;
  if (fields.length !== 1 || !field) return [appError('BAD_USER_INPUT', 'A subscription must select exactly one root field.')];
  const fieldDef = subscriptionType.getFields()[field.name.value];
  if (!fieldDef) return [appError('BAD_USER_INPUT', `Unknown subscription field ${field.name.value}.`)];

  const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], rawVariables);
  if (coerced.errors) return [...coerced.errors];
  let args: Record<string, unknown>;
  try {
    args = getArgumentValues(fieldDef, field, coerced.coerced);
  } catch (error) {
    return [error instanceof GraphQLError ? error : appError('BAD_USER_INPUT', String(error))];
  }
  const responseKey = field.alias?.value ?? field.name.value;
  const fieldKey = `${subscriptionType.name}.${fieldDef.name}`;

  const returnType = getNullableType(fieldDef.type);
  const entityType = isObjectType(returnType) ? returnType : undefined;
  const lookup = entityType ? findLookupField(schema, entityType) : undefined;
  if (!entityType || !lookup) {
    return {
      fieldKey,
      fieldName: fieldDef.name,
      responseKey,
      upstream: { query: print(document), variables: rawVariables, operationName: operationName ?? undefined },
      ...(fieldDef.args.some((arg) => arg.name === 'after')
        ? replaying(deltaFeedPlan(schema, fieldDef, operation, field, fragments, rawVariables, args.after))
        : {}),
      ...subjectCheck(schema, fieldDef, args),
    };
  }

  const passed = fieldDef.args.filter((a) => a.name in args);
  const defs = passed.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const argList = passed.map((a) => `${a.name}: $${a.name}`).join(', ');
  const upstreamQuery = `subscription Bridge${defs ? `(${defs})` : ''} { ${fieldDef.name}${argList ? `(${argList})` : ''} { __typename id } }`;
  return {
    fieldKey,
    fieldName: fieldDef.name,
    responseKey,
    upstream: { query: upstreamQuery, variables: Object.fromEntries(passed.map((a) => [a.name, args[a.name]])), operationName: 'Bridge' },
    event: entityEventQuery(schema, entityType, operation, field, responseKey, lookup, fragments, rawVariables, entityType.name),
    ...(typeof args.id === 'string'
      ? {
          manyEntities: false,
          check: {
            query: `query BridgeCheck($id: ID!) { ${lookup.name}(id: $id) { __typename } }`,
            variables: { id: args.id },
            operationName: 'BridgeCheck',
            responseKey: lookup.name,
            typeName: entityType.name,
          },
        }
      : { manyEntities: true }),
  };
}
