/**
 * The console's page frame in Chromium against the whole stack: an unknown path says "Page not
 * found", each page names itself in the document title, a guest sees the job page's Cancel
 * disabled with the reason, and the new-job form offers the frameworks the API lists.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Browser } from 'playwright-core';
import { startStack, type Stack } from '../../lib/testing/stack';
import { callGateway } from './api';
import { addQueuedJob } from './arrange';
import { launchChromium, shouldRunBrowserTests } from './browser';
import { ensureConsoleBuilt } from './console-build';
import { logIn, type ConsoleSession } from './pages';

const suite = shouldRunBrowserTests() ? describe : describe.skip;

suite('pages of the web console', () => {
  let stack: Stack;
  let browser: Browser;
  let origin: string;
  let guestJobId: string;
  const sessions: ConsoleSession[] = [];

  beforeAll(async () => {
    ensureConsoleBuilt();
    browser = await launchChromium();
    stack = await startStack();
    origin = new URL(stack.gatewayUrl).origin;
    guestJobId = await addQueuedJob(stack.dbUrls.platform, { ownerId: stack.userIds.guest, datasetId: stack.datasetIds[0] ?? null, name: 'guest-queued-for-pages' });
  }, 240_000);

  afterAll(async () => {
    await Promise.allSettled(sessions.map((session) => session.close()));
    await browser?.close();
    await stack?.close();
  });

  async function logInAs(email: string) {
    const session = await logIn(browser, origin, email);
    sessions.push(session);
    return session.page;
  }

  it('says "Page not found" for a path that is no page, with a way back', async () => {
    const page = await logInAs('standard_engineer@example.com');
    await page.goto(`${origin}/no/such/page`);
    const notFound = page.getByTestId('not-found');
    await notFound.waitFor({ timeout: 15_000 });
    await expect(notFound.getByRole('heading').textContent()).resolves.toBe('Page not found');
    await expect(notFound.textContent()).resolves.toContain('/no/such/page');
    await expect(page.title()).resolves.toBe('Page not found · Vision Platform');
    await expect(page.getByTestId('job-row').count()).resolves.toBe(0);
    await notFound.getByRole('link', { name: /Training jobs/ }).click();
    await page.getByRole('heading', { name: 'Training jobs' }).waitFor();
  }, 60_000);

  it('names the current page in the document title', async () => {
    const page = await logInAs('standard_engineer@example.com');
    await expect(page.title()).resolves.toBe('Training jobs · Vision Platform');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Datasets', exact: true }).click();
    await page.getByRole('heading', { name: 'Datasets' }).waitFor();
    await expect(page.title()).resolves.toBe('Datasets · Vision Platform');
  }, 60_000);

  it('shows a guest the job page’s Cancel disabled, with the reason, instead of a server error', async () => {
    const page = await logInAs('guest@example.com');
    await page.goto(`${origin}/jobs/${guestJobId}`);
    await page.getByRole('heading', { name: 'guest-queued-for-pages' }).waitFor({ timeout: 15_000 });
    const cancel = page.getByRole('button', { name: 'Cancel', exact: true });
    await cancel.waitFor();
    expect(await cancel.isDisabled()).toBe(true);
    await expect(cancel.getAttribute('title')).resolves.toMatch(/read-only/);
    await page.getByTestId('denial-hint').filter({ hasText: /cancelling a job needs the Standard engineer role/ }).waitFor();
    await expect(page.title()).resolves.toBe('guest-queued-for-pages · Vision Platform');
  }, 60_000);

  it('offers in the new-job form the frameworks and tasks that the API lists', async () => {
    const token = await stack.login('standard_engineer@example.com');
    const { trainingFrameworks } = await callGateway<{ trainingFrameworks: Array<{ name: string; tasks: string[] }> }>(
      origin,
      token,
      '{ trainingFrameworks { name tasks } }',
    );
    expect(trainingFrameworks.map((f) => f.name)).toEqual(expect.arrayContaining(['reference', 'ultralytics']));

    const page = await logInAs('standard_engineer@example.com');
    await page.getByRole('link', { name: 'New training job' }).click();
    const framework = page.getByLabel('Framework');
    await framework.locator('option').first().waitFor({ state: 'attached', timeout: 15_000 });
    await expect(framework.locator('option').allTextContents()).resolves.toEqual(trainingFrameworks.map((f) => f.name));
    for (const { name, tasks } of trainingFrameworks) {
      await framework.selectOption(name);
      await expect(page.getByLabel('Task').locator('option').allTextContents()).resolves.toEqual(tasks);
    }
  }, 60_000);
});
