/**
 * Random GraphQL queries from the API schema (fast-check): root query fields with sub-selections a
 * few levels deep, arguments of the right and of the wrong type, hostile strings (NUL bytes, lone
 * surrogates, very long, `__proto__`), out-of-range numbers, sometimes as variables. Each one is
 * a request an attacker could send; the stack must answer every one without a 5xx.
 */
import fc from 'fast-check';
import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  isInterfaceType,
  isUnionType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

export interface FuzzRequest {
  query: string;
  variables: Record<string, unknown>;
}

/**
 * Strings an attacker tries: empty, control characters, lone surrogates, huge, prototype keys, ids
 * of the wrong kind, NUL bytes (which PostgreSQL cannot store: refused at every boundary with a 400).
 */
const hostileString = (knownIds: string[]): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom(
      '',
      '\u0000',
      'a\u0000b',
      '\u0001\u001f',
      '\ud800',
      '__proto__',
      'constructor',
      '%00',
      "' OR 1=1 --",
      '${jndi:x}',
      '../../etc/passwd',
      'x'.repeat(5000),
    ),
    knownIds.length > 0 ? fc.constantFrom(...knownIds) : fc.constant('id'),
  );

const hostileInt = fc.oneof(
  fc.integer({ min: -5, max: 200 }),
  fc.constantFrom(0, -1, 2 ** 31 - 1, -(2 ** 31), 2 ** 31, 2 ** 53, -(2 ** 53), 1e308),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

type Value = { literal: string; json: unknown };

const wrongValue = fc.constantFrom<Value>(
  { literal: '"not a number"', json: 'not a number' },
  { literal: '12345678901234567890', json: 1.2345678901234567e19 },
  { literal: 'null', json: null },
  { literal: '[1, 2]', json: [1, 2] },
  { literal: '{ a: 1 }', json: { a: 1 } },
  { literal: 'true', json: true },
);

/** A value for an input type: usually of that type, sometimes of another (a validation error, never a 5xx). */
function valueOf(type: GraphQLInputType, knownIds: string[], depth = 0): fc.Arbitrary<Value> {
  const right = rightValueOf(type, knownIds, depth);
  return fc.oneof({ arbitrary: right, weight: 5 }, { arbitrary: wrongValue, weight: 1 });
}

function rightValueOf(type: GraphQLInputType, knownIds: string[], depth: number): fc.Arbitrary<Value> {
  const nullable = getNullableType(type) as GraphQLInputType;
  if (isListType(nullable)) {
    return fc.array(valueOf(nullable.ofType, knownIds, depth + 1), { maxLength: depth > 1 ? 1 : 4 }).map((items) => ({
      literal: `[${items.map((i) => i.literal).join(', ')}]`,
      json: items.map((i) => i.json),
    }));
  }
  if (isEnumType(nullable)) {
    const names = nullable.getValues().map((v) => v.name);
    return fc.constantFrom(...names, 'NOT_A_VALUE').map((name) => ({ literal: name, json: name }));
  }
  if (isInputObjectType(nullable)) {
    if (depth > 2) return fc.constant({ literal: '{}', json: {} });
    const fields = Object.values(nullable.getFields());
    return fc
      .tuple(...fields.map((field) => fc.option(valueOf(field.type, knownIds, depth + 1), { nil: undefined, freq: isNonNullType(field.type) ? 20 : 2 })))
      .map((values) => {
        const present = fields.map((field, i) => [field.name, values[i]] as const).filter((entry): entry is readonly [string, Value] => entry[1] !== undefined);
        return {
          literal: `{ ${present.map(([name, v]) => `${name}: ${v.literal}`).join(', ')} }`,
          json: Object.fromEntries(present.map(([name, v]) => [name, v.json])),
        };
      });
  }
  const name = (nullable as GraphQLNamedType).name;
  if (name === 'Int' || name === 'Float') return hostileInt.map((n) => ({ literal: Number.isInteger(n) ? String(n) : n.toExponential(), json: n }));
  if (name === 'Boolean') return fc.boolean().map((b) => ({ literal: String(b), json: b }));
  // String, ID and custom scalars (DateTime, JSON …).
  return hostileString(knownIds).map((s) => ({ literal: JSON.stringify(s), json: s }));
}

/** A sub-selection of `type` at most `depth` levels deep (scalars only at the bottom). */
function selectionOf(schema: GraphQLSchema, type: GraphQLNamedType, depth: number, knownIds: string[]): fc.Arbitrary<string> {
  if (isUnionType(type) || isInterfaceType(type)) {
    const possible = schema.getPossibleTypes(type);
    return fc
      .subarray([...possible], { minLength: 1, maxLength: Math.min(2, possible.length) })
      .chain((types) => fc.tuple(...types.map((t) => selectionOf(schema, t, depth, knownIds).map((s) => `... on ${t.name} ${s}`))))
      .map((parts) => `{ __typename ${parts.join(' ')} }`);
  }
  if (!isObjectType(type)) return fc.constant('');
  const fields = Object.values(type.getFields()).filter((f) => depth > 0 || isLeaf(f));
  if (fields.length === 0) return fc.constant('{ __typename }');
  return fc
    .subarray(fields, { minLength: 1, maxLength: Math.min(4, fields.length) })
    .chain((chosen) => fc.tuple(...chosen.map((field) => fieldOf(schema, field, depth - 1, knownIds))))
    .map((parts) => `{ ${parts.join(' ')} }`);
}

const isLeaf = (field: GraphQLField<unknown, unknown>) => {
  const named = getNamedType(field.type);
  return isScalarType(named) || isEnumType(named);
};

/** Marks a variable's type and value in a field's text (never in a generated string: JSON escapes it). */
const VAR_MARK = '\u0001';

function argumentsOf(args: readonly GraphQLArgument[], knownIds: string[]): fc.Arbitrary<string> {
  if (args.length === 0) return fc.constant('');
  return fc
    .tuple(...args.map((arg) => fc.option(fc.tuple(valueOf(arg.type, knownIds), fc.boolean()), { nil: undefined, freq: isNonNullType(arg.type) ? 30 : 2 })))
    .map((values) => {
      const parts: string[] = [];
      values.forEach((value, i) => {
        if (!value) return;
        const arg = args[i]!;
        const [v, asVariable] = value;
        // A variable is marked in place; queryArbitrary names and declares it.
        parts.push(`${arg.name}: ${asVariable ? `${VAR_MARK}${JSON.stringify({ type: String(arg.type), value: v.json })}${VAR_MARK}` : v.literal}`);
      });
      return parts.length ? `(${parts.join(', ')})` : '';
    });
}

function fieldOf(schema: GraphQLSchema, field: GraphQLField<unknown, unknown>, depth: number, knownIds: string[]): fc.Arbitrary<string> {
  const named = getNamedType(field.type);
  const sub = isScalarType(named) || isEnumType(named) ? fc.constant('') : selectionOf(schema, named, depth, knownIds);
  return fc
    .tuple(argumentsOf(field.args, knownIds), sub, fc.option(fc.nat({ max: 999 }), { freq: 4 }))
    .map(([args, selection, alias]) => `${alias !== null ? `a${alias}: ` : ''}${field.name}${args} ${selection}`);
}

/** Random queries on the schema's root query fields, `maxDepth` levels of selection at most. */
export function queryArbitrary(schema: GraphQLSchema, knownIds: string[], maxDepth = 3): fc.Arbitrary<FuzzRequest> {
  const query = schema.getQueryType()!;
  const roots = Object.values(query.getFields()).filter((f) => !f.name.startsWith('_'));
  return fc
    .subarray(roots, { minLength: 1, maxLength: Math.min(3, roots.length) })
    .chain((chosen) => fc.tuple(...chosen.map((field) => fieldOf(schema, field, maxDepth, knownIds))))
    .map((parts) => {
      const body = parts.join(' ');
      const declarations: Array<{ name: string; type: string; value: unknown }> = [];
      const text = body.replace(new RegExp(`${VAR_MARK}([^${VAR_MARK}]*)${VAR_MARK}`, 'g'), (_, json: string) => {
        const name = `v${declarations.length}`;
        declarations.push({ name, ...(JSON.parse(json) as { type: string; value: unknown }) });
        return `$${name}`;
      });
      const header = declarations.length ? `(${declarations.map((d) => `$${d.name}: ${d.type}`).join(', ')})` : '';
      return {
        query: `query Fuzz${header} { ${text} }`,
        variables: Object.fromEntries(declarations.map((d) => [d.name, d.value])),
      };
    });
}
