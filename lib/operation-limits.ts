/**
 * Operation limits: a document over a limit is refused BEFORE it is planned or executed, with
 * OPERATION_TOO_COMPLEX and `extensions: { limit, max, actual }` (decisions.md #26).
 *
 * The measures come from kept libraries: tokens, depth, aliases and directives from
 * `@escape.tech/graphql-armor-*` (run with no ceiling, reporting what they count; we compare), the
 * estimated cost from `graphql-query-complexity` with a list-size estimator (armor's cost rule
 * multiplies only literal `first`/`last` arguments: it misses `first: Int = 20` defaults, variables
 * and plain lists, which is what made the nested `trainingJobs` bomb expensive).
 *
 * The check runs in Apollo's `didResolveSource`, before Apollo parses or validates (the standard
 * validation of a huge document is itself the cost), on every request, including documents Apollo
 * has cached (they were accepted for some caller, maybe one with higher limits).
 */
import { createHash } from 'node:crypto';
import type { ApolloServerPlugin, BaseContext, GraphQLRequestContextDidResolveSource } from '@apollo/server';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import { MaxTokensParserWLexer } from '@escape.tech/graphql-armor-max-tokens';
import { GraphQLError, Kind, getNullableType, isListType, parse, validate, type DocumentNode, type GraphQLSchema, type ValidationRule } from 'graphql';
import { createComplexityRule, type ComplexityEstimator } from 'graphql-query-complexity';
import { requestError } from './errors';

export interface OperationLimits {
  /** Nesting of fields (fragments flattened; introspection's `__schema` not counted). */
  maxDepth: number;
  /** Aliased fields in the operation, `__typename` included. */
  maxAliases: number;
  /** Lexical tokens of the whole document; counting stops at the limit. */
  maxTokens: number;
  /** Directives used in the operation. */
  maxDirectives: number;
  /** Estimated cost: each field counts 1, times the list sizes above it (see `listSizeEstimator`). */
  maxCost: number;
  /** The size assumed for a list field without `first`/`last`, e.g. `Project.members`. */
  defaultListSize: number;
}

export type LimitName = 'tokens' | 'depth' | 'aliases' | 'directives' | 'cost';

const MAX_OF: Record<LimitName, keyof OperationLimits> = {
  tokens: 'maxTokens',
  depth: 'maxDepth',
  aliases: 'maxAliases',
  directives: 'maxDirectives',
  cost: 'maxCost',
};

const UNIT: Record<LimitName, string> = { tokens: 'tokens', depth: 'levels deep', aliases: 'aliases', directives: 'directives', cost: 'in estimated cost' };

/** The one error of a refused document; `actual` is absent for tokens (counting stops at the limit). */
export function operationTooComplex(limit: LimitName, max: number, actual?: number): GraphQLError {
  const found = actual === undefined ? `more than ${max}` : `${actual}`;
  return requestError('OPERATION_TOO_COMPLEX', `The operation is too complex: ${found} ${UNIT[limit]}, the limit is ${max}. Ask for less, or split it.`, {
    limit,
    max,
    ...(actual === undefined ? {} : { actual }),
  });
}

/**
 * Cost = 1 per field, plus its selection times the field's list size: `first`/`last` (argument,
 * variable or schema default), 1 for the `nodes` of a connection (its `first` already counted),
 * `defaultListSize` for any other list. Introspection is free (bounded by the schema).
 */
export const listSizeEstimator =
  (defaultListSize: number): ComplexityEstimator =>
  ({ type, field, args, childComplexity }) => {
    if (field.name === '__schema' || field.name === '__type' || type.name.startsWith('__')) return 0;
    const requested = [args.first, args.last].find((v): v is number => typeof v === 'number');
    const isList = isListType(getNullableType(field.type));
    const size = requested ?? (isList && !type.name.endsWith('Connection') ? defaultListSize : 1);
    return 1 + Math.max(0, size) * childComplexity;
  };

/** Parse within `maxTokens`; `'tokens'` when over it, `undefined` for a syntax error (Apollo reports those). */
function parseWithin(source: string, maxTokens: number | undefined): DocumentNode | 'tokens' | undefined {
  if (maxTokens === undefined) {
    try {
      return parse(source);
    } catch {
      return undefined;
    }
  }
  let over = false;
  try {
    return new MaxTokensParserWLexer(source, { n: maxTokens, onReject: [() => void (over = true)] }).parseDocument();
  } catch {
    return over ? 'tokens' : undefined;
  }
}

const namesOperation = (document: DocumentNode, name: string | null | undefined) =>
  !!name && document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION && d.name?.value === name);

export interface OperationRequest {
  variables?: Record<string, unknown> | null;
  operationName?: string | null;
}

/**
 * The first limit `source` breaks, as an OPERATION_TOO_COMPLEX error, or undefined. Limits left out
 * are not checked. A document that does not parse passes: the normal parse reports it.
 */
