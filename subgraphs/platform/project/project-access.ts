/**
 * Who may do what in a project. Membership lives in the shared User DB (`project_members`, U1),
 * which the platform reads and never writes; ownership is `projects.owner_id` in the Platform DB.
 * Roles: `owner` (project owner, a membership row with role owner, or a manager/admin), `member`
 * (may start jobs), `viewer` (may look). When the User DB cannot be read the answer is
 * UPSTREAM_UNAVAILABLE — never a guess in either direction.
 */
import DataLoader from 'dataloader';
import { createReadPool } from '../../../lib/read-pool';
import { canSeeAll, type AuthUser } from '../../../lib/auth';
import { forbidden, upstreamUnavailable } from '../../../lib/errors';
import type { Logger } from '../../../lib/log';

export const PROJECT_ROLES = ['owner', 'member', 'viewer'] as const;
export type ProjectRole = (typeof PROJECT_ROLES)[number];

/** What a role check needs of a project. */
export interface ProjectOwnership {
  id: string;
  ownerId: string;
}

/** One row of `project_members`, as `Project.members` shows it. */
export interface ProjectMemberRow {
  userId: string;
  role: ProjectRole;
  addedAt: Date;
}

/** Read-only access to `project_members`, one small pool per process. */
export interface MembershipStore {
  /** Every membership of these users: user id → (project id → role). */
  membershipsOf(userIds: readonly string[]): Promise<Map<string, Map<string, ProjectRole>>>;
  /** The members of these projects, oldest first: project id → rows. */
  membersOf(projectIds: readonly string[]): Promise<Map<string, ProjectMemberRow[]>>;
  close(): Promise<void>;
}

export function createMembershipStore(url: string, log: Logger): MembershipStore {
  // Two to four connections are plenty: one indexed query per request, cached for the request.
  const pool = createReadPool({ url, max: 3, what: 'User DB', log });
  const select = async (sql: string, ids: unknown[]) => {
    try {
      return (await pool.query<{ user_id: number; project_id: string; role: ProjectRole; created_at: Date }>(sql, [ids])).rows;
    } catch (error) {
      log.warn({ err: error instanceof Error ? error.message : String(error) }, 'project membership lookup in the User DB failed');
      throw upstreamUnavailable('User DB', 'Project membership cannot be checked right now (the User DB is unavailable); try again shortly.');
    }
  };
  return {
    async membershipsOf(userIds) {
      // User ids are integers in the User DB; anything else cannot be a member of anything.
      const numeric = userIds.filter((id) => /^\d{1,9}$/.test(id));
      const result = new Map<string, Map<string, ProjectRole>>(userIds.map((id) => [id, new Map()]));
      if (numeric.length === 0) return result;
      const rows = await select('select user_id, project_id, role, created_at from project_members where user_id = any($1::int[])', numeric.map(Number));
      for (const row of rows) result.get(String(row.user_id))?.set(row.project_id, row.role);
      return result;
    },
    async membersOf(projectIds) {
      const result = new Map<string, ProjectMemberRow[]>(projectIds.map((id) => [id, []]));
      const rows = await select(
        'select user_id, project_id, role, created_at from project_members where project_id = any($1::text[]) order by created_at, id',
        [...projectIds],
      );
      for (const row of rows) result.get(row.project_id)?.push({ userId: String(row.user_id), role: row.role, addedAt: row.created_at });
      return result;
    },
    close: () => pool.close(),
  };
}

/** The caller's view of projects for one request (or one subscription event). */
export interface ProjectAccess {
  /** Project id → the caller's membership role (not counting ownership or a manager/admin role). */
  memberships(): Promise<Map<string, ProjectRole>>;
  /** Ids of projects the caller is a member of (any role); empty for managers and admins, who see all anyway. */
  memberProjectIds(): Promise<string[]>;
  /** The caller's role in the project, or null. */
  roleIn(project: ProjectOwnership): Promise<ProjectRole | null>;
}

export function createProjectAccess(store: MembershipStore, user: AuthUser | null): ProjectAccess {
  // Keyed by user id (only ever the caller): every `myRole` of a page of projects shares one query.
  const loader = new DataLoader<string, Map<string, ProjectRole>>(async (ids) => {
    const found = await store.membershipsOf(ids);
    return ids.map((id) => found.get(id) ?? new Map());
  });
  const memberships = async () => (user && !canSeeAll(user) ? loader.load(user.id) : new Map<string, ProjectRole>());
  return {
    memberships,
    memberProjectIds: async () => [...(await memberships()).keys()],
    async roleIn(project) {
      if (!user) return null;
      if (canSeeAll(user) || project.ownerId === user.id) return 'owner';
      return (await memberships()).get(project.id) ?? null;
    },
  };
}

export const mayStartJobs = (role: ProjectRole | null) => role === 'owner' || role === 'member';

/**
 * FORBIDDEN unless the caller is an owner or member of the project (viewers and strangers are
 * refused). Only a viewer is told the project's name: a stranger may not be able to see the project.
 */
export async function requireJobStarter(access: ProjectAccess, project: ProjectOwnership & { name: string }, action: string): Promise<void> {
  const role = await access.roleIn(project);
  if (!mayStartJobs(role)) {
    throw forbidden(
      role === 'viewer'
        ? `You are a viewer of project "${project.name}"; only its owners and members can ${action}.`
        : `You are not a member of project ${project.id}; only its owners and members can ${action}.`,
    );
  }
}
