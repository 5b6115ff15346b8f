/**
 * The gateway's operation limits (lib/operation-limits.ts does the measuring): one set for callers
 * with a valid token, a tighter one for anonymous callers, who only need to log in, sign up or
 * accept an invitation. Applied on HTTP (both paths of lib/graphql-http.ts go through Apollo),
 * on `executeOperation` (WebSocket queries, subscription events) and in ws-server.ts before a
 * subscription document is parsed.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLError, GraphQLSchema } from 'graphql';
import type { AuthUser } from '../lib/auth';
import { checkOperationLimits, operationLimitsPlugin, type OperationLimits, type OperationRequest } from '../lib/operation-limits';

export interface GatewayLimits {
  authenticated: OperationLimits;
  anonymous: OperationLimits;
}

export const limitsFor = (limits: GatewayLimits, user: AuthUser | null | undefined): OperationLimits => (user ? limits.authenticated : limits.anonymous);

/** For Apollo Server: list it first (see `operationLimitsPlugin`). */
export const gatewayLimitsPlugin = <C extends { user: AuthUser | null }>(limits: GatewayLimits): ApolloServerPlugin<C> =>
  operationLimitsPlugin<C>((context) => limitsFor(limits, context.user));

/** For the WebSocket server, before it parses a document. */
export const checkGatewayLimits = (
  limits: GatewayLimits,
  schema: GraphQLSchema,
  source: string,
  request: OperationRequest,
  user: AuthUser | null,
): GraphQLError | undefined => checkOperationLimits(schema, source, request, limitsFor(limits, user));
