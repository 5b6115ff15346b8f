/** A small GraphQL client for tests that talk to the users subgraph directly. */
export interface GraphQLError {
  message: string;
  extensions?: { code?: string; fields?: Record<string, string>; retryAfterSeconds?: number };
}

export interface GraphQLResult<T> {
  status: number;
  data?: T | null;
  errors?: GraphQLError[];
}

export function graphqlClient(url: string) {
  return async <T = Record<string, unknown>>(
    query: string,
    variables: Record<string, unknown> = {},
    opts: { token?: string; headers?: Record<string, string> } = {},
  ): Promise<GraphQLResult<T>> => {
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}), ...opts.headers },
      body: JSON.stringify({ query, variables }),
    });
    return { status: res.status, ...((await res.json()) as Omit<GraphQLResult<T>, 'status'>) };
  };
}

export const AUTH_FIELDS = 'accessToken refreshToken expiresAt user { id email role fullName isActive organization { id name } }';
export const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { ${AUTH_FIELDS} } }`;

export interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  user: { id: string; email: string; role: string; fullName: string | null; isActive: boolean; organization: { id: string; name: string } | null };
}
