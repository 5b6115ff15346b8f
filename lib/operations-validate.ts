/**
 * Validate the operations manifest against the composed API schema (CI: operations-manifest.test.ts).
 *
 * A document that selects `_entities` or `_service` is a subgraph request (tests call subgraphs
 * directly, as the gateway does): it is validated against the subgraph schemas and passes when one
 * of them accepts it. Documents that are invalid on purpose (tests of refusals) or written for
 * another schema (unit tests with their own) are listed with a reason in
 * `schema/operations-exempt.json`, by file or by hash; an exemption that matches nothing fails too,
 * so the list stays reviewed.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { buildSchema, parse, validate, type GraphQLSchema } from 'graphql';
import type { ManifestOperation, OperationsManifest } from './operations-manifest';
import { apiSchemaPath, SCHEMA_DIR, SUBGRAPHS, subgraphTypeDefs } from './schema-files';

export interface OperationExemptions {
  /** Repository-relative file → why its documents are not API operations. */
  files: Record<string, string>;
  /** `sha256:<hex>` → why this document is invalid on purpose. */
  operations: Record<string, string>;
}

export const EXEMPTIONS_PATH = path.join(SCHEMA_DIR, 'operations-exempt.json');

export const readExemptions = (file: string = EXEMPTIONS_PATH): OperationExemptions => JSON.parse(readFileSync(file, 'utf8')) as OperationExemptions;

export interface ValidationSchemas {
  api: GraphQLSchema;
  subgraphs: GraphQLSchema[];
}

export function committedSchemas(): ValidationSchemas {
  return {
    api: buildSchema(readFileSync(apiSchemaPath(), 'utf8')),
    subgraphs: SUBGRAPHS.map((name) => buildSubgraphSchema({ typeDefs: subgraphTypeDefs(name) })),
  };
}

export interface OperationFailure {
  operation: Pick<ManifestOperation, 'hash' | 'name' | 'source'>;
  errors: string[];
}

const SUBGRAPH_FIELD = /\b_(entities|service)\b/;

/** Every operation that no longer validates (not exempt), then every exemption that matches nothing. */
export function validateManifest(
  manifest: OperationsManifest,
  schemas: ValidationSchemas,
  exemptions: OperationExemptions = { files: {}, operations: {} },
): { failures: OperationFailure[]; staleExemptions: string[]; exempt: number } {
  const failures: OperationFailure[] = [];
  const used = new Set<string>();
  let exempt = 0;
  for (const operation of manifest.operations) {
    const exemptBy = [operation.hash, ...(operation.sources ?? [operation.source])].find((key) => key in exemptions.operations || key in exemptions.files);
    if (exemptBy) {
      used.add(exemptBy);
      exempt += 1;
      continue;
    }
    const document = parse(operation.body);
    const errors = validate(schemas.api, document);
    if (errors.length === 0) continue;
    if (SUBGRAPH_FIELD.test(operation.body) && schemas.subgraphs.some((schema) => validate(schema, document).length === 0)) continue;
    failures.push({ operation: { hash: operation.hash, name: operation.name, source: operation.source }, errors: errors.map((e) => e.message) });
  }
  const staleExemptions = [...Object.keys(exemptions.files), ...Object.keys(exemptions.operations)].filter((key) => !used.has(key));
  return { failures, staleExemptions, exempt };
}

/** One line per failure: which operation, in which file, and why. */
export const describeFailure = ({ operation, errors }: OperationFailure): string =>
  `${operation.name ?? '(anonymous operation)'} in ${operation.source} no longer validates against the API schema: ${errors.join(' ')}`;
