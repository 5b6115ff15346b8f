/**
 * Per-request batching of user look-ups. The gateway resolves job owners with one `_entities`
 * request carrying many representations; the loader turns them into one SQL query.
 */
import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { User, type UserRecord } from './user.entity';

const MAX_SERIAL = 2_147_483_647;

/** GraphQL ids are strings; the User DB's are int4 serials. Anything else cannot exist. */
export function parseUserId(id: string): number | null {
  if (!/^\d{1,10}$/.test(id)) return null;
  const value = Number(id);
  return value >= 1 && value <= MAX_SERIAL ? value : null;
}

export function createUserLoaders(em: EntityManager) {
  return {
    userById: new DataLoader<string, UserRecord | null>(async (ids) => {
      const numeric = [...new Set(ids.map(parseUserId).filter((id): id is number => id !== null))];
      const rows = numeric.length > 0 ? await em.find(User, { id: { $in: numeric } }) : [];
      const byId = new Map(rows.map((user) => [String(user.id), user]));
      return ids.map((id) => byId.get(String(parseUserId(id))) ?? null);
    }),
  };
}

export type UserLoaders = ReturnType<typeof createUserLoaders>;
