import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from '@jest/globals';
import { diffSchemas, formatReport, readOperations, type AcceptedChange, type ClassifiedChange, type SchemaTexts } from './schema-diff';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.join(here, 'fixtures', 'schema-diff');
const BASE = readFileSync(path.join(fixtures, 'api.graphql'), 'utf8');
const operations = readOperations(path.join(fixtures, 'operations-manifest.json'));

const apiOnly = (api: string): SchemaTexts => ({ users: null, platform: null, datasets: null, api });

/** The fixture API schema with `from` replaced by `to` (each edit must hit). */
function edited(...edits: Array<[string, string]>): string {
  return edits.reduce((sdl, [from, to]) => {
    if (!sdl.includes(from)) throw new Error(`fixture has no ${from}`);
    return sdl.replace(from, to);
  }, BASE);
}

async function changesOf(current: string, accepted: AcceptedChange[] = []) {
  return diffSchemas({ base: apiOnly(BASE), current: apiOnly(current), accepted, operations });
}

const at = (changes: ClassifiedChange[], coordinate: string) => changes.filter((c) => c.path === coordinate);
const names = (change: ClassifiedChange | undefined) => change?.usedBy.map((op) => op.name ?? op.source) ?? [];

describe('schema:diff classification (fixture schemas)', () => {
  it('reports nothing for an unchanged schema', async () => {
    const result = await changesOf(BASE);
    expect(result.changes).toEqual([]);
    expect(result.unaccepted).toEqual([]);
  });

  it('a removed field is breaking and names the operations that select it', async () => {
    const result = await changesOf(edited(['  progress: Int!\n', '']));
    const [change] = at(result.changes, 'Job.progress');
    expect(change).toMatchObject({ schema: 'api', level: 'breaking', type: 'FIELD_REMOVED' });
    expect(names(change)).toEqual(['JobDetail']);
    expect(result.unaccepted).toHaveLength(1);
  });

  it('a changed field type is breaking', async () => {
    const result = await changesOf(edited(['progress: Int!', 'progress: String!']));
    const [change] = at(result.changes, 'Job.progress');
    expect(change).toMatchObject({ level: 'breaking', type: 'FIELD_TYPE_CHANGED' });
    expect(names(change)).toEqual(['JobDetail']);
  });

  it('a new required argument is breaking for every operation selecting the field; an optional one is dangerous only', async () => {
    const required = await changesOf(edited(['jobs(first: Int)', 'jobs(first: Int, projectId: ID!)']));
    const [change] = at(required.changes, 'Query.jobs.projectId');
    expect(change).toMatchObject({ level: 'breaking', type: 'FIELD_ARGUMENT_ADDED' });
    expect(names(change)).toEqual(['JobsList']);

    const optional = await changesOf(edited(['jobs(first: Int)', 'jobs(first: Int, projectId: ID)']));
    expect(at(optional.changes, 'Query.jobs.projectId')[0]).toMatchObject({ level: 'dangerous' });
    expect(optional.unaccepted).toEqual([]);
  });

  it('a removed enum value is breaking for operations that read or pass the enum; an added one is dangerous', async () => {
    const removed = await changesOf(edited(['  QUEUED\n', '']));
    const [change] = at(removed.changes, 'Status.QUEUED');
    expect(change).toMatchObject({ level: 'breaking', type: 'ENUM_VALUE_REMOVED' });
    expect(names(change)).toEqual(['JobsList']);

    const added = await changesOf(edited(['  DONE\n', '  DONE\n  CANCELLED\n']));
    expect(at(added.changes, 'Status.CANCELLED')[0]).toMatchObject({ level: 'dangerous', type: 'ENUM_VALUE_ADDED' });
    expect(added.unaccepted).toEqual([]);
  });

  it('output nullability: nullable → non-null is safe, non-null → nullable is breaking', async () => {
    const stricter = await changesOf(edited(['name: String\n  progress', 'name: String!\n  progress']));
    expect(at(stricter.changes, 'Job.name')[0]).toMatchObject({ level: 'safe', type: 'FIELD_TYPE_CHANGED' });
    expect(stricter.unaccepted).toEqual([]);

    const looser = await changesOf(edited(['email: String!', 'email: String']));
    const [change] = at(looser.changes, 'User.email');
    expect(change).toMatchObject({ level: 'breaking', type: 'FIELD_TYPE_CHANGED' });
    expect(names(change)).toEqual(['JobDetail']);
  });

  it('input nullability is the reverse: non-null → nullable is safe, nullable → non-null is breaking', async () => {
    const looser = await changesOf(edited(['  name: String!\n  note: String', '  name: String\n  note: String']));
    expect(at(looser.changes, 'JobInput.name')[0]).toMatchObject({ level: 'safe', type: 'INPUT_FIELD_TYPE_CHANGED' });
    expect(looser.unaccepted).toEqual([]);

    const stricter = await changesOf(edited(['note: String\n}', 'note: String!\n}']));
    const [change] = at(stricter.changes, 'JobInput.note');
    expect(change).toMatchObject({ level: 'breaking', type: 'INPUT_FIELD_TYPE_CHANGED' });
    // CreateJob passes a JobInput variable: the new required field breaks it.
    expect(names(change)).toEqual(['CreateJob']);

    const argLooser = await changesOf(edited(['job(id: ID!)', 'job(id: ID)']));
    expect(at(argLooser.changes, 'Query.job.id')[0]).toMatchObject({ level: 'safe' });
    const argStricter = await changesOf(edited(['jobs(first: Int)', 'jobs(first: Int!)']));
    expect(at(argStricter.changes, 'Query.jobs.first')[0]).toMatchObject({ level: 'breaking', type: 'FIELD_ARGUMENT_TYPE_CHANGED' });
  });

  it('a removed type used by no shipped operation is still breaking, with no operation named', async () => {
    const sdl = `${BASE}\ntype Orphan {\n  id: ID!\n}\n`;
    const result = await diffSchemas({ base: apiOnly(sdl), current: apiOnly(BASE), operations });
    const [change] = at(result.changes, 'Orphan');
    expect(change).toMatchObject({ level: 'breaking', type: 'TYPE_REMOVED' });
    expect(change?.usedBy).toEqual([]);
  });

  it('the report says when no operation was checked instead of claiming none is affected', async () => {
    const current = apiOnly(edited(['  progress: Int!\n', '']));
    const without = formatReport(await diffSchemas({ base: apiOnly(BASE), current }), 'fixture');
    expect(without).toContain('operations: none checked');
    expect(without).not.toContain('used by');
    const withManifest = formatReport(await diffSchemas({ base: apiOnly(BASE), current, operations }), 'fixture');
    expect(withManifest).not.toContain('operations: none checked');
    expect(withManifest).toContain('used by JobDetail in client/src/job.tsx');
  });

  it('an accepted breaking change passes with its reason; an entry matching nothing is reported stale', async () => {
    const accepted: AcceptedChange[] = [
      { schema: 'api', path: 'Job.progress', type: 'FIELD_REMOVED', reason: 'Replaced by Job.percent; the console moved.' },
      { schema: 'api', path: 'Query.gone', reason: 'Shipped last release.' },
    ];
    const result = await changesOf(edited(['  progress: Int!\n', '']), accepted);
    expect(result.unaccepted).toEqual([]);
    expect(at(result.changes, 'Job.progress')[0]?.acceptedReason).toBe('Replaced by Job.percent; the console moved.');
    expect(result.staleAccepted.map((e) => e.path)).toEqual(['Query.gone']);

    // An entry for another change type at the same path does not accept it.
    const other = await changesOf(edited(['progress: Int!', 'progress: String!']), [accepted[0] as AcceptedChange]);
    expect(other.unaccepted.map((c) => c.path)).toEqual(['Job.progress']);
  });

  it('compares subgraph SDL with federation directives', async () => {
    const subgraph = (extra: string) => `
      extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      type Query { job(id: ID!): Job }
      type Job @key(fields: "id") { id: ID!${extra} }
    `;
    const base: SchemaTexts = { users: null, platform: subgraph('\n name: String!'), datasets: null, api: BASE };
    const result = await diffSchemas({ base, current: { ...base, platform: subgraph('') }, operations });
    expect(result.changes).toEqual([expect.objectContaining({ schema: 'platform', level: 'breaking', type: 'FIELD_REMOVED', path: 'Job.name' })]);
    expect(names(result.changes[0])).toEqual(['JobsList']);
  });
});

