import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { commonEnv, DEV_JWT_SECRET, EnvError, jwtEnv, parseEnv, port } from './env';

const shape = { ...commonEnv, ...jwtEnv, SERVICE_PORT: port(4001), LABELER_SERVICE_KEY: z.string().default('dev-service-key') };

describe('parseEnv', () => {
  it('fills development defaults when nothing is set', () => {
    const env = parseEnv(shape, {});
    expect(env.NODE_ENV).toBe('development');
    expect(env.SERVICE_PORT).toBe(4001);
    expect(env.JWT_SECRET).toBe(DEV_JWT_SECRET);
  });

  it('refuses the development secrets in production and names each one', () => {
    expect(() => parseEnv(shape, { NODE_ENV: 'production' })).toThrow(EnvError);
    try {
      parseEnv(shape, { NODE_ENV: 'production' });
    } catch (error) {
      const problems = (error as EnvError).problems.join('\n');
      expect(problems).toMatch(/JWT_SECRET/);
      expect(problems).toMatch(/LABELER_SERVICE_KEY/);
    }
  });

  it('starts in production once real secrets are given', () => {
    const env = parseEnv(shape, { NODE_ENV: 'production', JWT_SECRET: 'a-real-secret-of-some-length', LABELER_SERVICE_KEY: 'k-123' });
    expect(env.NODE_ENV).toBe('production');
  });

  it('collects every invalid setting at once instead of stopping at the first', () => {
    try {
      parseEnv(shape, { SERVICE_PORT: 'eighty', JWT_ALGORITHM: 'none' });
      throw new Error('expected EnvError');
    } catch (error) {
      expect(error).toBeInstanceOf(EnvError);
      expect((error as EnvError).problems).toHaveLength(2);
    }
  });
});
