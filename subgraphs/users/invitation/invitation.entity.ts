/**
 * An invitation by e-mail to an organization, a project or a dataset. Projects live in the
 * Platform DB and datasets in the Labeler, so those ids are plain strings, not foreign keys.
 * Only a hash of the token is stored: a leaked table does not let anyone accept invitations.
 */
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ROLES } from '../../../lib/auth';
import { Organization } from '../organization/organization.entity';
import { User } from '../user/user.entity';

export const Invitation = defineEntity({
  name: 'Invitation',
  tableName: 'invitations',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    email: p.text(),
    tokenHash: p.text().unique(),
    organization: p.manyToOne(Organization).ref().nullable(),
    projectId: p.text().nullable(),
    datasetId: p.text().nullable(),
    /** What accepting grants on `datasetId` at the Labeler: viewer = read_only, editor = read_write. */
    datasetPermission: p.enum(['viewer', 'editor']).nullable().fieldName('dataset_permission'),
    role: p.enum([...ROLES]).nativeEnumName('user_role'),
    expiresAt: p.datetime(),
    acceptedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    createdBy: p.manyToOne(User).ref().nullable().fieldName('created_by'),
    createdAt: p.datetime().onCreate(() => new Date()),
  }),
});

export type InvitationRecord = InferEntity<typeof Invitation>;
