import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { buildSchema } from 'graphql';
import { manifestHash, readManifest, TRUSTED_ORIGINS, type OperationsManifest } from '../lib/operations-manifest';
import { scanSource } from '../lib/operations-scan';
import { committedSchemas, describeFailure, readExemptions, validateManifest } from '../lib/operations-validate';
import { PERSISTED_DOCUMENTS_PATH } from '../lib/operations-manifest';

describe('the committed operations manifest', () => {
  const manifest = readManifest();

  it('validates every operation against the composed API schema (subgraph requests against the subgraphs)', () => {
    const { failures, staleExemptions } = validateManifest(manifest, committedSchemas(), readExemptions());
    expect(failures.map(describeFailure)).toEqual([]);
    expect(staleExemptions).toEqual([]);
  });

  it('holds every console document codegen persisted, under the hash the console sends', () => {
    const persisted = JSON.parse(readFileSync(PERSISTED_DOCUMENTS_PATH, 'utf8')) as Record<string, string>;
    const byHash = new Map(manifest.operations.map((o) => [o.hash, o]));
    for (const [hash, body] of Object.entries(persisted)) {
      expect(byHash.get(hash)?.body).toBe(body);
      expect(TRUSTED_ORIGINS).toContain(byHash.get(hash)?.origin);
    }
  });

  it('hashes each body with sha256 and lists each hash once, sorted by file', () => {
    for (const o of manifest.operations) expect(o.hash).toBe(manifestHash(o.body));
    expect(new Set(manifest.operations.map((o) => o.hash)).size).toBe(manifest.operations.length);
    const sources = manifest.operations.map((o) => o.source);
    expect(sources).toEqual([...sources].sort((a, b) => a.localeCompare(b)));
  });
});

describe('validateManifest (fixture schema)', () => {
  const fixture: OperationsManifest = {
    operations: [
      {
        hash: manifestHash('query Jobs { jobs { id name } }'),
        name: 'Jobs',
        source: 'client/src/Jobs.tsx',
        body: 'query Jobs { jobs { id name } }',
        origin: 'console',
      },
      { hash: manifestHash('query Me { me { id } }'), name: 'Me', source: 'test/me.test.ts', body: 'query Me { me { id } }', origin: 'test' },
    ],
  };
  const before = buildSchema('type Job { id: ID! name: String! } type User { id: ID! } type Query { jobs: [Job!]! me: User }');
  // A breaking change: Job.name removed.
  const after = buildSchema('type Job { id: ID! } type User { id: ID! } type Query { jobs: [Job!]! me: User }');

  it('passes while the schema has what the operations select', () => {
    expect(validateManifest(fixture, { api: before, subgraphs: [] }).failures).toEqual([]);
  });

  it('fails naming the operation and its file when a field it selects is removed', () => {
    const { failures } = validateManifest(fixture, { api: after, subgraphs: [] });
    expect(failures.map(describeFailure)).toEqual([
      'Jobs in client/src/Jobs.tsx no longer validates against the API schema: Cannot query field "name" on type "Job".',
    ]);
  });

  it('skips exempt documents and reports exemptions that match nothing', () => {
    const exemptions = { files: { 'client/src/Jobs.tsx': 'fixture' }, operations: { 'sha256:0000': 'gone' } };
    const result = validateManifest(fixture, { api: after, subgraphs: [] }, exemptions);
    expect(result.failures).toEqual([]);
    expect(result.exempt).toBe(1);
    expect(result.staleExemptions).toEqual(['sha256:0000']);
  });
});

describe('scanSource', () => {
  it('finds tagged templates and plain strings that are operations, not dynamic or non-GraphQL text', () => {
    const source = [
      'const A = gql`query A { me { id } }`;',
      "const B = 'mutation B($x: ID!) { cancel(id: $x) { id } }';",
      'const C = `# comment\nsubscription C { tick }`;',
      'const D = `query D { ${field} }`;', // assembled at run time
      'const E = \'{ "json": true }\';',
      "const F = 'fragment F on User { id }';", // no operation
      "const G = 'query is slow';",
    ].join('\n');
    expect(scanSource(source, 'x.ts')).toEqual([
      'query A { me { id } }',
      'mutation B($x: ID!) { cancel(id: $x) { id } }',
      '# comment\nsubscription C { tick }',
    ]);
  });
});
