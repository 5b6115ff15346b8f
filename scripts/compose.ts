/**
 * `npm run compose`: compose `schema/{users,platform,datasets}.graphql` with @apollo/composition
 * (the composer rover uses) into `schema/supergraph.graphql` and the public `schema/api.graphql`.
 * `npm run schema:check` (`--check`): exit 1 on a composition error or when the committed files
 * differ from a fresh composition, so CI catches an SDL edit that nobody re-composed.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { printSchema } from 'graphql';
import { PROJECT_ROOT, SUBGRAPHS, apiSchemaPath, subgraphTypeDefs, supergraphPath, type SubgraphName } from '../lib/schema-files';

/** The routing URLs written into the supergraph; the gateway overrides them with USERS_URL, … */
export const SUBGRAPH_URLS: Record<SubgraphName, string> = {
  users: 'http://127.0.0.1:4001/graphql',
  platform: 'http://127.0.0.1:4002/graphql',
  datasets: 'http://127.0.0.1:4003/graphql',
};

export type Composition = { ok: true; supergraph: string; api: string; hints: string[] } | { ok: false; errors: string[] };

export function composeSchemas(): Composition {
  const result = composeServices(SUBGRAPHS.map((name) => ({ name, url: SUBGRAPH_URLS[name], typeDefs: subgraphTypeDefs(name) })));
  if (result.errors) {
    return { ok: false, errors: result.errors.map((e) => `${String(e.extensions?.code ?? 'ERROR')}: ${e.message}`) };
  }
  const api = printSchema(result.schema.toAPISchema().toGraphQLJSSchema());
  return {
    ok: true,
    supergraph: ensureNewline(result.supergraphSdl),
    api: ensureNewline(api),
    hints: result.hints.map((h) => `${h.definition.code}: ${h.message}`),
  };
}

const ensureNewline = (text: string) => (text.endsWith('\n') ? text : `${text}\n`);
const relative = (file: string) => path.relative(PROJECT_ROOT, file);

/** Names of the committed files that differ from `composition` (missing counts as different). */
export function driftedFiles(composition: { supergraph: string; api: string }): string[] {
  const expected: Array<[string, string]> = [
    [supergraphPath(), composition.supergraph],
    [apiSchemaPath(), composition.api],
  ];
  return expected.filter(([file, text]) => !existsSync(file) || readFileSync(file, 'utf8') !== text).map(([file]) => relative(file));
}

function main(): void {
  const check = process.argv.includes('--check');
  const composition = composeSchemas();
  if (!composition.ok) {
    process.stderr.write(`Composition failed (${composition.errors.length} error(s)):\n`);
    for (const error of composition.errors) process.stderr.write(`  - ${error}\n`);
    process.exit(1);
  }
  if (check) {
    const drifted = driftedFiles(composition);
    if (drifted.length > 0) {
      process.stderr.write(`Schema drift: ${drifted.join(', ')} differ from a fresh composition of schema/*.graphql.\n`);
      process.stderr.write('Run `npm run compose` and commit the result.\n');
      process.exit(1);
    }
    process.stdout.write('schema:check ok: composition succeeds and the committed supergraph and API schema are current.\n');
    return;
  }
  writeFileSync(supergraphPath(), composition.supergraph);
  writeFileSync(apiSchemaPath(), composition.api);
  for (const hint of composition.hints) process.stdout.write(`hint ${hint}\n`);
  process.stdout.write(`wrote ${relative(supergraphPath())} and ${relative(apiSchemaPath())}\n`);
}

// Run only as a script, so tests can import the functions without side effects.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main();
