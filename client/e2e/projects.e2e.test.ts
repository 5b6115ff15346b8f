/**
 * Projects and experiments in Chromium against the whole stack with a real reference trainer: a
 * standard engineer creates a project (a missing name is refused field by field), an experiment,
 * stars it, filters the jobs list by status with the filter kept in the address bar, moves a
 * job into the experiment from its page, and compares the experiment's completed jobs. A manager
 * adds, changes and removes a project's members; a standard engineer sees the members read-only.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { Stack } from '../../test/harness/stack';
import { stableId } from '../../subgraphs/platform/seed';
import { shouldRunBrowserTests } from './browser';
import { startConsoleSuite, type ConsoleSuite } from './console-suite';
import { logIn, type ConsoleSession } from './pages';

const suite = shouldRunBrowserTests() ? describe : describe.skip;
const PUBLIC_COCO = 'ds_3f9a1c7e5b2d4f60';
const PROJECT = 'Night-shift detection';
const EXPERIMENT = 'learning-rate sweep';

suite('projects and experiments in the console', () => {
  let consoleSuite: ConsoleSuite | undefined;
  let stack: Stack;
  let browser: Browser;
  let session: ConsoleSession;
  let page: Page;
  let origin: string;
  let token: string;
  let projectId = '';
  let experimentId = '';

  beforeAll(async () => {
    ({ stack, browser, origin } = consoleSuite = await startConsoleSuite({ trainer: true }));
    token = await stack.login('standard_engineer@example.com');
    session = await logIn(browser, origin, 'standard_engineer@example.com');
    page = session.page;
  }, 240_000);

  afterAll(async () => {
    await consoleSuite?.close([session]);
  });

  /** A reference-trainer job through the API, in this run's project. */
  async function createJob(name: string, config: Record<string, unknown>, inExperiment: boolean): Promise<string> {
    const input = { projectId, datasetId: PUBLIC_COCO, name, config: JSON.stringify(config), experimentId: inExperiment ? experimentId : null };
    const data = await stack.graphql.data<{ createTrainingJob: { id: string } }>(
      'mutation ($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }',
      { input },
      { token },
    );
    return data.createTrainingJob.id;
  }

  /** PROJECTS_SCREENSHOTS=/tmp npm test -- client/e2e/projects  → pictures of the pages to look at. */
  async function screenshot(name: string, on: Page = page): Promise<void> {
    if (process.env.PROJECTS_SCREENSHOTS) await on.screenshot({ path: `${process.env.PROJECTS_SCREENSHOTS}/${name}.png`, fullPage: true });
  }

  async function waitForCompleted(id: string): Promise<void> {
    let status = '';
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 500))) {
      status = (await stack.graphql.data<{ trainingJob: { status: string } }>('query ($id: ID!) { trainingJob(id: $id) { status } }', { id }, { token }))
        .trainingJob.status;
      if (status === 'COMPLETED') return;
      if (status === 'FAILED' || status === 'CANCELLED') break;
    }
    throw new Error(`Job ${id} ended as ${status}, not COMPLETED`);
  }

  it('creates a project, refusing an empty name beside the input, and opens it with the viewer as owner', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' }).click();
    await page.getByTestId('project-row').or(page.getByText('No projects yet.')).first().waitFor();
    await screenshot('projects');
    await page.getByRole('button', { name: 'New project' }).click();
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByTestId('field-error').waitFor({ timeout: 15_000 });
    await expect(page.getByLabel('Project name').getAttribute('aria-invalid')).resolves.toBe('true');

    await page.getByLabel('Project name').fill(PROJECT);
    await page.getByLabel('Description').fill('Detectors for the night cameras');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.waitForURL(/\/projects\/[^/]+$/, { timeout: 15_000 });
    projectId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop()!);
    await page.getByRole('heading', { name: PROJECT, level: 1 }).waitFor();
    await expect(page.getByTestId('project-role').textContent()).resolves.toBe('Owner');
    await page.getByText('No experiments yet.', { exact: false }).waitFor();
    await page.getByTestId('jobs-empty').filter({ hasText: 'No training jobs yet.' }).waitFor();
  }, 60_000);

  it('creates an experiment, stars it (kept after a reload), and offers a new job with the project chosen', async () => {
    await page.getByRole('button', { name: 'New experiment' }).click();
    await page.getByLabel('Experiment name').fill(EXPERIMENT);
    await page.getByRole('button', { name: 'Create experiment' }).click();
    const row = page.getByTestId('experiment-row').filter({ hasText: EXPERIMENT });
    await row.waitFor({ timeout: 15_000 });
    experimentId = (await row.getAttribute('data-experiment-id'))!;

    const star = row.getByRole('button', { name: `Star ${EXPERIMENT}` });
    await expect(star.getAttribute('aria-pressed')).resolves.toBe('false');
    await star.click();
    await row.locator('button[aria-pressed="true"]').waitFor({ timeout: 15_000 });
    await expect(row.getByTestId('star-count').textContent()).resolves.toBe('1');
    await screenshot('project');
    await page.reload();
    await page.getByTestId('experiment-row').filter({ hasText: EXPERIMENT }).locator('button[aria-pressed="true"]').waitFor({ timeout: 15_000 });

    await page.getByRole('link', { name: 'New training job' }).click();
    await page.waitForURL(/\/jobs\/new\?projectId=/);
    await page.getByLabel('Project').locator(`option[value="${projectId}"]`).waitFor({ state: 'attached' });
    await expect(page.getByLabel('Project').inputValue()).resolves.toBe(projectId);
    await page.getByLabel('Experiment (optional)').locator(`option[value="${experimentId}"]`).waitFor({ state: 'attached' });
  }, 60_000);

  it('filters the jobs list by status, keeps the filter in the address bar across a reload, and says which filters hide everything', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Training jobs' }).click();
    await page.getByTestId('job-row').first().waitFor();
    await page.getByRole('checkbox', { name: 'Completed' }).check();
    await page.waitForURL((url) => url.searchParams.get('status') === 'COMPLETED');
    const statuses = async () => page.getByTestId('job-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-status')));
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid="job-row"]')].every((r) => r.getAttribute('data-status') === 'COMPLETED'));
    expect((await statuses()).length).toBeGreaterThan(0);

    await page.reload();
    await page.getByTestId('job-row').first().waitFor();
    await expect(page.getByRole('checkbox', { name: 'Completed' }).isChecked()).resolves.toBe(true);
    expect(new Set(await statuses())).toEqual(new Set(['COMPLETED']));
    await screenshot('jobs-filtered');

    await page.getByLabel('Job name').fill('no job is called this');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL((url) => url.searchParams.get('q') === 'no job is called this' && url.searchParams.get('status') === 'COMPLETED');
    const empty = page.getByTestId('jobs-empty');
    await empty.waitFor({ timeout: 15_000 });
    await expect(empty.textContent()).resolves.toMatch(/status COMPLETED.*name contains “no job is called this”/);
  }, 60_000);

  it('moves a job into the experiment from its page and compares the completed jobs, best value per metric highlighted', async () => {
    const slow = await createJob('lr 0.05', { epochs: 3, learningRate: 0.05 }, true);
    const fast = await createJob('lr 0.5', { epochs: 3, learningRate: 0.5 }, false);
    await Promise.all([waitForCompleted(slow), waitForCompleted(fast)]);

    await page.goto(`${origin}/jobs/${fast}`);
    const facts = page.getByTestId('job-experiment');
    await facts.getByText('none').waitFor();
    await page.getByLabel('Move to experiment').selectOption(experimentId);
    await page.getByRole('button', { name: 'Move' }).click();
    await facts.getByRole('link', { name: EXPERIMENT }).waitFor({ timeout: 15_000 });
    await screenshot('job');
    await facts.getByRole('link', { name: EXPERIMENT }).click();

    await page.getByRole('heading', { name: EXPERIMENT, level: 1 }).waitFor();
    const table = page.getByRole('table', { name: 'Comparison' });
    await table.getByTestId('comparison-row').nth(1).waitFor({ timeout: 15_000 });
    await expect(table.getByRole('columnheader', { name: /loss/ }).count()).resolves.toBe(1);
    await expect(table.getByRole('columnheader', { name: 'Learning rate' }).count()).resolves.toBe(1);

    // The highlighted loss is the smaller of the two final losses the API reports.
    const { experiment } = await stack.graphql.data<{ experiment: { comparison: { rows: { finalMetrics: { name: string; value: number }[] }[] } } }>(
      'query ($id: ID!) { experiment(id: $id) { comparison { rows { finalMetrics { name value } } } } }',
      { id: experimentId },
      { token },
    );
    const losses = experiment.comparison.rows.map((r) => r.finalMetrics.find((m) => m.name === 'loss')!.value);
    expect(losses).toHaveLength(2);
    const best = table.locator('td[data-metric="loss"][data-best="true"]');
    await expect(best.count()).resolves.toBe(1);
    await expect(best.textContent()).resolves.toContain(Math.min(...losses).toFixed(4));
    await expect(page.getByRole('button', { name: `Star ${EXPERIMENT}` }).getAttribute('aria-pressed')).resolves.toBe('true');
    await expect(page.getByTestId('job-row').count()).resolves.toBe(2);
    await screenshot('experiment');
  }, 120_000);

  it('shows a guest "New project" disabled with the reason', async () => {
    const guest = await logIn(browser, origin, 'guest@example.com');
    try {
      await guest.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Projects' }).click();
      const button = guest.page.getByRole('button', { name: 'New project' });
      await button.waitFor();
      expect(await button.isDisabled()).toBe(true);
      await expect(button.getAttribute('title')).resolves.toMatch(/read-only/);
      await expect(guest.page.getByTestId('denial-hint').textContent()).resolves.toMatch(/Standard engineer role or higher/);
    } finally {
      await guest.close();
    }
  }, 30_000);

  it('shows a guest "New dataset" and Deploy disabled with the reason, and the new-dataset page by address says why instead of a form', async () => {
    const guest = await logIn(browser, origin, 'guest@example.com');
    try {
      const { page } = guest;
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Datasets' }).click();
      const newDataset = page.getByRole('button', { name: 'New dataset' });
      await newDataset.waitFor();
      expect(await newDataset.isDisabled()).toBe(true);
      await expect(page.getByTestId('denial-hint').textContent()).resolves.toBe(
        'Guests have read-only access: creating a dataset needs the Standard engineer role or higher.',
      );
      await page.goto(`${origin}/datasets/new`);
      await expect(page.getByTestId('upload-denied').textContent()).resolves.toBe(
        'Guests have read-only access: creating a dataset needs the Standard engineer role or higher.',
      );
      expect(await page.getByRole('button', { name: 'Create and upload' }).count()).toBe(0);

      await page.goto(`${origin}/deployments`);
      const deploy = page.getByRole('button', { name: 'Deploy' });
      await deploy.waitFor();
      expect(await deploy.isDisabled()).toBe(true);
      await expect(page.getByTestId('denial-hint').textContent()).resolves.toBe(
        'Guests have read-only access: this needs the Standard engineer role or higher.',
      );
    } finally {
      await guest.close();
    }
  }, 30_000);

  it('offers in the new-job form only projects where the user may start jobs, not those they only view', async () => {
    const inspection = stableId('prj', 'inspection');
    const manager = await stack.login('manager@example.com');
    await stack.graphql.data(
      'mutation ($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u, role: "viewer") { role } }',
      {
        p: inspection,
        u: stack.userIds.standard_engineer,
      },
      { token: manager },
    );
    await page.goto(`${origin}/projects`);
    const viewed = page.getByRole('row').filter({ hasText: 'Surface defect inspection' });
    await expect(viewed.getByTestId('project-role').textContent()).resolves.toBe('Viewer');

    await page.goto(`${origin}/jobs/new`);
    const select = page.getByLabel('Project');
    await select.locator(`option[value="${projectId}"]`).waitFor({ state: 'attached', timeout: 15_000 });
    const offered = await select.locator('option').allTextContents();
    expect(offered).toEqual(expect.arrayContaining([PROJECT, 'Warehouse object detection']));
    expect(offered).not.toContain('Surface defect inspection');
  }, 30_000);

  it('lets a manager add a member with a project role, change the role and remove them; a standard engineer sees no such controls', async () => {
    const managerToken = await stack.login('manager@example.com');
    const { createProject } = await stack.graphql.data<{ createProject: { id: string } }>(
      'mutation ($input: CreateProjectInput!) { createProject(input: $input) { id } }',
      { input: { name: 'Loading-dock safety' } },
      { token: managerToken },
    );
    const url = `${origin}/projects/${encodeURIComponent(createProject.id)}`;
    const engineer = 'standard_engineer@example.com';
    const manager = await logIn(browser, origin, 'manager@example.com');
    try {
      const mp = manager.page;
      await mp.goto(url);
      await mp.getByText('Only the owner so far.').waitFor({ timeout: 15_000 });

      await mp.getByRole('button', { name: 'Add member' }).click();
      await mp.getByLabel('Find a user').fill('standard_engineer');
      await mp
        .getByLabel('User', { exact: true })
        .locator(`option[value="${stack.userIds.standard_engineer}"]`)
        .waitFor({ state: 'attached', timeout: 15_000 });
      await mp.getByLabel('User', { exact: true }).selectOption(stack.userIds.standard_engineer);
      await mp.getByLabel('Project role', { exact: true }).selectOption('viewer');
      await screenshot('add-member', mp);
      await mp.getByRole('button', { name: 'Add to project' }).click();
      const row = mp.locator(`[data-testid="member-row"][data-email="${engineer}"]`);
      await mp.locator(`[data-testid="member-row"][data-email="${engineer}"][data-role="viewer"]`).waitFor({ timeout: 15_000 });
      await expect(row.getByLabel(`Project role of ${engineer}`).inputValue()).resolves.toBe('viewer');
      await screenshot('members', mp);

      await row.getByLabel(`Project role of ${engineer}`).selectOption('member');
      await mp.getByRole('dialog').getByRole('button', { name: 'Change role' }).click();
      await mp.locator(`[data-testid="member-row"][data-email="${engineer}"][data-role="member"]`).waitFor({ timeout: 15_000 });
      await expect(mp.getByRole('dialog').count()).resolves.toBe(0);

      // A standard engineer, now a member, sees the same table without the controls.
      await page.goto(url);
      const own = page.locator(`[data-testid="member-row"][data-email="${engineer}"]`);
      await own.waitFor({ timeout: 15_000 });
      await expect(own.getByRole('cell').first().textContent()).resolves.toBe('Member');
      await page.getByText('Only managers and admins can add or remove project members.').waitFor();
      await expect(page.getByRole('button', { name: 'Add member' }).count()).resolves.toBe(0);
      await expect(page.getByRole('combobox', { name: /Project role of/ }).count()).resolves.toBe(0);
      await expect(page.getByRole('button', { name: /^Remove/ }).count()).resolves.toBe(0);
      await screenshot('members-read-only');

      await row.getByRole('button', { name: `Remove ${engineer} from the project` }).click();
      await mp.getByRole('dialog').getByRole('button', { name: 'Remove' }).click();
      await mp.getByText('Only the owner so far.').waitFor({ timeout: 15_000 });
      await expect(mp.getByTestId('member-row').count()).resolves.toBe(0);
    } finally {
      await manager.close();
    }
  }, 60_000);

  it('says a project that does not exist is not available', async () => {
    await page.goto(`${origin}/projects/prj_does_not_exist`);
    await page.getByTestId('not-available').filter({ hasText: 'does not exist, or you do not have permission to see it' }).waitFor({ timeout: 15_000 });
  }, 30_000);
});
