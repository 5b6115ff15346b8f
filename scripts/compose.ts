/**
 * `npm run compose`: compose the subgraphs listed in `rover.yaml` (the one source of their names, SDL
 * files and routing URLs, shared with `rover supergraph compose --config rover.yaml`) with
 * @apollo/composition (the composer rover uses, at rover.yaml's `federation_version`) into
 * `schema/supergraph.graphql` and the public `schema/api.graphql`.
 * `npm run schema:check` (`--check`): exit 1 on a composition error, on a composition hint not accepted
 * in `schema/composition-hints.yaml`, or when the committed files differ from a fresh composition, so
 * CI catches an SDL edit that nobody re-composed.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse, printSchema } from 'graphql';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { PROJECT_ROOT, SCHEMA_DIR, apiSchemaPath, supergraphPath } from '../lib/schema-files';

export const ROVER_CONFIG = path.join(PROJECT_ROOT, 'rover.yaml');
export const ACCEPTED_HINTS = path.join(SCHEMA_DIR, 'composition-hints.yaml');

const roverConfig = z.object({
  federation_version: z.string(),
  subgraphs: z.record(z.string(), z.object({ routing_url: z.string().url(), schema: z.object({ file: z.string() }) })),
});

export interface RoverSubgraph {
  name: string;
  url: string;
  /** Absolute path of its SDL file. */
  file: string;
}

/** The subgraphs of a rover supergraph config, SDL paths resolved against the config's directory. */
export function readRoverConfig(file = ROVER_CONFIG): { federationVersion: string; subgraphs: RoverSubgraph[] } {
  const config = roverConfig.parse(parseYaml(readFileSync(file, 'utf8')));
  const subgraphs = Object.entries(config.subgraphs).map(([name, subgraph]) => ({
    name,
    url: subgraph.routing_url,
    file: path.resolve(path.dirname(file), subgraph.schema.file),
  }));
  return { federationVersion: config.federation_version, subgraphs };
}

/** rover's `=X.Y.Z` must name the @apollo/composition installed, or both would compose differently. */
export function composerMismatch(federationVersion: string): string | null {
  const installed = (createRequire(import.meta.url)('@apollo/composition/package.json') as { version: string }).version;
  const wanted = federationVersion.replace(/^=/, '');
  return wanted === installed ? null : `rover.yaml federation_version ${federationVersion} but @apollo/composition ${installed} is installed`;
}

/** A composition hint: its code, the schema coordinate it is about (when it has one), its text. */
export interface Hint {
  code: string;
  coordinate: string | null;
  message: string;
}

export type Composition = { ok: true; supergraph: string; api: string; hints: Hint[] } | { ok: false; errors: string[] };

export function composeSchemas(configFile = ROVER_CONFIG): Composition {
  const { subgraphs } = readRoverConfig(configFile);
  const result = composeServices(subgraphs.map(({ name, url, file }) => ({ name, url, typeDefs: parse(readFileSync(file, 'utf8')) })));
  if (result.errors) {
    return { ok: false, errors: result.errors.map((e) => `${String(e.extensions?.code ?? 'ERROR')}: ${e.message}`) };
  }
  const api = printSchema(result.schema.toAPISchema().toGraphQLJSSchema());
  return {
    ok: true,
    supergraph: ensureNewline(result.supergraphSdl),
    api: ensureNewline(api),
    hints: result.hints.map((h) => ({ code: h.definition.code, coordinate: h.coordinate ?? null, message: h.message })),
  };
}

const acceptedHintsFile = z.object({
  accepted: z
    .array(
      z.object({
        code: z.string().min(1),
        /** The coordinate compose prints in parentheses; omitted for a hint that has none. */
        coordinate: z.string().min(1).optional(),
        reason: z.string().trim().min(1, 'every accepted hint needs a reason'),
      }),
    )
    .nullish()
    .transform((list) => list ?? []),
});
export type AcceptedHint = z.infer<typeof acceptedHintsFile>['accepted'][number];

/** Hints reviewed and accepted (`schema/composition-hints.yaml`). */
export function readAcceptedHints(file = ACCEPTED_HINTS): AcceptedHint[] {
  if (!existsSync(file)) return [];
  return acceptedHintsFile.parse(parseYaml(readFileSync(file, 'utf8')) ?? {}).accepted;
}

/** Hints of a composition that no accepted entry (same code, same coordinate) covers. */
export function unacceptedHints(hints: Hint[], accepted: AcceptedHint[]): Hint[] {
  return hints.filter((hint) => !accepted.some((a) => a.code === hint.code && (a.coordinate ?? null) === hint.coordinate));
}

export const formatHint = (hint: Hint) => `${hint.code}${hint.coordinate ? ` (${hint.coordinate})` : ''}: ${hint.message}`;

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
  const mismatch = composerMismatch(readRoverConfig().federationVersion);
  if (mismatch) {
    process.stderr.write(`${mismatch}: make them agree.\n`);
    process.exit(1);
  }
  const composition = composeSchemas();
  if (!composition.ok) {
    process.stderr.write(`Composition failed (${composition.errors.length} error(s)):\n`);
    for (const error of composition.errors) process.stderr.write(`  - ${error}\n`);
    process.exit(1);
  }
  const newHints = unacceptedHints(composition.hints, readAcceptedHints());
  for (const hint of composition.hints) process.stdout.write(`hint ${newHints.includes(hint) ? '(not accepted) ' : ''}${formatHint(hint)}\n`);
  if (check) {
    if (newHints.length > 0) {
      process.stderr.write(`${newHints.length} composition hint(s) not accepted: fix the SDL, or accept each with a reason in ${relative(ACCEPTED_HINTS)}:\n`);
      for (const hint of newHints) {
        const coordinate = hint.coordinate ? `, coordinate: ${JSON.stringify(hint.coordinate)}` : '';
        process.stderr.write(`  - { code: ${hint.code}${coordinate}, reason: "…" }\n`);
      }
      process.exit(1);
    }
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
  process.stdout.write(`wrote ${relative(supergraphPath())} and ${relative(apiSchemaPath())}\n`);
}

// Run only as a script, so tests can import the functions without side effects.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) main();
