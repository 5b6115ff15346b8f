/** Settings of the platform subgraph; `process.env` is read here and nowhere else in the service. */
import { z } from 'zod';
import { commonEnv, jwtEnv, parseEnv, port } from '../../lib/env';

export const platformEnvShape = {
  ...commonEnv,
  ...jwtEnv,
  PLATFORM_PORT: port(4002),
  /** The Platform DB (the seed's name for it). */
  DATABASE_URL: z.string().url().default('postgresql://postgres:postgres@127.0.0.1:5433/platform'),
};

export type PlatformEnv = z.infer<z.ZodObject<typeof platformEnvShape>>;

export function parsePlatformEnv(source: Record<string, string | undefined> = process.env): PlatformEnv {
  return parseEnv(platformEnvShape, source);
}
