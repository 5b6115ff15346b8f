/**
 * Trusted documents (gateway/trusted-documents.ts): the gateway knows the operations manifest's
 * hashes from the start and supports APQ for other clients (`allow-unknown`, the default); with
 * TRUSTED_DOCUMENTS=only it runs just the manifest's documents, by hash or as text, except for
 * admins (the explorer) — over HTTP and over WebSocket.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { readManifest, sha256Hex } from '../lib/operations-manifest';
import { startStack, STACK_PASSWORD, type Stack } from './harness/stack';
import { codeOf, type GraphQLResult } from './harness/graphql-client';
import { watch, wsClient, type WsResult } from './helpers';

const manifest = readManifest();
/** A console document of the manifest by operation name. */
const consoleDocument = (name: string) => {
  const found = manifest.operations.find((o) => o.origin === 'console' && o.name === name);
  if (!found) throw new Error(`no console operation ${name} in the manifest`);
  return { hash: found.hash.replace(/^sha256:/, ''), body: found.body };
};

// Not in the manifest as a trusted document (tests are not clients): valid, but unknown to the gateway.
const UNKNOWN = 'query TrustedDocumentsUnknown { me { email } }';
const UNKNOWN_SUBSCRIPTION = 'subscription TrustedDocumentsWatch($id: ID!) { trainingJobUpdated(id: $id) { id status } }';
const MISSING_JOB = '999999999';

interface Body {
  query?: string;
  variables?: Record<string, unknown>;
  operationName?: string;
  extensions?: Record<string, unknown>;
}

/** A raw POST, so that the query text can be left out (APQ). */
async function post<T = Record<string, unknown>>(stack: Stack, body: Body, token?: string | null): Promise<GraphQLResult<T>> {
  const response = await fetch(stack.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, ...((await response.json()) as Pick<GraphQLResult<T>, 'data' | 'errors'>) };
}

const persisted = (sha256Hash: string) => ({ persistedQuery: { version: 1, sha256Hash } });

/** Log in with the console's own Login document, sent by hash. */
async function consoleLogin(stack: Stack, email: string): Promise<{ accessToken: string; refreshToken: string }> {
  const login = consoleDocument('Login');
  const result = await post<{ login: { accessToken: string; refreshToken: string } }>(stack, {
    extensions: persisted(login.hash),
    variables: { email, password: STACK_PASSWORD },
    operationName: 'Login',
  });
  if (!result.data?.login) throw new Error(`login failed: ${JSON.stringify(result.errors)}`);
  return result.data.login;
}

/** The first answer of a subscription over graphql-ws, or its error (a refusal). */
async function firstAnswer(stack: Stack, token: string, payload: { query: string; variables: Record<string, unknown>; extensions?: Record<string, unknown> }) {
  const client = wsClient(stack.wsUrl, token);
  try {
    return await new Promise<{ result?: WsResult; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> }>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no answer within 10 s')), 10_000);
      client.subscribe(payload, {
        next: (result) => {
          clearTimeout(timer);
          resolve({ result: result as WsResult });
        },
        error: (error) => {
          clearTimeout(timer);
          resolve({ errors: Array.isArray(error) ? error : [{ message: String(error) }] });
        },
        complete: () => undefined,
      });
    });
  } finally {
    await client.dispose();
  }
}

