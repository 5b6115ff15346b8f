/**
 * What each role may do in the console, mirroring docs/permissions.md (the `@access` rules of the
 * SDL). The server stays the judge: these rules only decide whether a control is shown, enabled,
 * or disabled with a reason, so a user never clicks something that is bound to be refused.
 */
import type { UserRole } from '../gql/graphql';

/** Most to least powerful, like `ROLES` on the server. */
export const ROLES: readonly UserRole[] = ['ADMIN', 'MANAGER', 'ADVANCED_ENGINEER', 'STANDARD_ENGINEER', 'GUEST'];

const LABELS: Record<UserRole, string> = {
  ADMIN: 'Admin',
  MANAGER: 'Manager',
  ADVANCED_ENGINEER: 'Advanced engineer',
  STANDARD_ENGINEER: 'Standard engineer',
  GUEST: 'Guest',
};

export const roleLabel = (role: UserRole): string => LABELS[role];

/** True when `role` is `minimum` or more powerful. */
export const hasRole = (role: UserRole, minimum: UserRole): boolean => ROLES.indexOf(role) <= ROLES.indexOf(minimum);

/** A permission check: `null` when allowed, otherwise the sentence a disabled control shows. */
export type Denial = string | null;

const allowIf = (allowed: boolean, reason: string): Denial => (allowed ? null : reason);

/** `users`, `updateUserRole`, `deactivateUser`: the Users admin page exists only for admins. */
export const mayAdministerUsers = (role: UserRole): boolean => role === 'ADMIN';

/** `inviteUser @access(role: "manager")`. */
export const inviteDenial = (role: UserRole): Denial => allowIf(hasRole(role, 'MANAGER'), 'Only managers and admins can invite.');

/** `revokeInvitation @access(role: "manager")`. */
export const revokeDenial = (role: UserRole): Denial => allowIf(hasRole(role, 'MANAGER'), 'Only managers and admins can revoke invitations.');

/** `renameOrganization` / `createOrganization`: managing organizations is admin-only. */
export const renameOrganizationDenial = (role: UserRole): Denial => allowIf(role === 'ADMIN', 'Only admins can rename the organization.');

/** Nobody hands out more power than they hold: a manager may invite up to manager. */
export const inviteRoleDenial = (inviter: UserRole, invited: UserRole): Denial =>
  allowIf(hasRole(inviter, invited), `Only admins can invite someone with the ${roleLabel(invited)} role.`);

/** Admins may change anyone's role or deactivate anyone — except themselves, so an admin always remains. */
export const selfAdministrationDenial = (viewerId: string, targetId: string): Denial =>
  allowIf(viewerId !== targetId, 'You cannot change your own account here; ask another admin.');

/** `addProjectMember` / `removeProjectMember @access(role: "manager")`: a project's own owners cannot either. */
export const projectMembersDenial = (role: UserRole): Denial =>
  allowIf(hasRole(role, 'MANAGER'), 'Only managers and admins can add or remove project members.');

const READ_ONLY = 'Guests have read-only access';

/** `cancelTrainingJob @access(role: "standard_engineer")`. */
export const cancelDenial = (role: UserRole): Denial =>
  allowIf(hasRole(role, 'STANDARD_ENGINEER'), `${READ_ONLY}: cancelling a job needs the Standard engineer role or higher.`);

/** `createTrainingJob @access(role: "standard_engineer")`; the form offers only projects where the viewer may start jobs. */
export const createJobDenial = (role: UserRole): Denial =>
  allowIf(hasRole(role, 'STANDARD_ENGINEER'), `${READ_ONLY}: starting a training job needs the Standard engineer role or higher.`);

/**
 * Advanced training options (docs/permissions.md "Advanced-only"): the server refuses them, set to
 * anything but their defaults, below the Advanced engineer role.
 */
export const advancedOptionsDenial = (role: UserRole): Denial =>
  allowIf(
    hasRole(role, 'ADVANCED_ENGINEER'),
    'Advanced options need the Advanced engineer role; jobs you start use their defaults. Ask a manager to change your role.',
  );

/** `createDataset @access(role: "standard_engineer")`. */
export const createDatasetDenial = (role: UserRole): Denial =>
  allowIf(hasRole(role, 'STANDARD_ENGINEER'), `${READ_ONLY}: creating a dataset needs the Standard engineer role or higher.`);

/** `createProject @access(role: "standard_engineer")`. */
export const createProjectDenial = (role: UserRole): Denial =>
  allowIf(hasRole(role, 'STANDARD_ENGINEER'), `${READ_ONLY}: creating a project needs the Standard engineer role or higher.`);

/**
 * `createExperiment` and `createTrainingJob` in a project: the Standard engineer role or higher,
 * and the project's `viewerCanCreateJobs` (owner or member, or a manager or admin).
 */
export const projectWorkDenial = (role: UserRole, viewerCanCreateJobs: boolean): Denial =>
  !hasRole(role, 'STANDARD_ENGINEER')
    ? `${READ_ONLY}: this needs the Standard engineer role or higher.`
    : allowIf(viewerCanCreateJobs, 'Only the project’s owners and members can do this; ask a project owner to add you.');

/** `setTrainingJobExperiment`: the job's owner, a project owner (managers and admins count as owners). */
export const moveJobDenial = (role: UserRole, isJobOwner: boolean, projectRole: string | null | undefined): Denial =>
  !hasRole(role, 'STANDARD_ENGINEER')
    ? `${READ_ONLY}: moving a job needs the Standard engineer role or higher.`
    : allowIf(isJobOwner || projectRole === 'owner', 'Only the job’s owner or a project owner can move it to another experiment.');
