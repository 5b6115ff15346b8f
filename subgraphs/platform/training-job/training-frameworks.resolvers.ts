/** `trainingFrameworks`: the frameworks of `FRAMEWORKS`, so the console offers what the server validates. */
import type { Resolvers } from '../__generated__/resolvers-types';
import { FRAMEWORKS } from './training-config';

export const trainingFrameworkResolvers = {
  Query: {
    trainingFrameworks: () => Object.entries(FRAMEWORKS).map(([name, spec]) => ({ name, tasks: [...spec.tasks] })),
  },
} satisfies Resolvers;