export function checkOperationLimits(
  schema: GraphQLSchema,
  source: string,
  request: OperationRequest,
  limits: Partial<OperationLimits>,
): GraphQLError | undefined {
  const document = parseWithin(source, limits.maxTokens);
  if (document === 'tokens') return operationTooComplex('tokens', limits.maxTokens!);
  if (!document) return undefined;

  const found: Partial<Record<LimitName, number>> = {};
  // The armor rules report each operation's count to onAccept when under `n`; with no ceiling they always do.
  const measure = (name: LimitName) => [(_ctx: unknown, details: { n: number }) => void (found[name] = Math.max(found[name] ?? 0, details.n))];
  const rules: ValidationRule[] = [];
  if (limits.maxDepth !== undefined) rules.push(maxDepthRule({ n: Infinity, flattenFragments: true, onAccept: measure('depth') }));
  if (limits.maxAliases !== undefined) rules.push(maxAliasesRule({ n: Infinity, allowList: [], onAccept: measure('aliases') }));
  if (limits.maxDirectives !== undefined) rules.push(maxDirectivesRule({ n: Infinity, onAccept: measure('directives') }));
  if (limits.maxCost !== undefined) {
    rules.push(
      createComplexityRule({
        maximumComplexity: Number.MAX_SAFE_INTEGER,
        estimators: [listSizeEstimator(limits.defaultListSize ?? 10)],
        variables: request.variables ?? {},
        operationName: namesOperation(document, request.operationName) ? request.operationName! : undefined,
        onComplete: (cost) => void (found.cost = Math.max(found.cost ?? 0, cost)),
      }),
    );
  }
  try {
    // Only these rules: the schema's own checks follow in the normal validation, on a document now known to be small.
    validate(schema, document, rules);
  } catch {
    // graphql-query-complexity gives up past 10,000 selections to estimate: far over any cost limit.
    found.cost = Number.MAX_SAFE_INTEGER;
  }
  for (const name of ['depth', 'aliases', 'directives', 'cost'] as const) {
    const max = limits[MAX_OF[name]];
    const actual = found[name];
    if (max !== undefined && actual !== undefined && actual > max) return operationTooComplex(name, max, actual);
  }
  return undefined;
}

/** How many accepted documents each set of limits remembers (then it starts over); as many validated documents are kept. */
const ACCEPTED_KEPT = 1000;

/** Apollo skips parsing and validation for a request that already has a document; this one is never run. */
const REFUSED = parse('{ __typename }');

/**
 * Apollo Server plugin: checks every request against `limitsFor(contextValue)` before Apollo parses
 * it. A refused request skips parsing and validation (its document is replaced by a stand-in that
 * is never run nor cached) and is answered from `didResolveOperation`, the hook where Apollo turns
 * a thrown GraphQLError into a clean answer with its HTTP status. List it first among the plugins,
 * so that no other plugin looks at the stand-in before the refusal.
 *
 * The server must be created with `documentStore: null`: Apollo reads its own document cache after
 * this hook and, on a miss, overwrites the stand-in and parses and validates the whole refused
 * document (seconds of CPU for an 890 kB one). This plugin keeps the validated documents instead
 * (decisions.md #33).
 */
export function operationLimitsPlugin<C extends BaseContext>(limitsFor: (context: C) => Partial<OperationLimits>): ApolloServerPlugin<C> {
  // Documents accepted per set of limits, by query hash, operation and variables (the cost depends
  // on them): the console repeats a few documents, and a check costs about as much as a parse.
  const accepted = new WeakMap<object, Set<string>>();
  // Documents that parsed and validated, by query hash (Apollo's document cache, which is off).
  const validated = new Map<string, DocumentNode>();
  return {
    async requestDidStart() {
      let refusal: GraphQLError | undefined;
      let queryHashOfRequest: string | undefined;
      return {
        async didResolveSource(requestContext: GraphQLRequestContextDidResolveSource<C>) {
          const { request, schema, source, contextValue, queryHash } = requestContext;
          queryHashOfRequest = queryHash;
          const limits = limitsFor(contextValue);
          const seen = accepted.get(limits) ?? new Set<string>();
          accepted.set(limits, seen);
          const variables = limits.maxCost === undefined ? '' : JSON.stringify(request.variables ?? {}); // only the cost depends on them
          // Hashed: a key holding the variables themselves would keep up to ~1 MB per remembered request.
          const key = createHash('sha256')
            .update(`${queryHash}|${request.operationName ?? ''}|${variables}`)
            .digest('base64');
          if (!seen.has(key)) {
            refusal = checkOperationLimits(schema, source, request, limits);
            if (refusal) {
              (requestContext as { document?: DocumentNode }).document = REFUSED;
              return;
            }
            if (seen.size >= ACCEPTED_KEPT) seen.clear();
            seen.add(key);
          }
          const document = validated.get(queryHash);
          if (document) (requestContext as { document?: DocumentNode }).document = document;
        },
        async validationDidStart(requestContext) {
          return async (errors) => {
            if (errors?.length || !requestContext.document || !queryHashOfRequest) return;
            if (validated.size >= ACCEPTED_KEPT) validated.clear();
            validated.set(queryHashOfRequest, requestContext.document);
          };
        },
        async didResolveOperation() {
          if (refusal) throw refusal;
        },
      };
    },
  };
}
