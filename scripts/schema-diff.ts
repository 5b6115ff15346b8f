/**
 * `npm run schema:diff`: compare each subgraph's SDL (`schema/{users,platform,datasets}.graphql`) and the
 * public API schema (`schema/api.graphql`, the composed supergraph's API schema) with a base, classify
 * every change as breaking, dangerous or safe with @graphql-inspector/core, and name the shipped
 * operations (`schema/operations-manifest.json`) that each breaking change would break.
 *
 * Base: `HEAD~1` by default (the previous commit; on a merge commit of `main`, main's previous commit),
 * or `--base <git ref | directory | file>`: a directory holds `<subgraph>.graphql` and/or `api.graphql`,
 * a file is an API schema. Exit 1 when a breaking change is not listed with a reason in
 * `schema/accepted-changes.yaml` (docs/schema-workflow.md). Options for tests and tools:
 * `--schema-dir <dir>` (the schemas to check, default `schema/`), `--accepted <file>`,
 * `--operations <file>`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  parse,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { PROJECT_ROOT, SCHEMA_DIR, SUBGRAPHS } from '../lib/schema-files';

/** What is compared: the three subgraphs and the public API schema. */
export const COMPARED = [...SUBGRAPHS, 'api'] as const;
export type ComparedSchema = (typeof COMPARED)[number];
/** SDL text per compared schema; `null` when that schema does not exist on that side. */
export type SchemaTexts = Record<ComparedSchema, string | null>;

export type Level = 'breaking' | 'dangerous' | 'safe';

export interface ClassifiedChange {
  schema: ComparedSchema;
  level: Level;
  /** @graphql-inspector's change type, e.g. `FIELD_REMOVED`. */
  type: string;
  /** Schema coordinate, e.g. `Query.trainingJobs` or `TrainingJobStatus.QUEUED`. */
  path: string;
  message: string;
  /** Breaking changes only: the accepted entry's reason when the change is accepted. */
  acceptedReason?: string;
  /** Breaking changes only: the shipped operations that use what changed. */
  usedBy: OperationRef[];
}

export interface OperationRef {
  name: string | null;
  source: string;
  hash: string;
}

export interface Operation extends OperationRef {
  body: string;
}

const acceptedFile = z.object({
  accepted: z
    .array(
      z.object({
        schema: z.enum(COMPARED),
        path: z.string().min(1),
        /** Optional: only this change type at that path. */
        type: z.string().min(1).optional(),
        reason: z.string().trim().min(1, 'every accepted change needs a reason'),
      }),
    )
    .nullish()
    .transform((list) => list ?? []),
});
export type AcceptedChange = z.infer<typeof acceptedFile>['accepted'][number];

const manifestFile = z.object({
  operations: z.array(
    z.object({
      hash: z.string(),
      name: z
        .string()
        .nullish()
        .transform((n) => n ?? null),
      source: z.string(),
      body: z.string(),
    }),
  ),
});

export function readAccepted(file: string): AcceptedChange[] {
  if (!existsSync(file)) return [];
  return acceptedFile.parse(parseYaml(readFileSync(file, 'utf8')) ?? {}).accepted;
}

export function readOperations(file: string): Operation[] {
  if (!existsSync(file)) return [];
  return manifestFile.parse(JSON.parse(readFileSync(file, 'utf8'))).operations;
}

/** The schemas in a directory laid out like `schema/`; a missing file is a missing schema. */
export function schemasInDirectory(dir: string): SchemaTexts {
  const texts = {} as SchemaTexts;
  for (const name of COMPARED) {
    const file = path.join(dir, `${name}.graphql`);
    texts[name] = existsSync(file) ? readFileSync(file, 'utf8') : null;
  }
  return texts;
}

const git = (args: string[]) => execFileSync('git', args, { cwd: PROJECT_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

/** The commit a ref names, or null when it names none (e.g. `HEAD~1` on the first commit or a shallow clone). */
export function resolveCommit(ref: string): string | null {
  try {
    return git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]).trim() || null;
  } catch {
    return null;
  }
}

/** The schemas as committed at `commit`. */
export function schemasAtCommit(commit: string): SchemaTexts {
  const dir = path.relative(PROJECT_ROOT, SCHEMA_DIR).split(path.sep).join('/');
  const texts = {} as SchemaTexts;
  for (const name of COMPARED) {
    try {
      texts[name] = git(['show', `${commit}:${dir}/${name}.graphql`]);
    } catch {
      texts[name] = null;
    }
  }
  return texts;
}

/** A subgraph SDL as a schema: its `@link`ed federation definitions need the subgraph builder. */
function buildFor(name: ComparedSchema, sdl: string): GraphQLSchema {
  return name === 'api' ? buildSchema(sdl) : buildSubgraphSchema({ typeDefs: parse(sdl) });
}

