import { describe, expect, it } from '@jest/globals';
import { buildSchema, execute, parse } from 'graphql';
import { selectsField } from './lookahead';

const schema = buildSchema(`
  type Page { totalCount: Int! nodes: [Int!]! }
  type Query { list: Page! }
`);

/** Runs `query` and answers whether `list` was seen to select `totalCount`. */
async function seen(query: string, variableValues: Record<string, unknown> = {}): Promise<boolean> {
  let selects: boolean | undefined;
  const result = await execute({
    schema,
    document: parse(query),
    variableValues,
    rootValue: {
      list: (_args: unknown, _context: unknown, info: Parameters<typeof selectsField>[0]) => {
        selects = selectsField(info, 'totalCount');
        return { totalCount: 3, nodes: [1, 2] };
      },
    },
  });
  expect(result.errors).toBeUndefined();
  return selects!;
}

describe('selectsField', () => {
  it('sees a field selected directly, under an alias, in inline and named fragments', async () => {
    expect(await seen('{ list { totalCount nodes } }')).toBe(true);
    expect(await seen('{ list { total: totalCount } }')).toBe(true);
    expect(await seen('{ list { ... on Page { totalCount } } }')).toBe(true);
    expect(await seen('{ list { ...Total } } fragment Total on Page { totalCount }')).toBe(true);
    expect(await seen('{ list { ...Outer } } fragment Outer on Page { ...Total } fragment Total on Page { totalCount }')).toBe(true);
  });

  it('does not see a field that is absent, skipped or not included', async () => {
    expect(await seen('{ list { nodes } }')).toBe(false);
    expect(await seen('{ list { nodes totalCount: nodes } }')).toBe(false);
    expect(await seen('query ($c: Boolean!) { list { totalCount @include(if: $c) nodes } }', { c: false })).toBe(false);
    expect(await seen('query ($c: Boolean!) { list { totalCount @include(if: $c) nodes } }', { c: true })).toBe(true);
    expect(await seen('query ($s: Boolean!) { list { ...Total @skip(if: $s) nodes } } fragment Total on Page { totalCount }', { s: true })).toBe(false);
    expect(await seen('query ($s: Boolean!) { list { ... @skip(if: $s) { totalCount } nodes } }', { s: false })).toBe(true);
  });

  it('sees a field in any of the merged selections of the same field', async () => {
    expect(await seen('{ list { nodes } list { totalCount } }')).toBe(true);
  });
});
