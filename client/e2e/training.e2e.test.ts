/**
 * The training pages in Chromium against the whole stack with a real reference trainer: a user
 * creates a job from the console on a seeded dataset, watches it run to COMPLETED, sees the
 * loss and the logs, and downloads the checkpoint. Invalid configuration shows inline errors.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Browser } from 'playwright-core';
import type { Stack } from '../../test/harness/stack';
import { shouldRunBrowserTests } from './browser';
import { startConsoleSuite, type ConsoleSuite } from './console-suite';
import { stableId } from '../../subgraphs/platform/seed';
import { jobRow, logIn, type ConsoleSession } from './pages';

const suite = shouldRunBrowserTests() ? describe : describe.skip;
const PUBLIC_COCO = 'ds_3f9a1c7e5b2d4f60';
const UNLABELED = 'ds_c2d7f4a8e1b36950';

suite('training in the console', () => {
  let consoleSuite: ConsoleSuite | undefined;
  let stack: Stack;
  let browser: Browser;
  let session: ConsoleSession;

  beforeAll(async () => {
    ({ stack, browser } = consoleSuite = await startConsoleSuite({ trainer: true }));
    session = await logIn(browser, new URL(stack.gatewayUrl).origin, 'advanced_engineer@example.com');
  }, 240_000);

  const origin = () => new URL(stack.gatewayUrl).origin;

  afterAll(async () => {
    await consoleSuite?.close([session]);
  });

  it('shows field errors inline for an invalid configuration and creates nothing', async () => {
    const { page } = session;
    await page.getByRole('link', { name: 'New training job' }).click();
    await page.getByLabel('Name').fill('too few epochs');
    await page.getByLabel('Dataset').selectOption(PUBLIC_COCO);
    await page.getByLabel('Epochs').fill('0');
    await page.getByRole('button', { name: 'Create job' }).click();
    await expect(page.getByTestId('field-error').first().textContent({ timeout: 15_000 })).resolves.toBe('at least 1');
    expect(new URL(page.url()).pathname).toBe('/jobs/new');
  }, 60_000);

  it('creates a job on a seeded dataset, follows it to COMPLETED and downloads its checkpoint', async () => {
    const { page } = session;
    await page.getByLabel('Epochs').fill('12');
    await page.getByLabel('Name').fill('console softmax');
    await page.getByRole('button', { name: 'Create job' }).click();
    await page.waitForURL(/\/jobs\/job_[0-9a-f]{16}$/, { timeout: 20_000 });
    await page.getByTestId('job-status').filter({ hasText: 'COMPLETED' }).waitFor({ timeout: 120_000 });
    await expect(page.getByTestId('job-snapshot').textContent()).resolves.toMatch(/^snap_[0-9a-f]{16} · \d+ objects/);
    await page.getByTestId('job-metrics').filter({ hasText: 'loss' }).waitFor({ timeout: 10_000 });
    await page.getByTestId('job-logs').filter({ hasText: 'epoch 12/12 loss' }).waitFor({ timeout: 10_000 });
    const href = await page.getByRole('link', { name: 'final.json' }).getAttribute('href', { timeout: 10_000 });
    const weights = (await (await fetch(href!)).json()) as { format: string; classes: string[] };
    expect(weights.format).toBe('vision-platform/softmax-v1');
    expect(weights.classes.length).toBeGreaterThan(1);
  }, 180_000);

  it('marks each configuration tab with the fields to fix and sums them up in words, not in API names', async () => {
    const { page } = session;
    await page.goto(`${origin()}/jobs/new`);
    await page.getByLabel('Name').fill('two mistakes');
    await page.getByLabel('Dataset').selectOption(PUBLIC_COCO);
    await page.getByLabel('Epochs').fill('0');
    await page.getByRole('tab', { name: 'Advanced' }).click();
    await page.getByLabel('Weight decay').fill('2');
    await page.getByRole('button', { name: 'Create job' }).click();
    await expect(page.getByRole('tab', { name: 'Basic (1 to fix)' }).waitFor({ timeout: 15_000 })).resolves.toBeUndefined();
    await expect(page.getByRole('tab', { name: 'Advanced (1 to fix)' }).isVisible()).resolves.toBe(true);
    const alert = await page.getByRole('alert').textContent();
    expect(alert).toBe('2 settings need a change: each marked field says what it must be.');
    await page.getByRole('tab', { name: 'Basic (1 to fix)' }).click();
    await expect(page.getByTestId('field-error').first().textContent()).resolves.toBe('at least 1');
    expect(new URL(page.url()).pathname).toBe('/jobs/new');
  }, 60_000);

  it('says on the job page and in the jobs list why a queued job waits: no connected worker runs its framework', async () => {
    const { page } = session;
    const token = await stack.login('advanced_engineer@example.com');
    const { createTrainingJob: job } = await stack.graphql.data<{ createTrainingJob: { id: string } }>(
      'mutation($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }',
      {
        input: { projectId: stableId('prj', 'inspection'), datasetId: PUBLIC_COCO, name: 'needs a GPU worker', framework: 'ultralytics', model: 'yolov8n' },
      },
      { token },
    );
    const reason = 'Waiting for a worker that runs ultralytics.';
    await page.goto(`${origin()}/jobs/${job.id}`);
    await page.getByTestId('job-queue-reason').filter({ hasText: reason }).waitFor({ timeout: 15_000 });
    await page.goto(`${origin()}/`);
    await jobRow(page, job.id).getByTestId('job-queue-reason').filter({ hasText: reason }).waitFor({ timeout: 15_000 });
  }, 60_000);

  it('offers in the new-job form the frameworks and tasks that the API lists', async () => {
    const { page } = session;
    const token = await stack.login('advanced_engineer@example.com');
    const { trainingFrameworks } = await stack.graphql.data<{ trainingFrameworks: Array<{ name: string; tasks: string[] }> }>(
      '{ trainingFrameworks { name tasks } }',
      {},
      { token },
    );
    expect(trainingFrameworks.map((f) => f.name)).toEqual(expect.arrayContaining(['reference', 'ultralytics']));
    await page.goto(`${origin()}/jobs/new`);
    const framework = page.getByLabel('Framework');
    await framework.locator('option').first().waitFor({ state: 'attached', timeout: 15_000 });
    await expect(framework.locator('option').allTextContents()).resolves.toEqual(trainingFrameworks.map((f) => f.name));
    for (const { name, tasks } of trainingFrameworks) {
      await framework.selectOption(name);
      await expect(page.getByLabel('Task').locator('option').allTextContents()).resolves.toEqual(tasks);
    }
  }, 60_000);

  it('shows an unlabeled dataset in the new-job form but does not let it be chosen', async () => {
    const { page } = session;
    await page.goto(`${origin()}/jobs/new`);
    const unlabeled = page.getByLabel('Dataset').locator(`option[value="${UNLABELED}"]`);
    await unlabeled.waitFor({ state: 'attached', timeout: 15_000 });
    await expect(unlabeled.textContent()).resolves.toMatch(/unlabeled/);
    await expect(unlabeled.isDisabled()).resolves.toBe(true);
    await expect(page.getByLabel('Dataset').locator(`option[value="${PUBLIC_COCO}"]`).isDisabled()).resolves.toBe(false);
  }, 60_000);
});
