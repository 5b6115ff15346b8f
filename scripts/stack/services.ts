/**
 * What each service process gets: its entry point, port and an explicit environment derived by
 * the stack's topology from its settings (databases, storage, URLs of its neighbours, secrets).
 */
import path from 'node:path';
import { PROJECT_ROOT } from '../../lib/schema-files';
import { CLIENT_DIST_DIR } from './console-build';
import type { Infra } from './infra';
import { loginThrottleFor, secretsFor, type StackSettings } from './settings';
import { SERVICE_NAMES, serviceEnv, type ServiceName, type Topology } from './topology';

export interface ServiceSpec {
  name: ServiceName;
  /** Path of `main.ts`, relative to the project root. */
  entry: string;
  port: number;
  /** `/health/ready`: the start waits for it (its databases, buckets and upstreams answer). */
  healthUrl: string;
  /** `/health/live`: a restarted service counts as up once its process answers, whatever its upstreams do. */
  liveUrl: string;
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

/** The topology of this stack: the planned or started infrastructure, the settings' ports and secrets. */
function stackTopology(
  settings: StackSettings,
  infra: Pick<Infra, 'databases' | 'external' | 'internal'>,
  use: Pick<Topology, 'logLevel' | 'overrides'> = {},
): Topology {
  return {
    nodeEnv: settings.env.NODE_ENV,
    host: settings.host,
    ...infra,
    secrets: secretsFor(settings),
    loginThrottle: loginThrottleFor(settings),
    ports: settings.ports,
    clientDistDir: CLIENT_DIST_DIR,
    ...use,
  };
}

/** Variables the stack decides (scripts/stack/topology.ts); everything else in the parent's env passes through unchanged. */
export function serviceSpecs(
  settings: StackSettings,
  infra: Pick<Infra, 'databases' | 'external' | 'internal'>,
  use: Pick<Topology, 'logLevel' | 'overrides'> = {},
): ServiceSpec[] {
  const topology = stackTopology(settings, infra, use);
  return SERVICE_NAMES.map((name) => ({
    name,
    entry: ENTRIES[name],
    port: settings.ports[name],
    healthUrl: `http://127.0.0.1:${settings.ports[name]}/health/ready`,
    liveUrl: `http://127.0.0.1:${settings.ports[name]}/health/live`,
    env: serviceEnv(name, topology),
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