const levelOf = (change: Change): Level =>
  change.criticality.level === CriticalityLevel.Breaking ? 'breaking' : change.criticality.level === CriticalityLevel.Dangerous ? 'dangerous' : 'safe';

/** Every schema coordinate, type and enum value an operation touches, read against `schema`. */
export function usageOf(schema: GraphQLSchema, body: string): Set<string> {
  const used = new Set<string>();
  const addType = (type: GraphQLNamedType | null | undefined) => {
    if (!type || used.has(type.name)) return;
    used.add(type.name);
    // A variable of an input type can carry any of its fields, nested inputs and enum values.
    if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields())) {
        used.add(`${type.name}.${field.name}`);
        addType(getNamedType(field.type));
      }
    }
  };
  let document;
  try {
    document = parse(body);
  } catch {
    return used;
  }
  const typeInfo = new TypeInfo(schema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field() {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        if (!parent || !field) return;
        used.add(parent.name);
        used.add(`${parent.name}.${field.name}`);
        addType(getNamedType(field.type));
      },
      Argument(node) {
        const parent = typeInfo.getParentType();
        const field = typeInfo.getFieldDef();
        const arg = typeInfo.getArgument();
        if (parent && field) used.add(`${parent.name}.${field.name}.${node.name.value}`);
        if (arg) addType(getNamedType(arg.type));
      },
      ObjectField(node) {
        const parent = typeInfo.getParentInputType();
        const named = parent ? getNamedType(parent) : undefined;
        if (named && isInputObjectType(named)) used.add(`${named.name}.${node.name.value}`);
      },
      EnumValue(node) {
        const type = typeInfo.getInputType();
        const named = type ? getNamedType(type) : undefined;
        if (named && isEnumType(named)) used.add(`${named.name}.${node.value}`);
      },
      VariableDefinition(node) {
        const type = typeFromAST(schema, node.type);
        if (type) addType(getNamedType(type));
      },
      NamedType(node) {
        const type = schema.getType(node.name.value);
        if (type) used.add(type.name);
      },
    }),
  );
  return used;
}

/**
 * Whether a change at `coordinate` can break an operation that uses `used`: the coordinate itself or,
 * for a member of an enum or input type (a removed value, a new required input field), any use of that
 * type; for an argument (`Type.field.arg`, e.g. a new required one), any selection of its field.
 */
export function affects(coordinate: string, used: Set<string>, base: GraphQLSchema | null): boolean {
  if (used.has(coordinate)) return true;
  const [typeName, member, arg] = coordinate.split('.');
  if (!typeName) return false;
  if (member === undefined) return used.has(typeName);
  if (arg !== undefined) return used.has(`${typeName}.${member}`);
  const type = base?.getType(typeName);
  return (isEnumType(type) || isInputObjectType(type)) && used.has(typeName);
}

export interface DiffInput {
  base: SchemaTexts;
  current: SchemaTexts;
  accepted?: AcceptedChange[];
  operations?: Operation[];
}

export interface DiffResult {
  changes: ClassifiedChange[];
  /** Breaking changes with no accepted entry: each fails the check. */
  unaccepted: ClassifiedChange[];
  /** Accepted entries that match no change: shipped, so they should be cleared. */
  staleAccepted: AcceptedChange[];
  /** Schemas that exist now but not in the base (nothing to compare). */
  added: ComparedSchema[];
  /** Operations whose usage was checked (0 without a manifest or a base API schema). */
  operationsChecked: number;
}

export async function diffSchemas({ base, current, accepted = [], operations = [] }: DiffInput): Promise<DiffResult> {
  const changes: ClassifiedChange[] = [];
  const added: ComparedSchema[] = [];
  // Operations are written against the base API schema: read their usage there.
  const baseApi = base.api ? buildSchema(base.api) : null;
  const usages = baseApi ? operations.map((op) => ({ op, used: usageOf(baseApi, op.body) })) : [];
  const usedBy = (coordinate: string): OperationRef[] =>
    usages.filter(({ used }) => affects(coordinate, used, baseApi)).map(({ op }) => ({ name: op.name, source: op.source, hash: op.hash }));

  for (const name of COMPARED) {
    const before = base[name];
    const after = current[name];
    if (before === null) {
      if (after !== null) added.push(name);
      continue;
    }
    if (after === null) {
      changes.push({ schema: name, level: 'breaking', type: 'SCHEMA_REMOVED', path: name, message: `Schema '${name}' was removed`, usedBy: [] });
      continue;
    }
    for (const change of await diff(buildFor(name, before), buildFor(name, after))) {
      const level = levelOf(change);
      const coordinate = change.path ?? '';
      changes.push({
        schema: name,
        level,
        type: String(change.type),
        path: coordinate,
        message: oneLine(change.message),
        usedBy: level === 'breaking' ? usedBy(coordinate) : [],
      });
    }
  }

  const matches = (entry: AcceptedChange, change: ClassifiedChange) =>
    entry.schema === change.schema && entry.path === change.path && (entry.type === undefined || entry.type === change.type);
  for (const change of changes) {
    if (change.level !== 'breaking') continue;
    const entry = accepted.find((e) => matches(e, change));
    if (entry) change.acceptedReason = entry.reason;
  }
  return {
    changes,
    unaccepted: changes.filter((c) => c.level === 'breaking' && c.acceptedReason === undefined),
    staleAccepted: accepted.filter((entry) => !changes.some((c) => c.level === 'breaking' && matches(entry, c))),
    added,
    operationsChecked: usages.length,
  };
}

