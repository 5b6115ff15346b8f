/** Small display helpers of the project pages. */

const PROJECT_ROLES: Record<string, string> = { owner: 'Owner', member: 'Member', viewer: 'Viewer' };

/** `myRole` / a member's role → label; null means the caller has no role in the project. */
export const projectRoleLabel = (role: string | null | undefined): string => (role ? (PROJECT_ROLES[role] ?? role) : 'None');
