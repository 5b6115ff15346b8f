import { describe, expect, it } from '@jest/globals';
import { configurationProblems } from './preflight';
import { SERVICE_NAMES, serviceEnv, type Topology } from './topology';

const bucket = (name: string) => ({ endpoint: 'http://127.0.0.1:9000', region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER', bucket: name });

const topology = (over: Partial<Topology> = {}): Topology => ({
  nodeEnv: 'development',
  host: '127.0.0.1',
  databases: {
    users: 'postgresql://u@127.0.0.1:5433/users',
    platform: 'postgresql://u@127.0.0.1:5433/platform',
    labeler: 'postgresql://u@127.0.0.1:5433/labeler',
  },
  external: bucket('vision-datasets'),
  internal: bucket('vision-internal'),
  secrets: { jwtSecret: 'topology-test-secret-0123456789', serviceKey: 'topology-key', workerToken: 'topology-worker' },
  ports: { labeler: 8020, users: 4001, platform: 4002, datasets: 4003, gateway: 4000, trainer: 4010 },
  ...over,
});

describe('the stack topology', () => {
  it('gives every service settings its own parser accepts', () => {
    const problems = configurationProblems(SERVICE_NAMES.map((name) => ({ name, env: serviceEnv(name, topology()) })));
    expect(problems).toEqual([]);
  });

  it('points each service at the ones it calls, and shares the secrets', () => {
    const t = topology();
    expect(serviceEnv('gateway', t)).toMatchObject({
      USERS_URL: 'http://127.0.0.1:4001/graphql',
      PLATFORM_URL: 'http://127.0.0.1:4002/graphql',
      DATASETS_URL: 'http://127.0.0.1:4003/graphql',
      JWT_SECRET: 'topology-test-secret-0123456789',
    });
    expect(serviceEnv('datasets', t)).toMatchObject({ LABELER_API_URL: 'http://127.0.0.1:8020', LABELER_SERVICE_KEY: 'topology-key' });
    expect(serviceEnv('trainer', t)).toMatchObject({ PLATFORM_WORKER_URL: 'http://127.0.0.1:4002/worker/v1', WORKER_TOKEN: 'topology-worker' });
    expect(serviceEnv('platform', t)).toMatchObject({
      DATABASE_URL: t.databases.platform,
      USER_DATABASE_URL: t.databases.users,
      INTERNAL_STORAGE_BUCKET: 'vision-internal',
    });
  });

  it('uses a started service URL, refuses one not known yet, and lets a use override a setting', () => {
    const t = topology({ ports: { labeler: 0, users: 0, platform: 0, datasets: 0, gateway: 0, trainer: 0 }, urls: { labeler: 'http://127.0.0.1:39001' } });
    expect(serviceEnv('datasets', t).LABELER_API_URL).toBe('http://127.0.0.1:39001');
    expect(() => serviceEnv('gateway', t)).toThrow(/users URL is not known yet/);
    expect(serviceEnv('labeler', { ...t, overrides: { labeler: { LABELER_RATE_LIMIT_USER_PER_MIN: '5' } } }).LABELER_RATE_LIMIT_USER_PER_MIN).toBe('5');
  });

  it('gives both services that log users in the same login throttling settings', () => {
    const t = topology({ loginThrottle: { LOGIN_MAX_FAILURES_PER_ACCOUNT: 3, LOGIN_WINDOW_SECONDS: '60' } });
    const expected = { LOGIN_MAX_FAILURES_PER_ACCOUNT: '3', LOGIN_WINDOW_SECONDS: '60' };
    expect(serviceEnv('users', t)).toMatchObject(expected);
    expect(serviceEnv('labeler', t)).toMatchObject(expected);
    expect(serviceEnv('gateway', t)).not.toHaveProperty('LOGIN_WINDOW_SECONDS');
  });

  it('leaves an unset secret to the service, which refuses its development default in production', () => {
    const env = serviceEnv('users', topology({ nodeEnv: 'production', secrets: {} }));
    expect(env).not.toHaveProperty('JWT_SECRET');
    expect(env).not.toHaveProperty('LABELER_SERVICE_KEY');
    expect(configurationProblems([{ name: 'users', env }])).toEqual([
      expect.stringMatching(/^\[users\] JWT_SECRET/),
      expect.stringMatching(/^\[users\] LABELER_SERVICE_KEY/),
    ]);
  });
});