describe('TRUSTED_DOCUMENTS=allow-unknown (default): manifest hashes known, APQ for other clients', () => {
  let stack: Stack;
  let guestToken: string;

  beforeAll(async () => {
    stack = await startStack();
    guestToken = (await consoleLogin(stack, 'guest@example.com')).accessToken;
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('runs a console document sent by its hash alone', async () => {
    const me = consoleDocument('Me');
    const result = await post<{ me: { email: string } }>(stack, { extensions: persisted(me.hash) }, guestToken);
    expect(result.errors).toBeUndefined();
    expect(result.data?.me.email).toBe('guest@example.com');
  });

  it('answers PERSISTED_QUERY_NOT_FOUND for an unknown hash, then registers it when the text comes with it', async () => {
    const hash = sha256Hex(UNKNOWN);
    const miss = await post(stack, { extensions: persisted(hash) }, guestToken);
    expect(miss.status).toBe(200);
    expect(codeOf(miss)).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(miss.errors?.[0]?.message).toBe('PersistedQueryNotFound');

    const register = await post<{ me: { email: string } }>(stack, { query: UNKNOWN, extensions: persisted(hash) }, guestToken);
    expect(register.errors).toBeUndefined();
    expect(register.data?.me.email).toBe('guest@example.com');

    const hit = await post<{ me: { email: string } }>(stack, { extensions: persisted(hash) }, guestToken);
    expect(hit.errors).toBeUndefined();
    expect(hit.data?.me.email).toBe('guest@example.com');
  });

  it('refuses a hash that is not the sha256 of the text sent with it', async () => {
    const result = await post(stack, { query: UNKNOWN, extensions: persisted(sha256Hex('something else')) }, guestToken);
    expect(result.status).toBe(400);
    expect(result.data ?? null).toBeNull();
  });

  it('still runs any document sent as text', async () => {
    const result = await post<{ me: { email: string } }>(stack, { query: UNKNOWN }, guestToken);
    expect(result.errors).toBeUndefined();
  });

  it('runs a console subscription sent by hash over WebSocket, and answers PERSISTED_QUERY_NOT_FOUND for an unknown one', async () => {
    const rowUpdated = consoleDocument('JobRowUpdated');
    // The document was found and planned: the missing job is the answer, not the document.
    const known = await firstAnswer(stack, guestToken, { query: '', variables: { id: MISSING_JOB }, extensions: persisted(rowUpdated.hash) });
    expect(known.errors).toBeUndefined();
    expect(known.result?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const unknown = await firstAnswer(stack, guestToken, { query: '', variables: { id: MISSING_JOB }, extensions: persisted(sha256Hex(UNKNOWN_SUBSCRIPTION)) });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(unknown.errors?.[0]?.message).toBe('PersistedQueryNotFound');
  });
});

describe('TRUSTED_DOCUMENTS=only: the manifest documents, any document for admins', () => {
  let stack: Stack;
  let guest: { accessToken: string; refreshToken: string };
  let adminToken: string;

  beforeAll(async () => {
    stack = await startStack({ env: { gateway: { TRUSTED_DOCUMENTS: 'only' } } });
    guest = await consoleLogin(stack, 'guest@example.com');
    adminToken = (await consoleLogin(stack, 'admin@example.com')).accessToken;
  }, 120_000);

  afterAll(async () => {
    await stack?.close();
  });

  it('refuses an unknown document sent as text with 403 PERSISTED_QUERY_NOT_ALLOWED, with a token or without', async () => {
    for (const token of [guest.accessToken, null]) {
      const result = await post(stack, { query: UNKNOWN }, token);
      expect(result.status).toBe(403);
      expect(codeOf(result)).toBe('PERSISTED_QUERY_NOT_ALLOWED');
      expect(result.data ?? null).toBeNull();
    }
    // The harness's own login document is a test's, not a client's.
    const login = await stack.graphql.request(
      'mutation Login($email: String!, $password: String!) { login(email: $email, password: $password) { accessToken } }',
      {
        email: 'guest@example.com',
        password: STACK_PASSWORD,
      },
    );
    expect(codeOf(login)).toBe('PERSISTED_QUERY_NOT_ALLOWED');
  });

  it('runs a console document by hash or as its exact text', async () => {
    const me = consoleDocument('Me');
    const byHash = await post<{ me: { email: string } }>(stack, { extensions: persisted(me.hash) }, guest.accessToken);
    expect(byHash.data?.me.email).toBe('guest@example.com');
    const asText = await post<{ me: { email: string } }>(stack, { query: me.body }, guest.accessToken);
    expect(asText.errors).toBeUndefined();
    expect(asText.data?.me.email).toBe('guest@example.com');
  });

  it("runs the console's session refresh, which it sends as text", async () => {
    const refresh = manifest.operations.find((o) => o.name === 'RefreshSession' && o.origin === 'console')!;
    const result = await post<{ refreshToken: { accessToken: string } }>(stack, { query: refresh.body, variables: { refreshToken: guest.refreshToken } });
    expect(result.errors).toBeUndefined();
    expect(result.data?.refreshToken.accessToken).toEqual(expect.any(String));
  });

  it('registers nothing by APQ: an unknown hash stays unknown after its text was sent', async () => {
    const hash = sha256Hex(UNKNOWN);
    expect(codeOf(await post(stack, { extensions: persisted(hash) }, guest.accessToken))).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(codeOf(await post(stack, { query: UNKNOWN, extensions: persisted(hash) }, guest.accessToken))).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    // An admin's document runs (the explorer) but is not registered for anyone either.
    const admin = await post<{ me: { email: string } }>(stack, { query: UNKNOWN, extensions: persisted(hash) }, adminToken);
    expect(admin.errors).toBeUndefined();
    expect(admin.data?.me.email).toBe('admin@example.com');
    expect(codeOf(await post(stack, { extensions: persisted(hash) }, guest.accessToken))).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  it('lets an admin send any document: the explorer works for admins', async () => {
    const result = await post<{ me: { email: string } }>(stack, { query: UNKNOWN }, adminToken);
    expect(result.errors).toBeUndefined();
    expect(result.data?.me.email).toBe('admin@example.com');
  });

  it('over WebSocket: refuses an unknown subscription to a guest, runs known ones by hash or text, and any for an admin', async () => {
    const unknown = await firstAnswer(stack, guest.accessToken, { query: UNKNOWN_SUBSCRIPTION, variables: { id: MISSING_JOB } });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');

    const rowUpdated = consoleDocument('JobRowUpdated');
    const byHash = await firstAnswer(stack, guest.accessToken, { query: '', variables: { id: MISSING_JOB }, extensions: persisted(rowUpdated.hash) });
    expect(byHash.result?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const asText = await firstAnswer(stack, guest.accessToken, { query: rowUpdated.body, variables: { id: MISSING_JOB } });
    expect(asText.result?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const admin = await firstAnswer(stack, adminToken, { query: UNKNOWN_SUBSCRIPTION, variables: { id: MISSING_JOB } });
    expect(admin.result?.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    // A query over the socket follows the same rule.
    const client = wsClient(stack.wsUrl, guest.accessToken);
    try {
      const query = watch(client, UNKNOWN);
      expect(((await query.failure) as Array<{ extensions?: { code?: string } }>)[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    } finally {
      await client.dispose();
    }
  });
});
