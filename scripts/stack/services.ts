/**
 * What each service process gets: its entry point, port and an explicit environment built from
 * the stack's settings (databases, storage, URLs of its neighbours, secrets).
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/schema-files';
import { CLIENT_DIST_DIR } from './console-build';
import { storageEnv, type Infra } from './infra';
import { secretsFor, SERVICE_NAMES, type ServiceName, type StackSettings } from './settings';

export interface ServiceSpec {
  name: ServiceName;
  /** Path of `main.ts`, relative to the project root. */
  entry: string;
  port: number;
  healthUrl: string;
  env: Record<string, string>;
}

const ENTRIES: Record<ServiceName, string> = {
  labeler: 'labeler/main.ts',
  users: 'subgraphs/users/main.ts',
  platform: 'subgraphs/platform/main.ts',
  datasets: 'subgraphs/datasets/main.ts',
  gateway: 'gateway/main.ts',
  trainer: 'trainer/main.ts',
};

/** Variables the stack decides; everything else in the parent's env passes through unchanged. */
export function serviceSpecs(settings: StackSettings, infra: Pick<Infra, 'databases' | 'external' | 'internal'>): ServiceSpec[] {
  const { ports, host } = settings;
  const local = (port: number) => `http://127.0.0.1:${port}`;
  const shared: Record<string, string> = {
    NODE_ENV: settings.env.NODE_ENV,
    HOST: host,
    DATABASE_URL: infra.databases.platform,
    USER_DATABASE_URL: infra.databases.users,
    LABELER_DATABASE_URL: infra.databases.labeler,
    ...storageEnv('EXTERNAL_STORAGE', infra.external),
    ...storageEnv('INTERNAL_STORAGE', infra.internal),
    ...secretsFor(settings),
    LABELER_API_URL: local(ports.labeler),
    LABELER_PORT: String(ports.labeler),
    USERS_PORT: String(ports.users),
    PLATFORM_PORT: String(ports.platform),
    DATASETS_PORT: String(ports.datasets),
    GATEWAY_PORT: String(ports.gateway),
    TRAINER_PORT: String(ports.trainer),
    PLATFORM_WORKER_URL: `${local(ports.platform)}/worker/v1`,
    USERS_URL: `${local(ports.users)}/graphql`,
    PLATFORM_URL: `${local(ports.platform)}/graphql`,
    DATASETS_URL: `${local(ports.datasets)}/graphql`,
    CLIENT_DIST_DIR,
  };
  return SERVICE_NAMES.map((name) => ({
    name,
    entry: ENTRIES[name],
    port: ports[name],
    healthUrl: `${local(ports[name])}/health`,
    env: shared,
  }));
}

export function absoluteEntry(spec: ServiceSpec): string {
  return path.join(PROJECT_ROOT, spec.entry);
}

/** The environment of a child: the parent's, minus npm's noise, plus the stack's variables. */
export function childEnv(spec: ServiceSpec): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_')));
  return { ...base, ...spec.env };
}
