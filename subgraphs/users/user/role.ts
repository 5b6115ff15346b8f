/** Roles are stored lowercase (PostgreSQL enum `user_role`) and exposed UPPERCASE in GraphQL. */
import { ROLES, type Role } from '../../../lib/auth';
import type { UserRole } from '../__generated__/resolvers-types';

export function toGraphQLRole(role: Role): UserRole {
  return role.toUpperCase() as UserRole;
}

export function fromGraphQLRole(role: UserRole): Role {
  const lower = role.toLowerCase() as Role;
  if (!ROLES.includes(lower)) throw new Error(`Unknown role ${role}`);
  return lower;
}
