/** Settings of the users subgraph; `process.env` is read here and nowhere else in this service. */
import { z } from 'zod';
import { commonEnv, jwtEnv, parseEnv, port } from '../../lib/env';

export const usersEnvShape = {
  ...commonEnv,
  ...jwtEnv,
  USERS_PORT: port(4001),
  /** The User DB, shared with the Labeler (same tables, same password hashes). */
  USER_DATABASE_URL: z.string().url().default('postgresql://postgres:postgres@127.0.0.1:5433/users'),
};

export type UsersEnv = z.infer<z.ZodObject<typeof usersEnvShape>>;

export function parseUsersEnv(source: Record<string, string | undefined> = process.env): UsersEnv {
  return parseEnv(usersEnvShape, source);
}
