/**
 * Membership of a user in a project. The project lives in the Platform DB, so `project_id` is a
 * plain string; the user is a real foreign key.
 */
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { User } from '../user/user.entity';

export const PROJECT_MEMBER_ROLES = ['owner', 'member', 'viewer'] as const;
export type ProjectMemberRole = (typeof PROJECT_MEMBER_ROLES)[number];

export const ProjectMember = defineEntity({
  name: 'ProjectMember',
  tableName: 'project_members',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    projectId: p.text(),
    user: p.manyToOne(User).ref(),
    role: p.enum([...PROJECT_MEMBER_ROLES]),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
  uniques: [{ properties: ['projectId', 'user'] }],
});

export type ProjectMemberRecord = InferEntity<typeof ProjectMember>;
