/** A named group of jobs inside a project, compared side by side and starred per user (T6). */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const Experiment = defineEntity({
  name: 'Experiment',
  tableName: 'experiments',
  properties: (p) => ({
    id: p.text().primary(),
    projectId: p.text(),
    name: p.text(),
    description: p.text().nullable(),
    /** User id from the User DB; '' for experiments from before creators were recorded. */
    createdBy: p.text(),
    createdAt: p.datetime(3).onCreate(() => new Date()),
  }),
});

export type ExperimentRecord = InferEntity<typeof Experiment>;
