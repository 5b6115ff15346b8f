/**
 * The one GraphQL-over-HTTP client of the tests and benches: a base URL (the gateway's or a
 * subgraph's `/graphql`), an optional token, a request id, typed documents (the console's, from
 * client/src/gql) or plain strings. GraphQL errors come back in `errors`, never thrown, so a test
 * can assert on them; `data()` is for the calls that must succeed.
 */
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { print } from 'graphql';

export interface GraphQLError {
  message: string;
  path?: Array<string | number>;
  extensions?: { code?: string; fields?: Record<string, string>; retryAfterSeconds?: number } & Record<string, unknown>;
}

export interface GraphQLResult<TData> {
  /** HTTP status and headers of the answer (401 for a refused token, `x-request-id` …). */
  status: number;
  headers: Headers;
  data?: TData | null;
  errors?: GraphQLError[];
}

export interface RequestOptions {
  /** This call's token, instead of the client's (`null`: none at all). */
  token?: string | null;
  /** A whole `Authorization` header (another scheme, a malformed one); wins over any token. */
  authorization?: string;
  /** Sent as `X-Request-ID`. */
  requestId?: string;
  headers?: Record<string, string>;
}

type Variables = Record<string, unknown>;
type AnyDocument = TypedDocumentNode<unknown, Variables> | string;

export interface GraphQLClient {
  readonly url: string;
  readonly token: string | undefined;
  /** One operation; the answer as it came. */
  request<TData = Record<string, unknown>>(document: string, variables?: Variables, opts?: RequestOptions): Promise<GraphQLResult<TData>>;
  request<TData, TVariables extends Variables>(
    document: TypedDocumentNode<TData, TVariables>,
    variables: TVariables,
    opts?: RequestOptions,
  ): Promise<GraphQLResult<TData>>;
  /** The data of an operation that must succeed; throws with the status and errors otherwise. */
  data<TData = Record<string, unknown>>(document: string, variables?: Variables, opts?: RequestOptions): Promise<TData>;
  data<TData, TVariables extends Variables>(document: TypedDocumentNode<TData, TVariables>, variables: TVariables, opts?: RequestOptions): Promise<TData>;
  /** The same endpoint, sending `Authorization: Bearer <token>` with every call. */
  withToken(token: string): GraphQLClient;
  /** Logs in (the users subgraph's `login`, directly or through the gateway); a client with the access token. */
  login(email: string, password: string): Promise<GraphQLClient>;
}

export const LOGIN = 'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }';

/** The error code of the first error, e.g. `NOT_FOUND`. */
export const codeOf = (result: { errors?: GraphQLError[] | null }) => result.errors?.[0]?.extensions?.code;

export function createGraphQLClient(url: string, defaults: { token?: string } = {}): GraphQLClient {
  async function request(document: AnyDocument, variables: Variables = {}, opts: RequestOptions = {}): Promise<GraphQLResult<unknown>> {
    const token = opts.token === null ? undefined : (opts.token ?? defaults.token);
    const authorization = opts.authorization ?? (token ? `Bearer ${token}` : undefined);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      ...(authorization ? { authorization } : {}),
      ...(opts.requestId ? { 'x-request-id': opts.requestId } : {}),
      ...opts.headers,
    };
    const query = typeof document === 'string' ? document : print(document);
    const response = await fetch(url, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
    const body = (await response.json()) as Pick<GraphQLResult<unknown>, 'data' | 'errors'>;
    return { status: response.status, headers: response.headers, ...body };
  }
  async function data(document: AnyDocument, variables?: Variables, opts?: RequestOptions): Promise<unknown> {
    const result = await request(document, variables, opts);
    if (!result.data || result.errors?.length) throw new Error(`GraphQL call failed (${result.status}): ${JSON.stringify(result.errors)}`);
    return result.data;
  }
  const client = {
    url,
    token: defaults.token,
    request,
    data,
    withToken: (token: string) => createGraphQLClient(url, { token }),
    login: async (email: string, password: string) => {
      const result = await request(LOGIN, { email, password }, { token: null });
      const token = (result.data as { login?: { accessToken?: string } } | null | undefined)?.login?.accessToken;
      if (!token) throw new Error(`login as ${email} failed (${result.status}): ${result.errors?.map((e) => e.message).join('; ') ?? 'no token'}`);
      return createGraphQLClient(url, { token });
    },
  };
  return client as GraphQLClient;
}
