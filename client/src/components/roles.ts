import type { UserRole } from '../gql/graphql';

const LABELS: Record<UserRole, string> = {
  ADMIN: 'Admin',
  MANAGER: 'Manager',
  ADVANCED_ENGINEER: 'Advanced engineer',
  STANDARD_ENGINEER: 'Standard engineer',
  GUEST: 'Guest',
};

export const roleLabel = (role: UserRole): string => LABELS[role];

/** Mirrors `cancelTrainingJob @access(role: "standard_engineer")`; the server stays the judge. */
export const mayCancelJobs = (role: UserRole): boolean => role !== 'GUEST';

export const CANCEL_FORBIDDEN_REASON = 'Guests have read-only access: cancelling a job needs the Standard engineer role or higher.';
