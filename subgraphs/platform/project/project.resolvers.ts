/** Thin GraphQL layer over the project service. */
import { requireUser } from '../../../lib/auth';
import type { Resolvers } from '../__generated__/resolvers-types';
import { listProjects } from './project.service';

export const projectResolvers: Resolvers = {
  Query: {
    projects: (_parent, args, ctx) => listProjects(ctx.em, requireUser(ctx.user), args),
  },
  Project: {
    __resolveReference: (ref, ctx) => ctx.loaders.project.load(ref.id),
    owner: (project) => ({ __typename: 'User', id: project.ownerId }),
    createdAt: (project) => project.createdAt.toISOString(),
  },
};
