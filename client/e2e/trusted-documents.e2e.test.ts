/**
 * The console with TRUSTED_DOCUMENTS=only (decisions.md #43): every query and mutation goes as a
 * hash without its text, subscriptions too (graphql-ws `subscribe` with an empty query and the hash
 * in `extensions`), and the console works: jobs listed, a job cancelled through the API turns to
 * CANCELLED live. A document that is not the console's is refused from the same page.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Request } from 'playwright-core';
import { readManifest } from '../../lib/operations-manifest';
import type { Stack } from '../../test/harness/stack';
import { shouldRunBrowserTests } from './browser';
import { startConsoleSuite, type ConsoleSuite } from './console-suite';
import { ACTIVE_STATUSES, jobRow, settleSubscription, subscribedTo, waitUntil, watchSockets, type ConsoleSession } from './pages';

const suite = shouldRunBrowserTests() ? describe : describe.skip;

const manifest = readManifest();
const hashOf = (name: string) => manifest.operations.find((o) => o.origin === 'console' && o.name === name)!.hash.replace(/^sha256:/, '');

interface Job {
  id: string;
  status: string;
  owner: { email: string };
}

/** A console document by hash, from the test (the harness's own login document is refused in `only` mode). */
async function byHash<T>(stack: Stack, name: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const response = await fetch(stack.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ variables, operationName: name, extensions: { persistedQuery: { version: 1, sha256Hash: hashOf(name) } } }),
  });
  const body = (await response.json()) as { data?: T; errors?: unknown };
  if (!body.data) throw new Error(`${name} failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

suite('the console with trusted documents only, in Chromium', () => {
  let consoleSuite: ConsoleSuite | undefined;
  let stack: Stack;
  let adminToken: string;
  let session: ConsoleSession | undefined;
  const sessions: ConsoleSession[] = [];
  const posted: Array<Record<string, unknown>> = [];

  beforeAll(async () => {
    consoleSuite = await startConsoleSuite({ env: { gateway: { TRUSTED_DOCUMENTS: 'only' } } });
    stack = consoleSuite.stack;
    adminToken = (await byHash<{ login: { accessToken: string } }>(stack, 'Login', { email: 'admin@example.com', password: 'devpass' })).login.accessToken;
  }, 240_000);

  afterAll(async () => {
    await consoleSuite?.close(sessions);
  });

  /** The login form, with every GraphQL POST of the page recorded from the first load on. */
  async function logInRecording(email: string): Promise<ConsoleSession> {
    const context = await consoleSuite!.browser.newContext();
    context.on('request', (request: Request) => {
      if (request.method() === 'POST' && request.url().endsWith('/graphql')) posted.push(JSON.parse(request.postData() ?? '{}') as Record<string, unknown>);
    });
    const page = await context.newPage();
    const sockets = watchSockets(page);
    await page.goto(`${consoleSuite!.origin}/`);
    await page.getByLabel('E-mail').fill(email);
    await page.getByLabel('Password').fill('devpass');
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.getByTestId('current-user').filter({ hasText: email }).waitFor();
    return { page, sockets, cspViolations: [], close: () => context.close() };
  }

  it('logs in, lists the jobs and follows one live, sending only hashes', async () => {
    session = await logInRecording('admin@example.com');
    sessions.push(session);
    await session.page.getByTestId('job-row').first().waitFor();

    const jobs = (await byHash<{ trainingJobs: { nodes: Job[] } }>(stack, 'TrainingJobs', { first: 20 }, adminToken)).trainingJobs.nodes;
    const job = jobs.find((j) => ACTIVE_STATUSES.includes(j.status));
    if (!job) throw new Error('The seed has no QUEUED or RUNNING job.');
    await jobRow(session.page, job.id).waitFor();
    await waitUntil(`the console to subscribe to job ${job.id}`, () =>
      session!.sockets.sent.some((f) => f.includes('"subscribe"') && f.includes(`"id":"${job.id}"`)),
    );
    await settleSubscription();

    await byHash(stack, 'CancelJob', { id: job.id }, adminToken);
    await jobRow(session.page, job.id).and(session.page.locator('[data-status="CANCELLED"]')).waitFor({ timeout: 15_000 });
    expect(session.sockets.received.some((frame) => frame.includes('"next"') && frame.includes('CANCELLED'))).toBe(true);

    // Hashes only: no query text over HTTP …
    expect(posted.length).toBeGreaterThan(0);
    for (const body of posted) {
      expect(body.query).toBeUndefined();
      expect((body.extensions as { persistedQuery?: { sha256Hash?: string } }).persistedQuery?.sha256Hash).toMatch(/^[0-9a-f]{64}$/);
    }
    // … nor over the WebSocket.
    const subscribes = session.sockets.sent
      .map((f) => JSON.parse(f) as { type: string; payload?: { query?: string; extensions?: unknown } })
      .filter((m) => m.type === 'subscribe');
    expect(subscribes.length).toBeGreaterThan(0);
    for (const message of subscribes) {
      expect(message.payload?.query ?? '').toBe('');
      expect(JSON.stringify(message.payload?.extensions)).toContain('sha256Hash');
    }
    expect(subscribedTo(session.sockets, job.id)()).toBe(true);
    expect(session.sockets.sent.some((frame) => frame.includes('trainingJobUpdated'))).toBe(false); // the document's text never went out
  });

  it("refuses a guest's page a document that is not the console's, and lets an admin's page send it (the explorer)", async () => {
    const guest = await logInRecording('guest@example.com');
    sessions.push(guest);
    const send = (page: ConsoleSession['page']) =>
      page.evaluate(async () => {
        const token = localStorage.getItem('vpg.accessToken');
        const response = await fetch('/graphql', {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: '{ me { email role } }' }),
        });
        return { status: response.status, body: (await response.json()) as { errors?: Array<{ extensions?: { code?: string } }> } };
      });
    const refused = await send(guest.page);
    expect(refused.status).toBe(403);
    expect(refused.body.errors?.[0]?.extensions?.code).toBe('PERSISTED_QUERY_NOT_ALLOWED');
    const admin = await send(session!.page);
    expect(admin.status).toBe(200);
    expect(admin.body.errors).toBeUndefined();
  });
});
