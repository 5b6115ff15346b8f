/**
 * The deployment files and the settings the services read agree, both ways: every variable named
 * in a Railway template (deploy/railway/<service>.env, shared.env), in docker-compose.yml, in the
 * README's Settings tables or in the Limits table of docs/operations.md is one that a service's
 * env.ts (or the local stack's settings) reads, and every variable a service reads is named for it
 * in one of those. The Railway configs build the one Dockerfile, start `node dist/<service>.js`,
 * check `/health/ready`, redeploy on a change to anything the service's bundle is built from, and
 * leave every secret empty.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Metafile } from 'esbuild';
import { parse as parseYaml } from 'yaml';
import { gatewayEnvShape } from '../gateway/env';
import { labelerEnvShape } from '../labeler/env';
import { PROJECT_ROOT } from '../lib/schema-files';
import { buildServer, SERVICES } from '../scripts/build-server';
import { stackEnvShape } from '../scripts/stack/settings';
import { datasetsEnvShape } from '../subgraphs/datasets/env';
import { platformEnvShape } from '../subgraphs/platform/env';
import { trainerEnvShape } from '../trainer/env';
import { usersEnvShape } from '../subgraphs/users/env';

type Service = (typeof SERVICES)[number];

/** What each service reads (its env.ts), by variable name. */
const SCHEMAS: Record<Service, Set<string>> = {
  gateway: new Set(Object.keys(gatewayEnvShape)),
  users: new Set(Object.keys(usersEnvShape)),
  platform: new Set(Object.keys(platformEnvShape)),
  datasets: new Set(Object.keys(datasetsEnvShape)),
  labeler: new Set(Object.keys(labelerEnvShape)),
  trainer: new Set(Object.keys(trainerEnvShape)),
};
/** `npm start`, `db:migrate` and `db:seed` (scripts/stack/settings.ts). */
const STACK = new Set(Object.keys(stackEnvShape));
const ANY_SERVICE = new Set(Object.values(SCHEMAS).flatMap((schema) => [...schema]));
/** Read by the image and by Railway, not by a service: the Dockerfile's build argument and the port Railway routes to. */
const PLATFORM_VARIABLES = new Set(['SERVICE', 'PORT']);
const PORT_VARIABLE: Record<Service, string> = {
  gateway: 'GATEWAY_PORT',
  users: 'USERS_PORT',
  platform: 'PLATFORM_PORT',
  datasets: 'DATASETS_PORT',
  labeler: 'LABELER_PORT',
  trainer: 'TRAINER_PORT',
};
const SECRET = /SECRET|_ACCESS_KEY$|_SERVICE_KEY$|^WORKER_TOKEN$|^METRICS_TOKEN$|PASSWORD/;

const RAILWAY_DIR = path.join(PROJECT_ROOT, 'deploy', 'railway');
const read = (...parts: string[]) => readFileSync(path.join(PROJECT_ROOT, ...parts), 'utf8');

/** `NAME=value` lines of a Railway variables template (comments and blank lines skipped). */
function readTemplate(file: string): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of readFileSync(path.join(RAILWAY_DIR, file), 'utf8').split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    const match = /^([A-Z][A-Z0-9_]*)=(.*)$/.exec(line);
    if (!match) throw new Error(`${file}: not a NAME=value line: ${line}`);
    vars.set(match[1]!, match[2]!);
  }
  return vars;
}

interface RailwayConfig {
  build: { builder: string; dockerfilePath: string; watchPatterns: string[] };
  deploy: { startCommand: string; preDeployCommand?: string[]; healthcheckPath: string; restartPolicyType: string; restartPolicyMaxRetries?: number };
}

const templates = Object.fromEntries(SERVICES.map((name) => [name, readTemplate(`${name}.env`)])) as Record<Service, Map<string, string>>;
const shared = readTemplate('shared.env');
const configs = Object.fromEntries(
  SERVICES.map((name) => [name, JSON.parse(readFileSync(path.join(RAILWAY_DIR, `${name}.json`), 'utf8')) as RailwayConfig]),
) as Record<Service, RailwayConfig>;

const compose = parseYaml(read('docker-compose.yml'), { merge: true }) as { services: Record<string, { environment?: Record<string, string> }> };
const composeEnv = (name: string) => Object.keys(compose.services[name]?.environment ?? {});

type Row = { services: Service[] | 'stack'; names: string[]; row: string };

/**
 * The README's Settings tables: which variables each row names and for which services. A name
 * ending in `*` stands for every variable with that prefix a service reads.
 */
