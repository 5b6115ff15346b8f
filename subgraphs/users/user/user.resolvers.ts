/** GraphQL ↔ the user service. Thin on purpose: no rules live here, only shape conversion. */
import type { Resolvers } from '../__generated__/resolvers-types';
import { toGraphQLRole } from './role';

export const userResolvers: Resolvers = {
  Query: {
    me: (_parent, _args, ctx) => ctx.users.me(ctx.user),
    user: (_parent, { id }, ctx) => ctx.users.byId(id),
  },
  Mutation: {
    login: async (_parent, { email, password }, ctx) => {
      const { accessToken, expiresAt, user } = await ctx.users.login(email, password);
      return { accessToken, expiresAt: expiresAt.toISOString(), user };
    },
  },
  User: {
    // The gateway sends many representations per request; the loader makes them one SQL query.
    __resolveReference: (reference, ctx) => ctx.users.byId(reference.id),
    id: (user) => String(user.id),
    role: (user) => toGraphQLRole(user.role),
    createdAt: (user) => user.createdAt.toISOString(),
  },
};
