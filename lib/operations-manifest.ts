/**
 * The operations manifest (`schema/operations-manifest.json`, decisions.md #43): every GraphQL
 * operation the project ships, with its sha256 hash, name and the file it comes from. Built by
 * `npm run operations:manifest` (lib/operations-scan.ts):
 *
 * - The console's documents come from codegen's persisted-documents output
 *   (`client/src/gql/persisted-documents.json`: the hash → text map the console sends hashes of).
 * - Every other document is found by a scan of the repository's TypeScript: each string literal and
 *   template literal without substitutions (tagged `gql`/`graphql` or not) that parses with graphql-js
 *   as an executable document with at least one operation. The body is the literal's text exactly,
 *   as it is sent, so its hash is the one a client would compute.
 *   Documents assembled at run time (template literals with `${…}`) are not collected.
 *
 * The gateway trusts the entries whose `origin` is one of TRUSTED_ORIGINS (trusted documents);
 * CI validates every entry against the API schema (`operations-manifest.test.ts`).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT, SCHEMA_DIR } from './schema-files';

/** `service`: documents a service sends to another (or builds for itself); not a client's. */
export type OperationOrigin = 'console' | 'explorer' | 'script' | 'bench' | 'test' | 'service';

/** The documents the gateway accepts in `only` mode: what the product's own clients and scripts send. */
export const TRUSTED_ORIGINS: readonly OperationOrigin[] = ['console', 'explorer', 'script'];

export interface ManifestOperation {
  /** `sha256:<hex>` of `body`. */
  hash: string;
  /** The operation's name; several names joined with `, `; null when anonymous. */
  name: string | null;
  /** Repository-relative file the document comes from (the first one when several hold the same text). */
  source: string;
  body: string;
  /** Which kind of caller sends it. */
  origin: OperationOrigin;
  /** Every file holding the same text, when there is more than one. */
  sources?: string[];
}

export interface OperationsManifest {
  operations: ManifestOperation[];
}

export const MANIFEST_PATH = path.join(SCHEMA_DIR, 'operations-manifest.json');
export const PERSISTED_DOCUMENTS_PATH = path.join(PROJECT_ROOT, 'client', 'src', 'gql', 'persisted-documents.json');

export const sha256Hex = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');
export const manifestHash = (body: string): string => `sha256:${sha256Hex(body)}`;

/** Where a file's documents come from. */
export function originOf(file: string): OperationOrigin {
  if (/\.test\.tsx?$/.test(file) || file.startsWith('test/') || file.startsWith('client/e2e/') || file.includes('/contract/')) return 'test';
  if (file.startsWith('client/src/explorer/')) return 'explorer';
  if (file.startsWith('client/')) return 'console';
  if (/^scripts\/bench/.test(file)) return 'bench';
  if (file.startsWith('scripts/')) return 'script';
  return 'service';
}

/** The manifest's JSON text as committed (stable: sorted entries, fixed key order, final newline). */
export function serializeManifest(manifest: OperationsManifest): string {
  const ordered = manifest.operations.map(({ hash, name, source, body, origin, sources }) => ({
    hash,
    name,
    source,
    body,
    origin,
    ...(sources ? { sources } : {}),
  }));
  return `${JSON.stringify({ operations: ordered }, null, 2)}\n`;
}

export function readManifest(file: string = MANIFEST_PATH): OperationsManifest {
  return JSON.parse(readFileSync(file, 'utf8')) as OperationsManifest;
}
