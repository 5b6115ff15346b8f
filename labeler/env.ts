/** Settings of the Labeler reference service; `process.env` is read here and nowhere else. */
import { z } from 'zod';
import { commonEnv, DEV_SERVICE_KEY, parseEnv, port, storageEnv } from '../lib/env';

export const labelerEnvShape = {
  ...commonEnv,
  LABELER_PORT: port(8020),
  LABELER_DATABASE_URL: z.string().url().default('postgresql://postgres:postgres@127.0.0.1:5433/labeler'),
  /** The one key platform services present as `Authorization: Bearer …` (refused as a default in production). */
  LABELER_SERVICE_KEY: z.string().min(8).default(DEV_SERVICE_KEY),
  ...storageEnv('EXTERNAL_STORAGE', 'vision-datasets'),
};

export type LabelerEnv = z.infer<z.ZodObject<typeof labelerEnvShape>>;

export function parseLabelerEnv(source: Record<string, string | undefined> = process.env): LabelerEnv {
  return parseEnv(labelerEnvShape, source);
}
