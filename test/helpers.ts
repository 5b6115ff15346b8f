/** Small clients for the cross-service tests over graphql-ws (HTTP: harness/graphql-client.ts). */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { GraphQLClient } from './harness/graphql-client';

export function wsClient(url: string, token?: string): Client {
  return createClient({
    url,
    webSocketImpl: WebSocket,
    connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
    lazy: true,
    retryAttempts: 0,
  });
}

/** The graphql-ws clients one test file opens (`open(url, token)`), disposed together in its `afterAll`. */
export function wsClients() {
  const clients: Client[] = [];
  return {
    open(url: string, token?: string): Client {
      const client = wsClient(url, token);
      clients.push(client);
      return client;
    },
    /** A client the test built itself, disposed with the others. */
    keep(client: Client): Client {
      clients.push(client);
      return client;
    },
    disposeAll: () => Promise.all(clients.map((c) => c.dispose())),
  };
}

export type WsResult = { data?: Record<string, unknown> | null; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };

/** A subscription whose results can be awaited one by one. */
export interface Watch {
  next(timeoutMs?: number): Promise<WsResult>;
  /** Resolves with the close event or error when the subscription fails. */
  failure: Promise<unknown>;
  completed: Promise<void>;
  stop(): void;
}

export function watch(client: Client, query: string, variables: Record<string, unknown> = {}): Watch {
  const results: WsResult[] = [];
  const waiters: Array<(r: WsResult) => void> = [];
  let fail: (e: unknown) => void = () => undefined;
  let complete: () => void = () => undefined;
  const failure = new Promise<unknown>((resolve) => (fail = resolve));
  const completed = new Promise<void>((resolve) => (complete = resolve));
  const stop = client.subscribe<Record<string, unknown>>(
    { query, variables },
    {
      next: (result) => {
        const waiter = waiters.shift();
        if (waiter) waiter(result as WsResult);
        else results.push(result as WsResult);
      },
      error: (error) => fail(error),
      complete: () => complete(),
    },
  );
  return {
    next: (timeoutMs = 10_000) => {
      const ready = results.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no subscription event within ${timeoutMs} ms`)), timeoutMs);
        waiters.push((r) => {
          clearTimeout(timer);
          resolve(r);
        });
      });
    },
    failure,
    completed,
    stop,
  };
}

/** Polls `condition` (which may ask a service, e.g. its `/metrics`) every 20 ms until it holds. */
export async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!(await condition())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A new account in a new organization, made the way a user gets one: an admin creates the
 * organization and invites, the invitee accepts. Returns the account's id and access token.
 */
export async function userOfNewOrganization(
  graphql: GraphQLClient,
  adminToken: string,
  opts: { organization: string; email: string; role: string; password?: string },
): Promise<{ id: string; token: string; organizationId: string }> {
  const created = await graphql.data<{ createOrganization: { id: string } }>(
    'mutation ($n: String!) { createOrganization(name: $n) { id } }',
    { n: opts.organization },
    { token: adminToken },
  );
  const organizationId = created.createOrganization.id;
  const invited = await graphql.data<{ inviteUser: { token: string } }>(
    'mutation ($i: InviteInput!) { inviteUser(input: $i) { token } }',
    { i: { email: opts.email, role: opts.role, organizationId } },
    { token: adminToken },
  );
  const accepted = await graphql.data<{ acceptInvitation: { accessToken: string; user: { id: string } } }>(
    'mutation ($t: String!, $p: String) { acceptInvitation(token: $t, password: $p) { accessToken user { id } } }',
    { t: invited.inviteUser.token, p: opts.password ?? 'a good passphrase' },
  );
  return { id: accepted.acceptInvitation.user.id, token: accepted.acceptInvitation.accessToken, organizationId };
}