describe('npm run schema:diff (the script)', () => {
  const run = promisify(execFile);
  const script = path.join(here, 'schema-diff.ts');
  const tsx = path.join(here, '..', 'node_modules', '.bin', 'tsx');

  it('fails on an unaccepted breaking change naming the operations, and passes once it is accepted', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'schema-diff-'));
    writeFileSync(path.join(dir, 'api.graphql'), edited(['  QUEUED\n', '']));
    const args = [script, '--base', fixtures, '--schema-dir', dir, '--operations', path.join(fixtures, 'operations-manifest.json')];

    const failed = await run(tsx, [...args, '--accepted', path.join(dir, 'none.yaml')]).then(
      () => null,
      (error: { code: number; stdout: string }) => error,
    );
    expect(failed?.code).toBe(1);
    expect(failed?.stdout).toContain('BREAKING  ENUM_VALUE_REMOVED Status.QUEUED');
    expect(failed?.stdout).toContain('used by JobsList in client/src/jobs.tsx');
    expect(failed?.stdout).toContain('FAILED: 1 breaking change(s) not accepted');

    const acceptedFile = path.join(dir, 'accepted.yaml');
    writeFileSync(acceptedFile, 'accepted:\n  - schema: api\n    path: Status.QUEUED\n    reason: Jobs are never queued any more.\n');
    const passed = await run(tsx, [...args, '--accepted', acceptedFile]);
    expect(passed.stdout).toContain('accepted: Jobs are never queued any more.');
    expect(passed.stdout).toContain('schema:diff ok');
  });

  it('refuses an accepted entry without a reason', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'schema-diff-'));
    const acceptedFile = path.join(dir, 'accepted.yaml');
    writeFileSync(acceptedFile, 'accepted:\n  - schema: api\n    path: Status.QUEUED\n    reason: ""\n');
    const failed = await run(tsx, [script, '--base', fixtures, '--schema-dir', fixtures, '--accepted', acceptedFile]).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed?.code).toBe(2);
    expect(failed?.stderr).toContain('every accepted change needs a reason');
  });
});