function readmeSettings(): Row[] {
  const readme = read('README.md');
  const start = readme.indexOf('\n## Settings');
  const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
  const rows: Row[] = [];
  let table: 'all' | 'per-service' | 'stack' | null = null;
  for (const line of section.split('\n')) {
    if (line.startsWith('**All services**')) table = 'all';
    else if (line.startsWith('**Per service**')) table = 'per-service';
    else if (line.startsWith('**`npm start` only**')) table = 'stack';
    if (!line.startsWith('|') || /^\|\s*(variable|service)\s*\|/.test(line) || /^\|[-|\s]+\|$/.test(line)) continue;
    const cells = line.split('|').slice(1, -1);
    const variableCell = table === 'per-service' ? cells[1]! : cells[0]!;
    const names = namesIn(variableCell);
    if (table === 'stack') rows.push({ services: 'stack', names, row: line });
    else if (table === 'per-service') rows.push({ services: cells[0]!.split(',').map((s) => s.trim() as Service), names, row: line });
    else {
      const except = /\(not ([\w, ]+)\)/.exec(variableCell)?.[1]?.split(/,\s*/) ?? [];
      rows.push({ services: SERVICES.filter((s) => !except.includes(s)), names, row: line });
    }
  }
  return rows;
}

/**
 * docs/operations.md's Limits table: `setting (service, …)`; a row without services is the local
 * stack's; a row whose setting starts with "—" is a constant in the code, not a variable.
 */
function limitsSettings(): Row[] {
  const doc = read('docs', 'operations.md');
  const start = doc.indexOf('\n## Limits');
  const section = doc.slice(start, doc.indexOf('\n## ', start + 1));
  return section
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|\s*limit\s*\|/.test(line) && !/^\|[-|\s]+\|$/.test(line))
    .map((line) => ({ line, cell: line.split('|')[2]!.trim() }))
    .filter(({ cell }) => !cell.startsWith('—'))
    .map(({ line, cell }) => {
      const services = /\(([a-z, ]+)\)$/.exec(cell)?.[1]?.split(/,\s*/) as Service[] | undefined;
      return { services: services ?? 'stack', names: namesIn(cell), row: line };
    });
}

const namesIn = (cell: string) => [...cell.matchAll(/`([A-Z][A-Z0-9_]*\*?)`/g)].map((m) => m[1]!);

const expand = (name: string, schema: Set<string>) => (name.endsWith('*') ? [...schema].filter((key) => key.startsWith(name.slice(0, -1))) : [name]);

let metafile: Metafile;
let outdir: string;

beforeAll(async () => {
  outdir = mkdtempSync(path.join(os.tmpdir(), 'vpg-deploy-'));
  metafile = await buildServer(outdir);
});

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('Railway configs (deploy/railway/<service>.json)', () => {
  it('exist for every service and nothing else', () => {
    const files = readdirSync(RAILWAY_DIR).sort();
    expect(files).toEqual([...SERVICES.flatMap((name) => [`${name}.env`, `${name}.json`]), 'shared.env'].sort());
  });

  it.each(SERVICES)('%s builds the one Dockerfile, starts the compiled service and checks /health/ready', (name) => {
    const { build, deploy } = configs[name];
    expect(build).toMatchObject({ builder: 'DOCKERFILE', dockerfilePath: 'Dockerfile' });
    expect(deploy.startCommand).toBe(`node dist/${name}.js`);
    expect(deploy.healthcheckPath).toBe('/health/ready');
    expect(deploy.restartPolicyType).toBe('ON_FAILURE');
    for (const command of deploy.preDeployCommand ?? []) expect(command).toMatch(/^node dist\/db-migrate\.js( (users|labeler|platform))+$/);
    expect(templates[name].get('SERVICE')).toBe(name);
    expect(templates[name].get('PORT')).toBe(templates[name].get(PORT_VARIABLE[name]));
  });

  it('the services whose database is migrated by a pre-deploy command are given that database', () => {
    const migrated = (name: Service) => (configs[name].deploy.preDeployCommand ?? []).flatMap((command) => command.split(' ').slice(2));
    const variable = { users: 'USER_DATABASE_URL', platform: 'DATABASE_URL', labeler: 'LABELER_DATABASE_URL' } as Record<string, string>;
    expect(migrated('users')).toEqual(['users']);
    expect(migrated('platform')).toEqual(['platform']);
    for (const name of SERVICES) for (const db of migrated(name)) expect(templates[name].has(variable[db]!)).toBe(true);
  });

  it.each(SERVICES)('%s redeploys on a change to any file its bundle or its pre-deploy command is built from', (name) => {
    const patterns = configs[name].build.watchPatterns;
    const covered = (file: string) => patterns.some((p) => (p.endsWith('/**') ? file.startsWith(p.slice(0, -2)) : file === p));
    const outputs = [`${name}.js`, ...(configs[name].deploy.preDeployCommand ? ['db-migrate.js'] : [])];
    const inputs = Object.entries(metafile.outputs)
      .filter(([file]) => outputs.includes(path.basename(file)))
      .flatMap(([, output]) => Object.keys(output.inputs));
    expect(inputs.length).toBeGreaterThan(0);
    expect(inputs.filter((file) => !covered(file))).toEqual([]);
    for (const file of ['Dockerfile', 'package-lock.json', `deploy/railway/${name}.json`, 'schema/supergraph.graphql'])
      expect([file, covered(file)]).toEqual([file, true]);
  });
});

