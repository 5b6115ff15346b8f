/** Thin GraphQL layer over the project service. */
import { requireUser } from '../../../lib/auth';
import type { Resolvers } from '../__generated__/resolvers-types';
import { listVisibleJobs } from '../training-job/training-job.service';
import { mayStartJobs } from './project-access';
import { createProject, listProjects } from './project.service';

export const projectResolvers: Resolvers = {
  Query: {
    projects: (_parent, args, ctx) => listProjects(ctx.em, requireUser(ctx.user), ctx.loaders.access, args),
    project: (_parent, { id }, ctx) => ctx.loaders.project.load(id),
  },
  Mutation: {
    createProject: (_parent, { input }, ctx) => createProject(ctx.em, requireUser(ctx.user), input),
  },
  Project: {
    __resolveReference: (ref, ctx) => ctx.loaders.project.load(ref.id),
    owner: (project) => ({ __typename: 'User', id: project.ownerId }),
    createdAt: (project) => project.createdAt.toISOString(),
    myRole: (project, _args, ctx) => ctx.loaders.access.roleIn(project),
    viewerCanCreateJobs: async (project, _args, ctx) => mayStartJobs(await ctx.loaders.access.roleIn(project)),
    experiments: (project, _args, ctx) => ctx.loaders.experiments.byProject.load(project.id),
    // The project's id wins over a `filter.projectId` naming another project (that would list nothing anyway).
    trainingJobs: (project, { first, after, filter }, ctx) =>
      listVisibleJobs(ctx.em, requireUser(ctx.user), ctx.loaders.access, { first, after, filter: { ...filter, projectId: project.id } }),
  },
};