/** Messages quote descriptions, which may span lines: one line each, at most 200 characters. */
const oneLine = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
};

const LABEL: Record<Level, string> = { breaking: 'BREAKING ', dangerous: 'DANGEROUS', safe: 'safe     ' };

/** The report `npm run schema:diff` prints (also what CI shows). */
export function formatReport(result: DiffResult, baseLabel: string): string {
  const lines = [`schema:diff against ${baseLabel}`];
  const withUsage = result.operationsChecked > 0;
  if (!withUsage) lines.push('operations: none checked (no operations manifest, or no API schema in the base)');
  for (const name of COMPARED) {
    const mine = result.changes.filter((c) => c.schema === name);
    if (result.added.includes(name)) {
      lines.push(`${name}: new schema (no base to compare)`);
      continue;
    }
    const count = (level: Level) => mine.filter((c) => c.level === level).length;
    lines.push(`${name}: ${mine.length === 0 ? 'no changes' : `${count('breaking')} breaking, ${count('dangerous')} dangerous, ${count('safe')} safe`}`);
    for (const change of mine) {
      lines.push(`  ${LABEL[change.level]} ${change.type} ${change.path}: ${change.message}`);
      if (change.level !== 'breaking') continue;
      if (change.acceptedReason !== undefined) lines.push(`            accepted: ${change.acceptedReason}`);
      if (withUsage && change.usedBy.length === 0) lines.push('            used by no operation in the manifest');
      for (const op of change.usedBy) lines.push(`            used by ${op.name ?? '(anonymous)'} in ${op.source}`);
    }
  }
  for (const entry of result.staleAccepted) {
    lines.push(
      `note: accepted change ${entry.schema} ${entry.path} matches no change against this base; clear it from schema/accepted-changes.yaml once shipped`,
    );
  }
  if (result.unaccepted.length > 0) {
    lines.push(
      `FAILED: ${result.unaccepted.length} breaking change(s) not accepted. Restore what callers use, or accept each with a reason in schema/accepted-changes.yaml:`,
    );
    for (const change of result.unaccepted) lines.push(`  - { schema: ${change.schema}, path: ${change.path}, type: ${change.type}, reason: "…" }`);
  } else {
    lines.push('schema:diff ok: no unaccepted breaking change.');
  }
  return `${lines.join('\n')}\n`;
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  if (at === -1) return undefined;
  const value = args[at + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

/** The base named by `--base` (or `HEAD~1`): a directory, a file (an API schema) or a git ref. */
function loadBase(spec: string | undefined): { texts: SchemaTexts; label: string } | null {
  const ref = spec ?? 'HEAD~1';
  if (spec !== undefined && existsSync(spec)) {
    if (statSync(spec).isDirectory()) return { texts: schemasInDirectory(spec), label: `directory ${spec}` };
    const texts = Object.fromEntries(COMPARED.map((name) => [name, null])) as SchemaTexts;
    texts.api = readFileSync(spec, 'utf8');
    return { texts, label: `API schema file ${spec}` };
  }
  const commit = resolveCommit(ref);
  if (!commit) {
    if (spec !== undefined) throw new Error(`--base ${spec}: neither a file, a directory nor a git commit`);
    return null;
  }
  return { texts: schemasAtCommit(commit), label: `${ref} (${commit.slice(0, 12)})` };
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const schemaDir = option(args, '--schema-dir') ?? SCHEMA_DIR;
  const base = loadBase(option(args, '--base'));
  if (!base) {
    process.stdout.write('schema:diff: HEAD~1 does not exist (first commit or shallow clone); nothing to compare.\n');
    return;
  }
  const current = schemasInDirectory(schemaDir);
  const result = await diffSchemas({
    base: base.texts,
    current,
    accepted: readAccepted(option(args, '--accepted') ?? path.join(SCHEMA_DIR, 'accepted-changes.yaml')),
    operations: readOperations(option(args, '--operations') ?? path.join(SCHEMA_DIR, 'operations-manifest.json')),
  });
  process.stdout.write(formatReport(result, base.label));
  if (result.unaccepted.length > 0) process.exitCode = 1;
}

// Run only as a script, so tests can import the functions without side effects.
if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(new URL(import.meta.url).pathname)) {
  main().catch((error: unknown) => {
    process.stderr.write(`schema:diff: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  });
}
