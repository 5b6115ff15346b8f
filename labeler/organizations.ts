/**
 * Organization sharing (seed 1.5): a dataset with `visibility = organization` is readable by the
 * members of its owner's organization. Organizations live in the shared User DB
 * (`users.organization_id`), so the Labeler asks it, on every check and without remembering the
 * answer: a user who leaves the organization loses access on the next request. Without
 * USER_DATABASE_URL nobody shares an organization, so such datasets are for their owner and
 * explicit grants only (closed, never open, by default).
 */
import pg from 'pg';
import type { Logger } from '../lib/log';

/** The ids of the users in `userId`'s organization (`userId` included); empty without an organization. */
export type PeersOf = (userId: number) => Promise<ReadonlySet<number>>;

export interface OrganizationDirectory {
  peersOf: PeersOf;
  close(): Promise<void>;
}

const NONE: ReadonlySet<number> = new Set();

export function createOrganizationDirectory(userDatabaseUrl: string | undefined, log: Logger): OrganizationDirectory {
  if (!userDatabaseUrl) return { peersOf: async () => NONE, close: async () => undefined };
  const pool = new pg.Pool({ connectionString: userDatabaseUrl, max: 5, idleTimeoutMillis: 1000, allowExitOnIdle: true });
  pool.on('error', (err) => log.warn({ err }, 'idle User DB connection lost'));
  return {
    async peersOf(userId) {
      const { rows } = await pool.query<{ id: number }>({
        name: 'labeler_org_peers',
        text: `SELECT u.id FROM users u
                WHERE u.organization_id IS NOT NULL
                  AND u.organization_id = (SELECT organization_id FROM users WHERE id = $1)`,
        values: [userId],
      });
      return new Set(rows.map((r) => r.id));
    },
    close: () => pool.end(),
  };
}