describe('the Dockerfile (Docker cannot run here: its structure is checked instead)', () => {
  const dockerfile = read('Dockerfile');
  const stages = dockerfile.split(/^FROM /m).slice(1);
  const ignored = read('.dockerignore')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));

  it('declares ARG SERVICE in every stage that uses $SERVICE', () => {
    for (const stage of stages)
      if (/\$\{?SERVICE\b/.test(stage)) expect([stage.split('\n')[0], /^ARG SERVICE$/m.test(stage)]).toEqual([stage.split('\n')[0], true]);
  });

  it('copies from the build context only files that exist and are not ignored', () => {
    const sources = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(' ')).filter((source) => source !== '.');
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect([source, existsSync(path.join(PROJECT_ROOT, source))]).toEqual([source, true]);
      expect(ignored).not.toContain(source);
    }
    // Built inside the image, never copied from a developer's checkout.
    for (const built of ['dist', 'node_modules', 'client/dist']) expect(ignored).toContain(built);
  });

  it('runs the compiled service with production dependencies only', () => {
    const runtime = stages.at(-1)!;
    expect(runtime).toMatch(/COPY --from=runtime-deps \/app\/node_modules/);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(runtime).toMatch(/^CMD \["node", "dist\/service\.js"\]$/m);
    expect(runtime).toMatch(/ln -s "\$\{SERVICE\}\.js" dist\/service\.js/);
    expect(runtime).not.toMatch(/tsx/);
    expect(runtime).toMatch(/^USER node$/m);
    for (const service of SERVICES) expect(dockerfile).toContain(service);
  });
});

describe('Railway variables templates (deploy/railway/*.env)', () => {
  it.each(SERVICES)('%s names only variables the service reads', (name) => {
    const unknown = [...templates[name].keys()].filter((key) => !SCHEMAS[name].has(key) && !PLATFORM_VARIABLES.has(key));
    expect(unknown).toEqual([]);
  });

  it.each(SERVICES)('%s leaves every secret empty or refers to a shared variable', (name) => {
    for (const [key, value] of templates[name]) {
      if (SECRET.test(key)) expect([key, value]).toEqual([key, expect.stringMatching(/^(\$\{\{shared\.[A-Z0-9_]+\}\})?$/)]);
    }
    for (const [key, value] of shared) if (SECRET.test(key)) expect([key, value]).toEqual([key, '']);
  });

  it('shared variables are read by some service, and every reference names one', () => {
    expect([...shared.keys()].filter((key) => !ANY_SERVICE.has(key))).toEqual([]);
    const referenced = new Set(
      SERVICES.flatMap((name) => [...templates[name].values()].flatMap((value) => [...value.matchAll(/\$\{\{shared\.([A-Z0-9_]+)\}\}/g)].map((m) => m[1]!))),
    );
    expect([...referenced].filter((key) => !shared.has(key))).toEqual([]);
    expect([...shared.keys()].filter((key) => !referenced.has(key))).toEqual([]);
  });
});

describe('docker-compose.yml and the README name only settings that are read', () => {
  it('every variable docker-compose.yml gives a service is read by a service (init: by db-migrate/db-seed)', () => {
    for (const name of Object.keys(compose.services)) {
      if (name === 'postgres' || name === 'minio') continue;
      // `init` gets the services' common variables (one YAML anchor) and reads the stack's.
      const known = name === 'init' ? new Set([...STACK, ...ANY_SERVICE]) : ANY_SERVICE;
      expect([name, composeEnv(name).filter((key) => !known.has(key))]).toEqual([name, []]);
    }
  });

  it("every variable in the README's Settings tables and the operations Limits table is read by the services its row names", () => {
    const rows = [...readmeSettings(), ...limitsSettings()];
    expect(readmeSettings().length).toBeGreaterThan(50);
    expect(limitsSettings().length).toBeGreaterThan(20);
    const problems: string[] = [];
    for (const { services, names, row } of rows) {
      expect([row, names.length > 0]).toEqual([row, true]);
      for (const name of names) {
        if (services === 'stack') {
          if (!STACK.has(name)) problems.push(`${name} (npm start only)`);
          continue;
        }
        for (const service of services) {
          if (!(service in SCHEMAS)) problems.push(`${name}: unknown service "${service}"`);
          else if (expand(name, SCHEMAS[service]).filter((key) => SCHEMAS[service].has(key)).length === 0) problems.push(`${name} is not read by ${service}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});

describe('every setting a service reads is named for it', () => {
  const rows = [...readmeSettings(), ...limitsSettings()];
  const inReadme = (service: Service) =>
    new Set(
      rows.filter((r) => r.services !== 'stack' && r.services.includes(service)).flatMap((r) => r.names.flatMap((name) => expand(name, SCHEMAS[service]))),
    );

  it.each(SERVICES)('%s: in its Railway template, docker-compose.yml, the README or the Limits table', (name) => {
    const named = new Set([...templates[name].keys(), ...composeEnv(name), ...inReadme(name)]);
    expect([...SCHEMAS[name]].filter((key) => !named.has(key))).toEqual([]);
  });

  it('the local stack: in the README', () => {
    const named = new Set(
      rows.flatMap((r) => r.names.flatMap((name) => (r.services === 'stack' ? [name] : r.services.flatMap((s) => expand(name, SCHEMAS[s]))))),
    );
    expect([...STACK].filter((key) => !named.has(key))).toEqual([]);
  });
});
