/**
 * The model registry in Chromium against the whole stack with a real reference trainer: a user
 * registers a completed job from its page, lands on the model page (version 1, its metrics and
 * lineage), exports it to ONNX from the Export form, follows the export to COMPLETED and downloads
 * the file, whose SHA-256 is the one the page shows; the Models list shows the model.
 */
import { createHash } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { Stack } from '../../test/harness/stack';
import { stableId } from '../../subgraphs/platform/seed';
import { shouldRunBrowserTests } from './browser';
import { startConsoleSuite, type ConsoleSuite } from './console-suite';
import { logIn, type ConsoleSession } from './pages';

const suite = shouldRunBrowserTests() ? describe : describe.skip;
const PUBLIC_COCO = 'ds_3f9a1c7e5b2d4f60';

suite('models in the console', () => {
  let consoleSuite: ConsoleSuite | undefined;
  let stack: Stack;
  let browser: Browser;
  let session: ConsoleSession;
  let jobId: string;

  beforeAll(async () => {
    ({ stack, browser } = consoleSuite = await startConsoleSuite({ trainer: true }));
    session = await logIn(browser, new URL(stack.gatewayUrl).origin, 'advanced_engineer@example.com');
    const token = await stack.login('advanced_engineer@example.com');
    const created = await stack.graphql.data<{ createTrainingJob: { id: string } }>(
      'mutation($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }',
      { input: { projectId: stableId('prj', 'detection'), datasetId: PUBLIC_COCO, name: 'console registry run', config: JSON.stringify({ epochs: 4 }) } },
      { token },
    );
    jobId = created.createTrainingJob.id;
    let status = '';
    const deadline = Date.now() + 30_000;
    while (status !== 'COMPLETED' && Date.now() < deadline) {
      const body = await stack.graphql.data<{ trainingJob: { status: string } }>(
        'query($id: ID!) { trainingJob(id: $id) { status } }',
        { id: jobId },
        { token },
      );
      status = body.trainingJob.status;
      if (status !== 'COMPLETED') await new Promise((r) => setTimeout(r, 200));
    }
    expect(status).toBe('COMPLETED');
  }, 240_000);

  const origin = () => new URL(stack.gatewayUrl).origin;

  afterAll(async () => {
    await consoleSuite?.close([session]);
  });

  it('registers a completed job from its page and shows version 1 with its metrics and lineage', async () => {
    const { page } = session;
    await page.goto(`${origin()}/jobs/${jobId}`);
    await page.getByRole('button', { name: 'Register as model' }).click({ timeout: 15_000 });
    await page.getByLabel('Model name').fill('console classifier');
    await page.getByRole('button', { name: 'Register version' }).click();
    await page.waitForURL(/\/models\/mdl_[0-9a-f]{16}$/, { timeout: 15_000 });
    const version = page.getByTestId('model-version').first();
    await expect(version.getAttribute('data-version', { timeout: 15_000 })).resolves.toBe('1');
    await expect(version.getByTestId('version-metrics').textContent()).resolves.toMatch(/accuracy \d/);
    await expect(version.getByRole('link', { name: 'console registry run' }).getAttribute('href')).resolves.toBe(`/jobs/${jobId}`);

    await page.getByRole('link', { name: 'Models', exact: true }).click();
    await page.locator('[data-testid="model-row"]').filter({ hasText: 'console classifier' }).waitFor({ timeout: 15_000 });
    await page.goBack();
  }, 60_000);

  it('exports version 1 to ONNX with options, follows it to COMPLETED and downloads the file the page describes', async () => {
    const { page } = session;
    await page.getByRole('button', { name: 'Export' }).first().click({ timeout: 15_000 });
    await page.getByLabel('Format').selectOption('ONNX');
    await page.getByLabel('Precision').selectOption('FP32');
    // Out of range: the form says what the opset must be, beside it, and starts nothing.
    await page.getByLabel('Opset').fill('99');
    await page.getByRole('button', { name: 'Start export' }).click();
    await expect(page.getByTestId('export-field-error').textContent({ timeout: 10_000 })).resolves.toBe('Opset: between 7 and 21');
    await page.getByLabel('Opset').fill('13');
    await page.getByRole('button', { name: 'Start export' }).click();
    const row = page.getByTestId('export-row').first();
    await row.getByTestId('export-status').filter({ hasText: 'COMPLETED' }).waitFor({ timeout: 30_000 });
    const link = row.getByTestId('export-download');
    await expect(link.textContent()).resolves.toBe('console-classifier-v1.onnx');
    const bytes = new Uint8Array(await (await fetch((await link.getAttribute('href'))!)).arrayBuffer());
    expect(bytes.length).toBeGreaterThan(100);
    const shown = (await row.getByTestId('export-file').textContent()) ?? '';
    expect(shown).toContain(`SHA-256 ${createHash('sha256').update(bytes).digest('hex').slice(0, 12)}`);
  }, 60_000);

  it("opens the Deploy form with the version chosen from the model page's Deploy button", async () => {
    const { page } = session;
    const modelPath = await page.evaluate(() => window.location.pathname);
    await page.getByTestId('model-version').first().getByRole('button', { name: 'Deploy' }).click();
    await page.waitForURL(/\/deployments\?version=mv_/, { timeout: 15_000 });
    const chosen = new URL(page.url()).searchParams.get('version');
    expect(modelPath).toMatch(/^\/models\//);
    await expect(page.getByTestId('deploy-version').inputValue({ timeout: 15_000 })).resolves.toBe(chosen);
  }, 60_000);
});
