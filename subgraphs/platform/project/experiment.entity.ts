/** A named, starrable group of jobs inside a project (T6: experiments can be compared and starred). */
import { defineEntity, type InferEntity } from '@mikro-orm/core';

export const Experiment = defineEntity({
  name: 'Experiment',
  tableName: 'experiments',
  properties: (p) => ({
    id: p.text().primary(),
    projectId: p.text(),
    name: p.text(),
    starred: p.boolean().default(false),
    createdAt: p.datetime(3).onCreate(() => new Date()),
  }),
});

export type ExperimentRecord = InferEntity<typeof Experiment>;
