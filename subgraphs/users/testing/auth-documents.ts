/** Documents of the users subgraph's own tests: the whole session a login or sign-up returns. */
export const AUTH_FIELDS = 'accessToken refreshToken expiresAt user { id email role fullName isActive organization { id name } }';
export const LOGIN = `mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { ${AUTH_FIELDS} } }`;

export interface AuthPayload {
  accessToken: string;
  refreshToken: string;
  expiresAt: string;
  user: { id: string; email: string; role: string; fullName: string | null; isActive: boolean; organization: { id: string; name: string } | null };
}
