/**
 * The stack's topology: from the infrastructure (databases, buckets), the services' ports and
 * URLs and the shared secrets, the settings each service gets. `npm start` (child processes), the
 * test harness (in-process servers on port 0) and the benches all derive them here, so a new
 * setting or a new arrow between services is added once.
 */
import type { LoginThrottleVariable } from '../../lib/login-throttle';
import type { StorageSettings } from '../../lib/s3';

export const SERVICE_NAMES = ['labeler', 'users', 'platform', 'datasets', 'gateway', 'trainer'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];
/** The services others call, by base URL. */
export type CalledService = 'labeler' | 'users' | 'platform' | 'datasets';

export interface DatabaseUrls {
  users: string;
  platform: string;
  labeler: string;
}

/** Secrets every service of one stack shares; an absent one is left to the service's own default and checks. */
export interface StackSecrets {
  jwtSecret?: string;
  jwtAlgorithm?: 'HS256' | 'HS384' | 'HS512';
  jwtExpiresInSeconds?: number;
  serviceKey?: string;
  workerToken?: string;
}

export interface Topology {
  nodeEnv: string;
  host: string;
  /** Unset: each service's LOG_LEVEL (or its default). */
  logLevel?: string;
  databases: DatabaseUrls;
  external: StorageSettings;
  internal: StorageSettings;
  secrets: StackSecrets;
  /** The port each service listens on; 0 lets the system choose (in-process tests). */
  ports: Record<ServiceName, number>;
  /**
   * Base URLs of the called services. Unset: `http://127.0.0.1:<port>`. With port 0 the URL is
   * only known once that service listens, so an in-process stack fills these in as it starts.
   */
  urls?: Partial<Record<CalledService, string>>;
  /** Where the gateway finds the built console (unset: the gateway's default). */
  clientDistDir?: string;
  /**
   * Login throttling (`LOGIN_*`), given alike to both services that log users in (users, labeler):
   * they count in the same User DB table, so they must agree on limits and window. Unset: the
   * services' defaults, which are the same.
   */
  loginThrottle?: Partial<Record<LoginThrottleVariable, string | number>>;
  /** Per service, settings of this use that win over the derived ones (rate limits, intervals …). */
  overrides?: Partial<Record<ServiceName, Record<string, string>>>;
}

/** Keeps only the entries that have a value. */
function defined(record: Record<string, string | number | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).flatMap(([key, value]) => (value === undefined ? [] : [[key, String(value)]])));
}

/** The `*_STORAGE_*` variables of one bucket. */
export function storageVariables(prefix: 'EXTERNAL_STORAGE' | 'INTERNAL_STORAGE', s: StorageSettings): Record<string, string> {
  return {
    [`${prefix}_ENDPOINT`]: s.endpoint,
    [`${prefix}_REGION`]: s.region,
    [`${prefix}_ACCESS_KEY`]: s.accessKeyId,
    [`${prefix}_SECRET_KEY`]: s.secretAccessKey,
    [`${prefix}_BUCKET`]: s.bucket,
  };
}

/** Base URL of a service another one calls. */
export function serviceUrl(topology: Topology, name: CalledService): string {
  const given = topology.urls?.[name];
  if (given) return given;
  const port = topology.ports[name];
  if (port === 0) throw new Error(`the ${name} URL is not known yet: start ${name} first and set topology.urls.${name}`);
  return `http://127.0.0.1:${port}`;
}

/** The settings of one service (its env record, as its `env.ts` reads it). */
export function serviceEnv(name: ServiceName, topology: Topology): Record<string, string> {
  const { databases, secrets } = topology;
  const url = (called: CalledService) => serviceUrl(topology, called);
  const common = defined({ NODE_ENV: topology.nodeEnv, HOST: topology.host, LOG_LEVEL: topology.logLevel });
  const jwt = defined({ JWT_SECRET: secrets.jwtSecret, JWT_ALGORITHM: secrets.jwtAlgorithm, JWT_EXPIRES_IN_SECONDS: secrets.jwtExpiresInSeconds });
  const port = (variable: string) => ({ [variable]: String(topology.ports[name]) });
  const loginThrottle = defined(topology.loginThrottle ?? {});
  const own = (): Record<string, string> => {
    switch (name) {
      case 'labeler':
        return {
          ...port('LABELER_PORT'),
          LABELER_DATABASE_URL: databases.labeler,
          ...defined({ LABELER_SERVICE_KEY: secrets.serviceKey }),
          // The Labeler logs users in against the shared User DB (seed 1.5), with the same JWT settings.
          USER_DATABASE_URL: databases.users,
          ...jwt,
          ...loginThrottle,
          ...storageVariables('EXTERNAL_STORAGE', topology.external),
        };
      case 'users':
        return {
          ...jwt,
          ...port('USERS_PORT'),
          USER_DATABASE_URL: databases.users,
          ...loginThrottle,
          // Accepting a dataset invitation grants its permission at the Labeler.
          LABELER_API_URL: url('labeler'),
          ...defined({ LABELER_SERVICE_KEY: secrets.serviceKey }),
        };
      case 'platform':
        return {
          ...jwt,
          ...port('PLATFORM_PORT'),
          DATABASE_URL: databases.platform,
          // Project membership (who may see and start jobs) is read from the shared User DB.
          USER_DATABASE_URL: databases.users,
          LABELER_API_URL: url('labeler'),
          ...defined({ LABELER_SERVICE_KEY: secrets.serviceKey, WORKER_TOKEN: secrets.workerToken }),
          ...storageVariables('EXTERNAL_STORAGE', topology.external),
          ...storageVariables('INTERNAL_STORAGE', topology.internal),
        };
      case 'datasets':
        return {
          ...jwt,
          ...port('DATASETS_PORT'),
          USER_DATABASE_URL: databases.users,
          // Legacy datasets (read only) are served from the Platform DB.
          PLATFORM_DATABASE_URL: databases.platform,
          LABELER_API_URL: url('labeler'),
          ...defined({ LABELER_SERVICE_KEY: secrets.serviceKey }),
        };
      case 'gateway':
        return {
          ...jwt,
          ...port('GATEWAY_PORT'),
          USERS_URL: `${url('users')}/graphql`,
          PLATFORM_URL: `${url('platform')}/graphql`,
          DATASETS_URL: `${url('datasets')}/graphql`,
          ...defined({ CLIENT_DIST_DIR: topology.clientDistDir }),
        };
      case 'trainer':
        return { ...port('TRAINER_PORT'), PLATFORM_WORKER_URL: `${url('platform')}/worker/v1`, ...defined({ WORKER_TOKEN: secrets.workerToken }) };
    }
  };
  return { ...common, ...own(), ...topology.overrides?.[name] };
}
