/**
 * A user account. Table `users`, shared with the Labeler: both services read and write the same
 * rows and the same password hash format. E-mails are stored lowercased (a CHECK enforces it),
 * which makes the plain unique index case-insensitive.
 */
import { defineEntity, type InferEntity } from '@mikro-orm/core';
import { ROLES } from '../../../lib/auth';
import { Organization } from '../organization/organization.entity';

export const User = defineEntity({
  name: 'User',
  tableName: 'users',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    email: p.text().unique(),
    hashedPassword: p.text().lazy(true, false),
    fullName: p.text().nullable(),
    role: p.enum([...ROLES]).nativeEnumName('user_role'),
    organization: p.manyToOne(Organization).ref().nullable(),
    isActive: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  }),
});

export type UserRecord = InferEntity<typeof User>;

/** The one normal form of an e-mail address in this database. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();
