/**
 * docs/permissions.md states no rule the code does not enforce, and leaves out none it does:
 * - the matrix's Access column is each root field's `@access(role:)` in its subgraph's SDL (what
 *   the gateway and the subgraph enforce, lib/access.ts), and its role columns follow from it;
 * - the "Advanced-only" table is `ADVANCED_ONLY_RULES` in the code, row for row.
 * What each rule does at run time is the permission matrix test's (test/permissions.integration.test.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from '@jest/globals';
import { accessRules, type AccessRule } from '../lib/access';
import { ROLE_RANK, ROLES } from '../lib/auth';
import { PROJECT_ROOT, SUBGRAPHS, subgraphTypeDefs } from '../lib/schema-files';
import { ADVANCED_ONLY_RULES } from '../subgraphs/platform/training-job/training-config';

const doc = readFileSync(path.join(PROJECT_ROOT, 'docs/permissions.md'), 'utf8');

/** The rows of the first table after `## <heading>`, as cell arrays (header row first). */
function table(heading: string): string[][] {
  const start = doc.indexOf(`\n## ${heading}\n`);
  if (start < 0) throw new Error(`docs/permissions.md has no "## ${heading}" section`);
  const end = doc.indexOf('\n## ', start + 1);
  const lines = doc
    .slice(start, end < 0 ? undefined : end)
    .split('\n')
    .filter((line) => line.startsWith('|'));
  return lines
    .filter((_, i) => i !== 1)
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim()),
    );
}

const codeRules = new Map<string, AccessRule>();
for (const name of SUBGRAPHS) for (const [key, rule] of accessRules(subgraphTypeDefs(name))) codeRules.set(key, rule);

const [header, ...rows] = table('Matrix');
const col = (name: string) => header!.indexOf(name);
const matrix = rows.map((cells) => ({
  key: /^`(\w+\.\w+)`$/.exec(cells[col('Operation')]!)?.[1] ?? cells[col('Operation')]!,
  access: cells[col('Access')]!,
  cells: Object.fromEntries(['anonymous', ...ROLES].map((caller) => [caller, cells[col(caller)]])),
}));

describe('docs/permissions.md against the code', () => {
  it('has a matrix row for every root field with @access, and no other rows', () => {
    expect(matrix.map((r) => r.key).sort()).toEqual([...codeRules.keys()].sort());
  });

  it.each(matrix)('$key: the Access column is its @access role', ({ key, access }) => {
    expect({ key, access }).toEqual({ key, access: codeRules.get(key) });
  });

  it.each(matrix)('$key: the role columns are what its @access allows', ({ key, access, cells }) => {
    const allowed = (caller: string) =>
      access === 'public' || (caller !== 'anonymous' && ROLE_RANK[caller as keyof typeof ROLE_RANK] >= ROLE_RANK[access as keyof typeof ROLE_RANK]);
    const expected = Object.fromEntries(Object.keys(cells).map((caller) => [caller, allowed(caller) ? '✅' : '❌']));
    expect({ key, cells }).toEqual({ key, cells: expected });
  });

  it('lists in "Advanced-only" exactly the rules the code declares', () => {
    const [advancedHeader, ...advancedRows] = table('Advanced-only');
    const at = (name: string) => advancedHeader!.indexOf(name);
    const documented = advancedRows.map((cells) => ({
      id: cells[at('Rule')]!.replace(/`/g, ''),
      operations: [...cells[at('Operations')]!.matchAll(/`(\w+\.\w+)`/g)].map((m) => m[1]).sort(),
      role: cells[at('Lowest role')],
    }));
    const declared = ADVANCED_ONLY_RULES.map((r) => ({ id: r.id, operations: [...r.operations].sort(), role: r.role }));
    expect(documented).toEqual(declared);
    for (const rule of declared) for (const op of rule.operations) expect(codeRules.has(op)).toBe(true);
  });

  it('points from each operation an advanced-only rule touches to that section', () => {
    for (const rule of ADVANCED_ONLY_RULES) {
      for (const op of rule.operations) {
        const row = rows.find((cells) => cells[col('Operation')] === `\`${op}\``)!;
        expect({ op, mentions: row[col('Further rules')]!.includes('(#advanced-only)') }).toEqual({ op, mentions: true });
      }
    }
  });
});
