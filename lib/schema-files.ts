/** Where the SDL contracts live; every service and script reads them from here. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse, type DocumentNode } from 'graphql';

export const SUBGRAPHS = ['users', 'platform', 'datasets'] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number];

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schema');

export function subgraphSdl(name: SubgraphName): string {
  return readFileSync(path.join(SCHEMA_DIR, `${name}.graphql`), 'utf8');
}

export function subgraphTypeDefs(name: SubgraphName): DocumentNode {
  return parse(subgraphSdl(name));
}

export const supergraphPath = () => path.join(SCHEMA_DIR, 'supergraph.graphql');
export const apiSchemaPath = () => path.join(SCHEMA_DIR, 'api.graphql');
