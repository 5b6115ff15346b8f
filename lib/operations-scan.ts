/**
 * The scan behind `npm run operations:manifest` (lib/operations-manifest.ts describes the manifest):
 * TypeScript's parser finds the string and template literals, graphql-js decides which are documents.
 * Only scripts and tests import this (it loads the TypeScript compiler).
 */
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { Kind, parse, type DocumentNode } from 'graphql';
import { manifestHash, originOf, PERSISTED_DOCUMENTS_PATH, type ManifestOperation, type OperationsManifest } from './operations-manifest';

const STARTS_LIKE_GRAPHQL = /^(?:\s*#[^\n]*\n)*\s*(query|mutation|subscription|fragment|\{)/;

/** The text parsed as an executable document with an operation, or null. */
export function asOperationDocument(text: string): DocumentNode | null {
  if (!STARTS_LIKE_GRAPHQL.test(text)) return null;
  try {
    const document = parse(text, { noLocation: true });
    const executable = document.definitions.every((d) => d.kind === Kind.OPERATION_DEFINITION || d.kind === Kind.FRAGMENT_DEFINITION);
    return executable && document.definitions.some((d) => d.kind === Kind.OPERATION_DEFINITION) ? document : null;
  } catch {
    return null;
  }
}

export function operationNames(document: DocumentNode): string | null {
  const names = document.definitions.flatMap((d) => (d.kind === Kind.OPERATION_DEFINITION && d.name ? [d.name.value] : []));
  return names.length > 0 ? names.join(', ') : null;
}

/** The GraphQL documents written as literals in one TypeScript file. */
export function scanSource(text: string, fileName: string): string[] {
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false, fileName.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      if (asOperationDocument(node.text)) found.push(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  return found;
}

/** The console's documents (codegen's persisted-documents output) by the `.tsx` file that declares each operation. */
function consoleOperations(files: ReadonlyMap<string, string>): ManifestOperation[] {
  const persisted = JSON.parse(readFileSync(PERSISTED_DOCUMENTS_PATH, 'utf8')) as Record<string, string>;
  const declaredIn = new Map<string, string>();
  for (const [file, text] of files) {
    if (!file.startsWith('client/src/') || !file.endsWith('.tsx')) continue;
    for (const match of text.matchAll(/\b(query|mutation|subscription)\s+(\w+)/g)) if (!declaredIn.has(match[2]!)) declaredIn.set(match[2]!, file);
  }
  return Object.entries(persisted).map(([hash, body]) => {
    if (manifestHash(body) !== hash) throw new Error(`persisted-documents.json: ${hash} is not the sha256 of its text; run \`npm run codegen\`.`);
    const document = asOperationDocument(body);
    const name = document ? operationNames(document) : null;
    const source = (name && declaredIn.get(name.split(', ')[0]!)) ?? 'client/src/gql/persisted-documents.json';
    return { hash, name, source, body, origin: originOf(source) };
  });
}

/** Files scanned for documents: the repository's TypeScript, without generated code. */
export const scannedFile = (file: string): boolean =>
  /\.tsx?$/.test(file) && !file.endsWith('.d.ts') && !file.includes('__generated__/') && !file.startsWith('client/src/gql/') && !file.includes('node_modules/');

/**
 * Build the manifest from `files` (repository-relative path → text). Console `graphql()` documents
 * in `.tsx` files are taken from codegen's output instead of the scan (their sent text is codegen's).
 */
export function buildManifest(files: ReadonlyMap<string, string>): OperationsManifest {
  const byHash = new Map<string, ManifestOperation>();
  const add = (operation: ManifestOperation) => {
    const known = byHash.get(operation.hash);
    if (!known) return void byHash.set(operation.hash, operation);
    const sources = [...new Set([...(known.sources ?? [known.source]), operation.source])].sort();
    byHash.set(operation.hash, { ...known, source: sources[0]!, origin: originOf(sources[0]!), sources });
  };
  for (const operation of consoleOperations(files)) add(operation);
  for (const [file, text] of [...files].sort(([a], [b]) => a.localeCompare(b))) {
    if (!scannedFile(file)) continue;
    const consoleTsx = file.startsWith('client/src/') && file.endsWith('.tsx') && !file.startsWith('client/src/explorer/');
    for (const body of scanSource(text, file)) {
      if (consoleTsx) continue; // `graphql()` documents: codegen's text above
      const document = asOperationDocument(body)!;
      add({ hash: manifestHash(body), name: operationNames(document), source: file, body, origin: originOf(file) });
    }
  }
  const operations = [...byHash.values()].sort(
    (a, b) => a.source.localeCompare(b.source) || (a.name ?? '').localeCompare(b.name ?? '') || a.hash.localeCompare(b.hash),
  );
  return { operations };
}
