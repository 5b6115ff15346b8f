/**
 * `npm run operations:manifest`: collect every operation the project ships into
 * `schema/operations-manifest.json` (lib/operations-manifest.ts says from where).
 * `--check`: build it in memory and exit 1 when the committed file differs (CI), naming the
 * operations added, removed or changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MANIFEST_PATH, serializeManifest, type OperationsManifest } from '../lib/operations-manifest';
import { buildManifest, scannedFile } from '../lib/operations-scan';
import { PROJECT_ROOT } from '../lib/schema-files';

/** Tracked files and new ones git does not ignore. */
function repositoryFiles(): Map<string, string> {
  const listed = spawnSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (listed.status !== 0) throw new Error(`git ls-files failed: ${listed.stderr}`);
  const files = new Map<string, string>();
  for (const file of listed.stdout.split('\n').filter(scannedFile)) {
    const full = path.join(PROJECT_ROOT, file);
    if (existsSync(full)) files.set(file, readFileSync(full, 'utf8'));
  }
  return files;
}

const label = (o: { name: string | null; source: string; hash: string }) => `${o.name ?? '(anonymous)'} in ${o.source} (${o.hash.slice(0, 19)}…)`;

function main(): number {
  const manifest = buildManifest(repositoryFiles());
  const text = serializeManifest(manifest);
  const relative = path.relative(PROJECT_ROOT, MANIFEST_PATH);
  if (!process.argv.includes('--check')) {
    writeFileSync(MANIFEST_PATH, text);
    console.log(`operations:manifest — ${manifest.operations.length} operations written to ${relative}.`);
    return 0;
  }
  const committed = existsSync(MANIFEST_PATH) ? readFileSync(MANIFEST_PATH, 'utf8') : '';
  if (committed === text) {
    console.log(`operations:manifest — ${relative} is up to date (${manifest.operations.length} operations).`);
    return 0;
  }
  const before = new Map((committed ? (JSON.parse(committed) as OperationsManifest).operations : []).map((o) => [o.hash, o]));
  const after = new Map(manifest.operations.map((o) => [o.hash, o]));
  const added = [...after.values()].filter((o) => !before.has(o.hash));
  const removed = [...before.values()].filter((o) => !after.has(o.hash));
  console.error(`operations:manifest — ${relative} is out of date with the documents in the code:\n`);
  for (const o of added) console.error(`  new:     ${label(o)}`);
  for (const o of removed) console.error(`  gone:    ${label(o)}`);
  if (added.length === 0 && removed.length === 0) console.error('  the same operations, with other names, files or order');
  console.error('\nRun `npm run operations:manifest` and commit the result.');
  return 1;
}

process.exitCode = main();
