/**
 * `npm run build:server`: the production JavaScript of every service, one file per entry point in
 * `dist/` (`node dist/gateway.js`, …), plus the `db-migrate` and `db-seed` commands that deploys and
 * the compose `init` container run. esbuild bundles our own TypeScript (lib/, the service's folder)
 * into one ES module per entry and leaves every npm package as an import resolved from
 * `node_modules` at run time, so a service image needs only the `dependencies` of package.json
 * (decisions.md #37). `npm start` keeps running the sources with tsx.
 *
 * `dist/` must stay a direct child of the project root: the bundles find `schema/` (and the
 * gateway the built console in `client/dist`) at `<dist>/..`, as lib/schema-files.ts does from lib/.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Metafile } from 'esbuild';
import { PROJECT_ROOT } from '../lib/schema-files';

/** Output name (`dist/<name>.js`) → entry point. */
export const SERVER_ENTRIES = {
  gateway: 'gateway/main.ts',
  users: 'subgraphs/users/main.ts',
  platform: 'subgraphs/platform/main.ts',
  datasets: 'subgraphs/datasets/main.ts',
  labeler: 'labeler/main.ts',
  trainer: 'trainer/main.ts',
  'db-migrate': 'scripts/db-migrate.ts',
  'db-seed': 'scripts/db-seed.ts',
  healthcheck: 'scripts/healthcheck.ts',
} as const;

export type ServerEntry = keyof typeof SERVER_ENTRIES;
export const SERVICES = ['gateway', 'users', 'platform', 'datasets', 'labeler', 'trainer'] as const satisfies readonly ServerEntry[];

export const DIST_DIR = path.join(PROJECT_ROOT, 'dist');

/** Builds every entry into `outdir` and returns esbuild's metafile (what each output imports). */
export async function buildServer(outdir: string = DIST_DIR): Promise<Metafile> {
  rmSync(outdir, { recursive: true, force: true });
  const result = await build({
    absWorkingDir: PROJECT_ROOT,
    entryPoints: Object.fromEntries(Object.entries(SERVER_ENTRIES)),
    outdir,
    bundle: true,
    // npm packages stay imports: they keep their own files (workers, native parts, package.json reads).
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // One self-contained file per entry (no shared chunks): what a service imports is what its file imports.
    sourcemap: 'linked',
    // Stack traces name our functions as in the sources.
    keepNames: true,
    metafile: true,
    logLevel: 'warning',
    tsconfig: path.join(PROJECT_ROOT, 'tsconfig.json'),
  });
  const problems = bundledMainGuards(result.metafile);
  if (problems.length > 0) throw new Error(`a bundled module runs as a command when its bundle starts:\n  ${problems.join('\n  ')}`);
  // Node reads `dist/*.js` as ES modules even when an image has no package.json beside it.
  writeFileSync(path.join(outdir, 'package.json'), `${JSON.stringify({ type: 'module' })}\n`);
  writeFileSync(path.join(outdir, 'meta.json'), JSON.stringify(result.metafile));
  return result.metafile;
}

/**
 * Modules other than an entry point that run code "when started directly"
 * (`import.meta.url === pathToFileURL(process.argv[1])`): in a bundle `import.meta.url` is the
 * bundle's own, so that code would run inside every service that imports the module.
 */
export function bundledMainGuards(metafile: Metafile): string[] {
  const problems: string[] = [];
  for (const [file, output] of Object.entries(metafile.outputs)) {
    for (const input of Object.keys(output.inputs)) {
      if (input === output.entryPoint || input.startsWith('node_modules/')) continue;
      if (MAIN_GUARD.test(readFileSync(path.join(PROJECT_ROOT, input), 'utf8'))) problems.push(`${input} (in ${file})`);
    }
  }
  return problems;
}

const MAIN_GUARD = /import\.meta\.url\s*===\s*pathToFileURL\(\s*process\.argv\[1\]/;

/** The npm packages the built output imports (`@scope/name` or `name`; `node:` builtins excluded). */
export function importedPackages(metafile: Metafile): Map<string, string[]> {
  const byPackage = new Map<string, string[]>();
  for (const [file, output] of Object.entries(metafile.outputs)) {
    for (const imported of output.imports) {
      if (!imported.external) continue;
      const name = packageNameOf(imported.path);
      if (name === null) continue;
      byPackage.set(name, [...(byPackage.get(name) ?? []), file]);
    }
  }
  return byPackage;
}

/** `@aws-sdk/client-s3/dist/x` → `@aws-sdk/client-s3`, `pg` → `pg`; null for builtins and relative paths. */
export function packageNameOf(specifier: string): string | null {
  if (specifier.startsWith('node:') || specifier.startsWith('.') || specifier.startsWith('/')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return BUILTINS.has(name) ? null : name;
}

const BUILTINS = new Set(builtinModules);

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const started = Date.now();
  const metafile = await buildServer();
  const outputs = Object.keys(metafile.outputs).filter((file) => file.endsWith('.js'));
  process.stdout.write(`built ${outputs.join(', ')} in ${Date.now() - started} ms\n`);
}
