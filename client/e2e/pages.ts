/** Page-level helpers for the browser tests: logging in, watching the WebSocket, waiting. */
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const ACTIVE_STATUSES = ['QUEUED', 'RUNNING'];
export const jobRow = (page: Page, id: string) => page.locator(`[data-testid="job-row"][data-job-id="${id}"]`);

export async function waitUntil(what: string, check: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Frames the page sent and received over any WebSocket (graphql-ws messages are JSON text). */
export interface SocketLog {
  sent: string[];
  received: string[];
}

export function watchSockets(page: Page): SocketLog {
  const log: SocketLog = { sent: [], received: [] };
  page.on('websocket', (socket) => {
    socket.on('framesent', (frame) => log.sent.push(String(frame.payload)));
    socket.on('framereceived', (frame) => log.received.push(String(frame.payload)));
  });
  return log;
}

/**
 * True once a graphql-ws `subscribe` for this job id (`trainingJobUpdated(id:)`) has been sent: as
 * text (the explorer) or as the hash of a console document, whose variable is `id` too.
 */
export const subscribedTo = (log: SocketLog, jobId: string) => () =>
  log.sent.some(
    (frame) => frame.includes('"subscribe"') && (frame.includes('trainingJobUpdated') || frame.includes('sha256Hash')) && frame.includes(`"id":"${jobId}"`),
  );

/**
 * graphql-ws has no per-subscription acknowledgement, and the gateway still has to open (or join)
 * the upstream subscription on the platform subgraph after the `subscribe` frame arrives; give it
 * a moment so an event raised right after is not missed.
 */
export const settleSubscription = () => new Promise((resolve) => setTimeout(resolve, 1_500));

/**
 * What Chromium refused under the gateway's Content-Security-Policy (gateway/static-files.ts), on
 * every page of the context: it logs each refusal as a console error.
 */
export function watchCspViolations(context: BrowserContext): string[] {
  const violations: string[] = [];
  context.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

export interface ConsoleSession {
  page: Page;
  sockets: SocketLog;
  /** Refusals under the Content-Security-Policy on any page of this session. */
  cspViolations: string[];
  close(): Promise<void>;
}

/** A fresh browser context (own localStorage) logged in through the login form. */
export async function logIn(browser: Browser, origin: string, email: string, password = 'devpass'): Promise<ConsoleSession> {
  const context = await browser.newContext();
  const cspViolations = watchCspViolations(context);
  const page = await context.newPage();
  const sockets = watchSockets(page);
  await page.goto(`${origin}/`);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByTestId('current-user').filter({ hasText: email }).waitFor();
  await page.getByTestId('job-row').or(page.getByText('No training jobs yet.')).first().waitFor();
  return { page, sockets, cspViolations, close: () => context.close() };
}
