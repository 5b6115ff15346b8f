/** Thin GraphQL layer over the project service (`ctx.projects`): shape conversion only. */
import type { Resolvers } from '../__generated__/resolvers-types';
import { selectsField } from '../../../lib/lookahead';

export const projectResolvers: Resolvers = {
  Query: {
    projects: (_parent, args, ctx, info) => ctx.projects.list(args, { count: selectsField(info, 'totalCount') }),
    project: (_parent, { id }, ctx) => ctx.projects.byId(id),
  },
  Mutation: {
    createProject: (_parent, { input }, ctx) => ctx.projects.create(input),
  },
  Project: {
    __resolveReference: (ref, ctx) => ctx.projects.byId(ref.id),
    owner: (project) => ({ __typename: 'User', id: project.ownerId }),
    createdAt: (project) => project.createdAt.toISOString(),
    members: (project, _args, ctx) => ctx.projects.members(project),
    myRole: (project, _args, ctx) => ctx.projects.myRole(project),
    viewerCanCreateJobs: (project, _args, ctx) => ctx.projects.viewerCanCreateJobs(project),
    experiments: (project, _args, ctx) => ctx.experiments.ofProject(project.id),
    // The project's id wins over a `filter.projectId` naming another project (that would list nothing anyway).
    trainingJobs: (project, { first, after, filter }, ctx) => ctx.jobs.list({ first, after, filter: { ...filter, projectId: project.id } }),
  },
  ProjectMember: {
    user: (member) => ({ __typename: 'User', id: member.userId }),
    addedAt: (member) => member.addedAt.toISOString(),
  },
};
