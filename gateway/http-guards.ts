/**
 * What the gateway checks on HTTP before a query is planned: the operation kind (subscriptions
 * belong on the WebSocket) and the `@access` rules of the root fields. Also CORS.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { AuthUser } from '../lib/auth';
import { requestError } from '../lib/errors';
import { checkOperationAccess, noOperationMessage, rootFieldKeys } from './operation-access';
import type { SupergraphInfo } from './supergraph-info';

export interface GatewayContext {
  user: AuthUser | null;
  /** The caller's `Authorization` header, forwarded as is to subgraphs. */
  authorization?: string;
  requestId: string;
  /** `X-Forwarded-For` for subgraphs: the incoming chain plus this request's peer (login throttling per address). */
  forwardedFor?: string;
  /**
   * Set when the subscription bridge resolves an event: subgraphs are told (`X-Subscription-Event: 1`)
   * and may answer from short-lived caches (the datasets subgraph's Labeler metadata, decisions.md #35).
   */
  subscriptionEvent?: boolean;
  /** The upstream event's revision (`extensions.revision`): sent to subgraphs as `x-event-revision`. */
  eventRevision?: string;
  /** Set on operations the gateway runs itself, already checked against the trusted documents (trusted-documents.ts). */
  trustedDocumentChecked?: boolean;
}

export const SUBSCRIPTION_OVER_HTTP =
  'Subscriptions are not served over HTTP: use WebSocket (graphql-ws) at /graphql, sending your token in connection_init as { "Authorization": "Bearer <token>" }.';

/**
 * @apollo/gateway answers a subscription over HTTP with "not supported" and a stack trace; reject
 * it first with a 400 that says where to go. Then refuse root fields the caller may not run. A
 * request whose operationName names no operation of its document is a 400 too.
 */
export function operationGuardPlugin(info: SupergraphInfo): ApolloServerPlugin<GatewayContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, contextValue, request }) {
          // The gateway would fail to plan it, and answer with an internal error.
          if (!operation) throw requestError('OPERATION_RESOLUTION_FAILURE', noOperationMessage(request.operationName));
          if (operation.operation === 'subscription') {
            throw requestError('BAD_REQUEST', SUBSCRIPTION_OVER_HTTP);
          }
          checkOperationAccess(rootFieldKeys(operation, document), info.access, contextValue.user);
        },
      };
    },
  };
}

/** CORS for the listed origins (`*` = any). Preflights are answered here. */
export function corsMiddleware(origins: string) {
  const allowed = new Set(
    origins
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
  );
  const any = allowed.has('*');
  // Plain node:http types: the gateway also runs it on the JSON POSTs that skip express (lib/graphql-http.ts).
  return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
    const origin = req.headers.origin;
    if (origin && (any || allowed.has(origin))) {
      res.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Headers', 'Content-Type, Authorization, X-Request-ID, Apollo-Require-Preflight');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Expose-Headers', 'X-Request-ID');
      res.setHeader('Access-Control-Max-Age', '600');
    }
    if (req.method === 'OPTIONS' && origin) {
      res.statusCode = 204;
      res.end();
      return;
    }
    next();
  };
}
