/**
 * @jest-environment ./test/harness/native-arrays-environment.js
 */
/**
 * Deployments in Chromium against the whole stack with a real reference trainer: a trained and
 * registered model is deployed from the console's Deploy form, becomes READY, and its "Try it"
 * panel uploads a PNG to the inference endpoint and shows the predicted classes with scores.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { Stack } from '../../test/harness/stack';
import { generateImages } from '../../labeler/sample-data';
import { shouldRunBrowserTests } from './browser';
import { startConsoleSuite, type ConsoleSuite } from './console-suite';
import { logIn, type ConsoleSession } from './pages';

const suite = shouldRunBrowserTests() ? describe : describe.skip;
const PUBLIC_COCO = 'ds_3f9a1c7e5b2d4f60';

suite('deployments in the console', () => {
  let consoleSuite: ConsoleSuite | undefined;
  let stack: Stack;
  let browser: Browser;
  let session: ConsoleSession;

  beforeAll(async () => {
    ({ stack, browser } = consoleSuite = await startConsoleSuite({ trainer: true }));
    const token = await stack.login('standard_engineer@example.com');
    const projects = await stack.graphql.data<{ projects: { nodes: Array<{ id: string; name: string }> } }>(
      '{ projects(first: 10) { nodes { id name } } }',
      {},
      { token },
    );
    const projectId = projects.projects.nodes.find((p) => p.name === 'Warehouse object detection')!.id;
    const job = await stack.graphql.data<{ createTrainingJob: { id: string } }>(
      'mutation E2eTrain($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }',
      { input: { projectId, datasetId: PUBLIC_COCO, name: 'console deployable', config: JSON.stringify({ epochs: 8 }) } },
      { token },
    );
    const deadline = Date.now() + 60_000;
    for (;;) {
      const { trainingJob } = await stack.graphql.data<{ trainingJob: { status: string } }>(
        'query E2eJob($id: ID!) { trainingJob(id: $id) { status } }',
        { id: job.createTrainingJob.id },
        { token },
      );
      if (trainingJob.status === 'COMPLETED' || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    await stack.graphql.data(
      'mutation E2eRegister($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { id } }',
      { input: { jobId: job.createTrainingJob.id, modelName: 'console shapes' } },
      { token },
    );
    session = await logIn(browser, new URL(stack.gatewayUrl).origin, 'standard_engineer@example.com');
  }, 240_000);

  afterAll(async () => {
    await consoleSuite?.close([session]);
  });

  it('deploys a model version from the console, and Try it shows the predictions for an uploaded image', async () => {
    const { page } = session;
    await page.getByRole('link', { name: 'Deployments' }).click();
    await page.getByTestId('deploy-name').fill('console-prod');
    await page.getByRole('button', { name: 'Deploy' }).click();
    await page.waitForURL(/\/deployments\/dep_[0-9a-f]{16}$/, { timeout: 20_000 });
    for (let i = 0; i < 40; i++) {
      if ((await page.getByTestId('deployment-status').textContent()) === 'READY') break;
      if (await page.getByRole('button', { name: 'Refresh' }).isVisible()) await page.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForTimeout(250);
    }
    await expect(page.getByTestId('deployment-status').textContent()).resolves.toBe('READY');
    const png = generateImages(3, 1, ['circle', 'square', 'triangle'])[0]!.png;
    await page.getByTestId('try-it-file').setInputFiles({ name: 'shape.png', mimeType: 'image/png', buffer: png });
    await page.getByRole('button', { name: 'Predict' }).click();
    const table = page.getByTestId('try-it-predictions');
    await page.getByTestId('try-it-predictions').or(page.getByTestId('try-it-error')).first().waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('try-it-error').allTextContents()).toEqual([]);
    const rows = await table.locator('tbody tr').allTextContents();
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row).toMatch(/^(circle|square|triangle)\d+(\.\d)? %$/);
    await page
      .getByTestId('deployment-metrics')
      .filter({ hasText: /Requests1/ })
      .waitFor({ timeout: 10_000 });

    // A file that is not an image gets the endpoint's error code, not a crash.
    await page.getByTestId('try-it-file').setInputFiles({ name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not pixels') });
    await page.getByRole('button', { name: 'Predict' }).click();
    await expect(page.getByTestId('try-it-error').textContent({ timeout: 10_000 })).resolves.toMatch(/^NOT_AN_IMAGE/);
  }, 120_000);
  it("shows a guest the deployment's Stop button disabled with the reason", async () => {
    const deploymentPath = new URL(session.page.url()).pathname;
    expect(deploymentPath).toMatch(/^\/deployments\/dep_/);
    const guest = await logIn(browser, new URL(stack.gatewayUrl).origin, 'guest@example.com');
    try {
      await guest.page.goto(`${new URL(stack.gatewayUrl).origin}${deploymentPath}`);
      const stop = guest.page.getByRole('button', { name: 'Stop' });
      await stop.waitFor({ timeout: 15_000 });
      expect(await stop.isDisabled()).toBe(true);
      await expect(guest.page.getByTestId('denial-hint').textContent()).resolves.toBe(
        'Guests have read-only access: this needs the Standard engineer role or higher.',
      );
    } finally {
      await guest.close();
    }
  }, 60_000);
});
