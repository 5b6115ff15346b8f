/**
 * Demo data for the Platform DB: two projects (their members live in the User DB). The demo's
 * jobs are not written here: they are trained for real while seeding (scripts/stack/demo-runs.ts).
 * Idempotent: stable ids, existing rows are left as they are.
 */
import { createHash } from 'node:crypto';
import type { Role } from '../../lib/auth';
import { createPlatformOrm } from './db';
import { Project } from './project/project.entity';

export interface SeedPlatformOptions {
  userIds: Record<Role, string>;
  datasetIds: string[];
}

/** `prefix_` + 16 hex, derived from a name so every run produces the same id. */
export function stableId(prefix: string, name: string): string {
  return `${prefix}_${createHash('sha256').update(`vision-platform-seed:${prefix}:${name}`).digest('hex').slice(0, 16)}`;
}

const PROJECTS = {
  detection: { name: 'Warehouse object detection', description: 'Detect boxes, pallets and forklifts in warehouse cameras.', owner: 'manager' as Role },
  inspection: { name: 'Surface defect inspection', description: 'Find scratches and dents on metal parts.', owner: 'advanced_engineer' as Role },
};

/**
 * Who belongs to the demo projects besides their owners, for the User DB's `project_members`
 * (the platform never writes that table; `seedProjectMembers` in the users seed does): engineers
 * may start jobs in the detection project, the guest may look at both.
 */
const MEMBERS: { project: keyof typeof PROJECTS; user: Role; role: 'owner' | 'member' | 'viewer' }[] = [
  { project: 'detection', user: 'standard_engineer', role: 'member' },
  { project: 'detection', user: 'advanced_engineer', role: 'member' },
  { project: 'detection', user: 'guest', role: 'viewer' },
  { project: 'inspection', user: 'guest', role: 'viewer' },
];

export function demoProjectMembers(userIds: Record<Role, string>): { projectId: string; userId: string; role: 'owner' | 'member' | 'viewer' }[] {
  return MEMBERS.map((m) => ({ projectId: stableId('prj', m.project), userId: userIds[m.user], role: m.role }));
}

export const hours = (n: number, from: Date) => new Date(from.getTime() - n * 3_600_000);

export async function seedPlatform(url: string, opts: SeedPlatformOptions): Promise<void> {
  const orm = await createPlatformOrm(url);
  try {
    const em = orm.em.fork();
    const now = new Date();
    const projectIds = { detection: stableId('prj', 'detection'), inspection: stableId('prj', 'inspection') };
    await em.upsertMany(
      Project,
      Object.entries(PROJECTS).map(([key, project], index) => ({
        id: projectIds[key as keyof typeof PROJECTS],
        name: project.name,
        description: project.description,
        ownerId: opts.userIds[project.owner],
        createdAt: hours(96 - index, now),
      })),
      { onConflictFields: ['id'], onConflictAction: 'ignore' },
    );
  } finally {
    await orm.close(true);
  }
}
