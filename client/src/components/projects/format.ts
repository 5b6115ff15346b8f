/** Small display helpers of the project pages. */

/** The roles of `project_members`, most to least powerful. */
export const PROJECT_ROLES = ['owner', 'member', 'viewer'] as const;

const LABELS: Record<string, string> = { owner: 'Owner', member: 'Member', viewer: 'Viewer' };

/** `myRole` / a member's role → label; null means the caller has no role in the project. */
export const projectRoleLabel = (role: string | null | undefined): string => (role ? (LABELS[role] ?? role) : 'None');
