/** A project groups training jobs. `owner_id` is a plain id: users live in the User DB (decisions.md #23). */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const Project = defineEntity({
  name: 'Project',
  tableName: 'projects',
  properties: (p) => ({
    id: p.text().primary(),
    name: p.text(),
    description: p.text().nullable(),
    ownerId: p.text(),
    // Millisecond precision keeps keyset cursors (built from JS Dates) exact.
    createdAt: p.datetime(3).onCreate(() => new Date()),
  }),
});

export type ProjectRecord = InferEntity<typeof Project>;
