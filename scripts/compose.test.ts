import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from '@jest/globals';
import { apiSchemaPath, SCHEMA_DIR, SUBGRAPHS, supergraphPath } from '../lib/schema-files';
import { readSupergraph } from '../gateway/supergraph-info';
import { composeSchemas, composerMismatch, readAcceptedHints, readRoverConfig, ROVER_CONFIG, unacceptedHints } from './compose';

const here = path.dirname(fileURLToPath(import.meta.url));

describe('npm run compose reads rover.yaml', () => {
  it('composing from rover.yaml gives the committed supergraph and API schema, with rover.yaml routing URLs', () => {
    const composition = composeSchemas(ROVER_CONFIG);
    if (!composition.ok) throw new Error(composition.errors.join('\n'));
    expect(composition.supergraph).toBe(readFileSync(supergraphPath(), 'utf8'));
    expect(composition.api).toBe(readFileSync(apiSchemaPath(), 'utf8'));

    const rover = readRoverConfig();
    const composed = readSupergraph(composition.supergraph).subgraphs;
    const byName = (a: { name: string }, b: { name: string }) => a.name.localeCompare(b.name);
    expect(rover.subgraphs.map(({ name, url }) => ({ name, url })).sort(byName)).toEqual([...composed.values()].sort(byName));
    expect(composition.supergraph).toContain('url: "http://127.0.0.1:4001/graphql"');
  });

  it('lists every subgraph the services serve, each from its schema/ file', () => {
    const rover = readRoverConfig();
    expect(rover.subgraphs.map((s) => s.name).sort()).toEqual([...SUBGRAPHS].sort());
    for (const subgraph of rover.subgraphs) expect(subgraph.file).toBe(path.join(SCHEMA_DIR, `${subgraph.name}.graphql`));
  });

  it('names the @apollo/composition version installed as its federation_version', () => {
    expect(composerMismatch(readRoverConfig().federationVersion)).toBeNull();
    expect(composerMismatch('=2.0.0')).toMatch(/federation_version =2\.0\.0 but @apollo\/composition/);
  });

  it('a routing URL edited in rover.yaml is the one composed', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rover-'));
    const config = path.join(dir, 'rover.yaml');
    const text = readFileSync(ROVER_CONFIG, 'utf8').replaceAll('./schema/', `${SCHEMA_DIR}/`);
    writeFileSync(config, text.replace('http://127.0.0.1:4002/graphql', 'http://platform.internal:8080/graphql'));
    const composition = composeSchemas(config);
    if (!composition.ok) throw new Error(composition.errors.join('\n'));
    expect(readSupergraph(composition.supergraph).subgraphs.get('platform')?.url).toBe('http://platform.internal:8080/graphql');
  });
});

describe('composition hints are reviewed', () => {
  it('today composes without hints, and none is accepted that no longer occurs', () => {
    const composition = composeSchemas();
    if (!composition.ok) throw new Error(composition.errors.join('\n'));
    expect(unacceptedHints(composition.hints, readAcceptedHints())).toEqual([]);
    const accepted = readAcceptedHints();
    expect(accepted.filter((a) => !composition.hints.some((h) => h.code === a.code && h.coordinate === (a.coordinate ?? null)))).toEqual([]);
  });

  it('a new hint is not accepted until listed with its code and coordinate', () => {
    const composition = composeSchemas(path.join(here, 'fixtures', 'compose-hints', 'rover.yaml'));
    if (!composition.ok) throw new Error(composition.errors.join('\n'));
    expect(composition.hints).toEqual([expect.objectContaining({ code: 'INCONSISTENT_DESCRIPTION', coordinate: 'Thing' })]);
    expect(unacceptedHints(composition.hints, [])).toHaveLength(1);
    expect(unacceptedHints(composition.hints, [{ code: 'INCONSISTENT_DESCRIPTION', coordinate: 'Other', reason: 'x' }])).toHaveLength(1);
    expect(unacceptedHints(composition.hints, [{ code: 'INCONSISTENT_DESCRIPTION', coordinate: 'Thing', reason: 'Reviewed.' }])).toEqual([]);
  });

  it('an accepted hint needs a reason', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'hints-'));
    const file = path.join(dir, 'hints.yaml');
    writeFileSync(file, 'accepted:\n  - code: INCONSISTENT_DESCRIPTION\n    coordinate: Thing\n    reason: " "\n');
    expect(() => readAcceptedHints(file)).toThrow(/needs a reason/);
  });
});
