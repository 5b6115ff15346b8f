/**
 * `npm run codegen:check`: regenerate every codegen output in place, then ask git whether any
 * generated file differs from what is committed — changed, deleted or new (untracked) files all
 * count as drift. Exits 1 with the list and the fix; the regenerated files are left in place so
 * `git diff` shows exactly what changed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../lib/schema-files';

/** Every folder codegen writes to (keep in step with `codegen.ts`). */
function generatedFolders(): string[] {
  const subgraphs = readdirSync(path.join(PROJECT_ROOT, 'subgraphs'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `subgraphs/${entry.name}/__generated__`);
  return [...subgraphs, 'client/src/gql'].filter((folder) => existsSync(path.join(PROJECT_ROOT, folder)));
}

function run(command: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(command, args, { cwd: PROJECT_ROOT, encoding: 'utf8' });
  if (result.error) throw result.error;
  return { status: result.status ?? 1, stdout: result.stdout, stderr: result.stderr };
}

function main(): number {
  const codegen = run(path.join(PROJECT_ROOT, 'node_modules/.bin/graphql-codegen'), ['--config', 'codegen.ts']);
  if (codegen.status !== 0) {
    console.error('codegen:check — `graphql-codegen` failed:\n');
    console.error(codegen.stdout + codegen.stderr);
    return 1;
  }

  const folders = generatedFolders();
  // --untracked-files=all lists new files one by one instead of just their folder.
  const status = run('git', ['status', '--porcelain', '--untracked-files=all', '--', ...folders]);
  if (status.status !== 0) {
    console.error(`codegen:check — git status failed:\n${status.stderr}`);
    return 1;
  }
  const drift = status.stdout.split('\n').filter(Boolean);
  if (drift.length === 0) {
    console.log(`codegen:check — generated code is up to date (${folders.join(', ')}).`);
    return 0;
  }

  const describe = (line: string): string => {
    const code = line.slice(0, 2);
    const file = line.slice(3);
    if (code === '??') return `  new, not committed: ${file}`;
    if (code.includes('D')) return `  deleted:            ${file}`;
    return `  differs:            ${file}`;
  };
  console.error('codegen:check — generated code is out of date with the schema or the client documents:\n');
  console.error(drift.map(describe).join('\n'));
  console.error('\nRun `npm run codegen` and commit the result (`git diff` shows the changes).');
  return 1;
}

process.exitCode = main();
