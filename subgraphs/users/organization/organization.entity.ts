/** An organization: users who share projects and datasets. Table `organizations`. */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const Organization = defineEntity({
  name: 'Organization',
  tableName: 'organizations',
  properties: (p) => ({
    id: p.integer().primary().autoincrement(),
    name: p.text(),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p
      .datetime()
      .onCreate(() => new Date())
      .onUpdate(() => new Date()),
  }),
});

export type OrganizationRecord = InferEntity<typeof Organization>;
