/**
 * The console and the explorer in Chromium against the whole stack (real PostgreSQL, S3, Labeler,
 * subgraphs and gateway, started in-process): login, the seeded jobs with data from three
 * subgraphs and the Labeler, live updates over graphql-ws, role-aware cancelling, the offline explorer.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { Stack } from '../../test/harness/stack';
import { callWorker } from '../../test/harness/worker-call';
import { stableId } from '../../subgraphs/platform/seed';
import { CancelJobDocument } from '../src/gql/graphql';
import { addQueuedJob } from './arrange';
import { shouldRunBrowserTests } from './browser';
import { startConsoleSuite, type ConsoleSuite } from './console-suite';
import { ACTIVE_STATUSES, jobRow, logIn, settleSubscription, subscribedTo, waitUntil, watchCspViolations, watchSockets, type ConsoleSession } from './pages';

const suite = shouldRunBrowserTests() ? describe : describe.skip;

interface ListedJob {
  id: string;
  name: string;
  status: string;
  owner: { email: string };
  dataset: { name: string } | null;
}
const LIST_JOBS = '{ trainingJobs(first: 20) { nodes { id name status owner { email } dataset { name } } } }';

suite('web console and explorer in Chromium', () => {
  let consoleSuite: ConsoleSuite | undefined;
  let stack: Stack;
  let browser: Browser;
  let origin: string;
  let adminToken: string;
  let seededJobs: ListedJob[];
  let guestJobOnPrivateDataset: string;
  let admin: ConsoleSession;
  const sessions: ConsoleSession[] = [];

  beforeAll(async () => {
    ({ stack, browser, origin } = consoleSuite = await startConsoleSuite());
    await addQueuedJob(stack.dbUrls.platform, { ownerId: stack.userIds.guest, datasetId: stack.datasetIds[0] ?? null, name: 'guest-visible-queued' });
    // The guest's own job on a private dataset of another user: the guest may see the job, not the dataset.
    guestJobOnPrivateDataset = await addQueuedJob(stack.dbUrls.platform, {
      ownerId: stack.userIds.guest,
      datasetId: stack.datasetIds[1] ?? null,
      name: 'guest-job-on-private-dataset',
    });
    adminToken = await stack.login('admin@example.com');
    seededJobs = (await stack.graphql.data<{ trainingJobs: { nodes: ListedJob[] } }>(LIST_JOBS, {}, { token: adminToken })).trainingJobs.nodes;
  }, 240_000);

  afterAll(async () => {
    await consoleSuite?.close(sessions);
  });

  const activeJobs = () => seededJobs.filter((job) => ACTIVE_STATUSES.includes(job.status) && job.owner.email !== 'guest@example.com');

  describe('console', () => {
    it('shows an admin every seeded job with its owner e-mail and dataset name after logging in', async () => {
      expect(seededJobs.length).toBeGreaterThan(0);
      admin = await logIn(browser, origin, 'admin@example.com');
      sessions.push(admin);
      await expect(admin.page.getByTestId('current-user').textContent()).resolves.toContain('Admin');

      for (const job of seededJobs) {
        const row = jobRow(admin.page, job.id);
        await expect(row.getByTestId('job-status').textContent()).resolves.toBe(job.status);
        await expect(row.getByTestId('job-owner').textContent()).resolves.toBe(job.owner.email);
        expect(job.dataset?.name).toBeTruthy();
        await expect(row.getByTestId('job-dataset').textContent()).resolves.toBe(job.dataset?.name);
      }
      // Jobs of several owners and datasets: the page joins users, platform and the Labeler.
      expect(new Set(seededJobs.map((job) => job.owner.email)).size).toBeGreaterThan(1);
      // CONSOLE_SCREENSHOT=/tmp/console.png npm test -- client  → a picture of the page to look at.
      if (process.env.CONSOLE_SCREENSHOT) await admin.page.screenshot({ path: process.env.CONSOLE_SCREENSHOT, fullPage: true });
      expect(admin.cspViolations).toEqual([]);
    });

    it('keeps each header link and progress label on one line at laptop widths', async () => {
      /** How many lines the element's text takes (distinct tops of its text's boxes). */
      const linesOf = (el: Element) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        return new Set([...range.getClientRects()].map((box) => Math.round(box.top))).size;
      };
      const wrapped: string[] = [];
      try {
        // Laptop widths; narrower ones move whole links to a second row, never half a link.
        for (const width of [1100, 1280, 1400]) {
          await admin.page.setViewportSize({ width, height: 900 });
          for (const selector of ['nav[aria-label="Main"] a', '.progress-text']) {
            const entries = await admin.page.locator(selector).evaluateAll((elements, measure) => {
              const lines = new Function(`return ${measure}`)() as (el: Element) => number;
              return elements.map((element) => ({ text: element.textContent ?? '', lines: lines(element) }));
            }, linesOf.toString());
            expect(entries.length).toBeGreaterThan(0);
            for (const entry of entries) if (entry.lines !== 1) wrapped.push(`${width} px: "${entry.text}" on ${entry.lines} lines`);
          }
        }
        expect(wrapped).toEqual([]);
      } finally {
        await admin.page.setViewportSize({ width: 1280, height: 720 });
      }
    });

    it('shows a guest the Cancel button disabled, with the reason, on their running jobs', async () => {
      const guest = await logIn(browser, origin, 'guest@example.com');
      sessions.push(guest);
      const cancel = guest.page.getByRole('button', { name: /^Cancel / }).first();
      await cancel.waitFor();
      expect(await cancel.isDisabled()).toBe(true);
      await expect(cancel.getAttribute('title')).resolves.toMatch(/read-only/i);
      await expect(
        guest.page
          .getByText(/Guests have read-only access/)
          .first()
          .isVisible(),
      ).resolves.toBe(true);
    });

    it('says a dataset the viewer may not read is "not visible", not "unavailable", in the list and on the job page', async () => {
      const guest = await logIn(browser, origin, 'guest@example.com');
      sessions.push(guest);
      const cell = jobRow(guest.page, guestJobOnPrivateDataset).getByTestId('job-dataset');
      await expect(cell.textContent()).resolves.toBe('not visible');
      await expect(cell.locator('span').getAttribute('title')).resolves.toBe('This dataset does not exist or is not visible to you.');
      await guest.page.goto(`${origin}/jobs/${guestJobOnPrivateDataset}`);
      const facts = guest.page.locator('dt', { hasText: /^Dataset$/ }).locator('xpath=following-sibling::dd[1]');
      await expect(facts.textContent()).resolves.toBe('not visible');
    });

    it('sends a visitor with an invalid token back to the login page with a message', async () => {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${origin}/`);
      await page.evaluate(() => localStorage.setItem('vpg.accessToken', 'not-a-valid-token'));
      await page.reload();
      await page
        .getByRole('status')
        .filter({ hasText: /session has expired or is no longer valid/ })
        .waitFor();
      await expect(page.getByRole('button', { name: 'Log in' }).isVisible()).resolves.toBe(true);
      await expect(page.evaluate(() => localStorage.getItem('vpg.accessToken'))).resolves.toBeNull();
      await context.close();
    });

    it('turns a job cancelled through the API to CANCELLED, live, in the console and in an explorer subscription', async () => {
      const job = activeJobs()[0];
      if (!job) throw new Error('The seed has no QUEUED or RUNNING job outside the guest account.');
      const explorer = await openExplorerSubscription(admin.page, job.id);

      await waitUntil(`the console to subscribe to job ${job.id}`, subscribedTo(admin.sockets, job.id));
      await waitUntil(`the explorer to subscribe to job ${job.id}`, subscribedTo(explorer.sockets, job.id));
      await settleSubscription();
      let navigations = 0;
      admin.page.on('framenavigated', () => navigations++);

      const cancelled = stack.graphql.data(CancelJobDocument, { id: job.id }, { token: adminToken });
      await expect(cancelled.then((data) => data.cancelTrainingJob.status)).resolves.toBe('CANCELLED');

      await jobRow(admin.page, job.id).and(admin.page.locator('[data-status="CANCELLED"]')).waitFor({ timeout: 15_000 });
      await expect(jobRow(admin.page, job.id).getByTestId('job-status').textContent()).resolves.toBe('CANCELLED');
      expect(admin.sockets.received.some((frame) => frame.includes('"next"') && frame.includes('CANCELLED'))).toBe(true);
      expect(navigations).toBe(0);

      // The explorer's subscription selected owner { email }, a field of another subgraph.
      await explorer.page.locator('.graphiql-response').filter({ hasText: 'CANCELLED' }).waitFor({ timeout: 15_000 });
      await expect(explorer.page.locator('.graphiql-response').textContent()).resolves.toContain(job.owner.email);
      await explorer.page.close();
      // The console's and the explorer's live updates, editors and workers all within the Content-Security-Policy.
      expect(admin.cspViolations).toEqual([]);
    });

    it('cancels a queued or running job with its Cancel button', async () => {
      const job = activeJobs()[1];
      if (!job) throw new Error('The seed needs two QUEUED or RUNNING jobs outside the guest account.');
      const row = jobRow(admin.page, job.id);
      // Asked first: keeping it leaves the job running.
      await row.getByRole('button', { name: `Cancel ${job.name}` }).click();
      const dialog = admin.page.getByRole('dialog', { name: 'Cancel this job?' });
      await expect(dialog.textContent()).resolves.toContain(job.name);
      await dialog.getByRole('button', { name: 'Keep as is' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await expect(row.getAttribute('data-status')).resolves.not.toBe('CANCELLED');
      await row.getByRole('button', { name: `Cancel ${job.name}` }).click();
      await dialog.getByRole('button', { name: 'Cancel job' }).click();
      await row.and(admin.page.locator('[data-status="CANCELLED"]')).waitFor({ timeout: 15_000 });
      await expect(row.getByRole('button', { name: /^Cancel/ }).count()).resolves.toBe(0);
    });

    it('names the current page in the document title', async () => {
      const { page } = admin;
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Training jobs', exact: true }).click();
      await expect(page.title()).resolves.toBe('Training jobs · Vision Platform');
      await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Datasets', exact: true }).click();
      await page.getByRole('heading', { name: 'Datasets' }).waitFor();
      await expect(page.title()).resolves.toBe('Datasets · Vision Platform');
    });

    it('says "Page not found" for a path that is no page, with a way back', async () => {
      const { page } = admin;
      await page.goto(`${origin}/no/such/page`);
      const notFound = page.getByTestId('not-found');
      await notFound.waitFor({ timeout: 15_000 });
      await expect(notFound.getByRole('heading').textContent()).resolves.toBe('Page not found');
      await expect(notFound.textContent()).resolves.toContain('/no/such/page');
      await expect(page.title()).resolves.toBe('Page not found · Vision Platform');
      await expect(page.getByTestId('job-row').count()).resolves.toBe(0);
      await notFound.getByRole('link', { name: /Training jobs/ }).click();
      await page.getByTestId('job-row').first().waitFor();
    });

    it('fits every page and the header, Log out included, into a phone-wide viewport', async () => {
      const { experimentId, jobId } = await arrangeExperimentWithLoggedJob();
      const datasetId = stack.datasetIds[0]!;
      const phone = await logIn(browser, origin, 'admin@example.com');
      sessions.push(phone);
      const { page } = phone;
      await page.setViewportSize({ width: 375, height: 740 });
      const pages: Array<{ name: string; path: string; ready: () => Promise<void> }> = [
        { name: 'jobs', path: '/', ready: () => page.getByTestId('job-row').first().waitFor() },
        { name: 'job', path: `/jobs/${jobId}`, ready: () => page.getByTestId('log-count').filter({ hasText: '4 lines' }).waitFor({ timeout: 15_000 }) },
        { name: 'experiment', path: `/experiments/${experimentId}`, ready: () => page.getByTestId('comparison-row').first().waitFor({ timeout: 15_000 }) },
        {
          name: 'project',
          path: `/projects/${stableId('prj', 'detection')}`,
          ready: () => page.getByTestId('experiment-row').first().waitFor({ timeout: 15_000 }),
        },
        { name: 'datasets', path: '/datasets', ready: () => page.locator('table.datasets tbody tr').first().waitFor({ timeout: 15_000 }) },
        { name: 'dataset', path: `/datasets/${datasetId}`, ready: () => page.locator('.dataset-facts').waitFor({ timeout: 15_000 }) },
      ];
      const problems: string[] = [];
      for (const { name, path, ready } of pages) {
        await page.goto(`${origin}${path}`);
        await ready();
        // MOBILE_SCREENSHOTS=/tmp/mobile-shots npm test -- client/e2e/console  → pictures of the pages at phone width.
        if (process.env.MOBILE_SCREENSHOTS) await page.screenshot({ path: `${process.env.MOBILE_SCREENSHOTS}/${name}.png`, fullPage: true });
        const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
        if (scrollWidth > innerWidth) problems.push(`${name}: page is ${scrollWidth} px wide in a ${innerWidth} px viewport`);
        const logOut = page.getByRole('button', { name: 'Log out' });
        const box = await logOut.boundingBox();
        if (!(await logOut.isVisible()) || !box || box.x < 0 || box.x + box.width > 375) problems.push(`${name}: Log out is at ${JSON.stringify(box)}`);
        if (name === 'job') {
          // The log's own controls stay on screen; a long line scrolls inside the viewer, whole.
          const download = await page.getByRole('button', { name: 'Download' }).boundingBox();
          if (!download || download.x < 0 || download.x + download.width > 375) problems.push(`job: Download is at ${JSON.stringify(download)}`);
          const longRow = page.getByTestId('log-row').filter({ hasText: 'consider more workers' });
          const cut = await longRow.evaluate((row) => row.scrollWidth > row.clientWidth);
          const scrolls = await page.getByTestId('job-logs').evaluate((logs) => logs.scrollWidth > logs.clientWidth);
          if (cut || !scrolls) problems.push(`job: the long log line is ${cut ? 'cut off' : 'not scrollable'}`);
        }
      }
      expect(problems).toEqual([]);
      expect(phone.cspViolations).toEqual([]);
    }, 60_000);
  });

  describe('explorer', () => {
    it('loads GraphiQL at /explorer with every asset from the gateway and no failed request', async () => {
      const context = await browser.newContext();
      await context.addInitScript((token) => localStorage.setItem('vpg.accessToken', token), adminToken);
      const cspViolations = watchCspViolations(context);
      const page = await context.newPage();
      const foreign: string[] = [];
      const failed: string[] = [];
      page.on('request', (request) => {
        if (!request.url().startsWith(origin) && !request.url().startsWith('data:')) foreign.push(request.url());
      });
      page.on('requestfailed', (request) => failed.push(`${request.url()}: ${request.failure()?.errorText}`));
      page.on('response', (response) => {
        if (response.status() >= 400) failed.push(`${response.url()}: HTTP ${response.status()}`);
      });

      const introspection = page.waitForResponse((r) => r.url().endsWith('/graphql') && (r.request().postData() ?? '').includes('IntrospectionQuery'));
      await page.goto(`${origin}/explorer`);
      await page.locator('.graphiql-container').waitFor();
      await page.locator('.graphiql-query-editor .monaco-editor').waitFor();
      const schema = (await (await introspection).json()) as { data?: { __schema?: unknown } };
      expect(schema.data?.__schema).toBeTruthy();
      // Monaco starts its web workers lazily; give them time to be fetched before judging.
      await page.waitForTimeout(1_000);

      expect(foreign).toEqual([]);
      expect(failed).toEqual([]);
      expect(cspViolations).toEqual([]);
      await context.close();
    });
  });

  /**
   * An experiment in the detection project with one completed job that has metrics and log lines
   * (one much longer than a phone is wide), reported by a worker played by hand. The job is of a
   * framework and task no seeded queued job has, so the claim gets this job.
   */
  async function arrangeExperimentWithLoggedJob(): Promise<{ experimentId: string; jobId: string }> {
    const token = await stack.login('standard_engineer@example.com');
    const projectId = stableId('prj', 'detection');
    const { createExperiment } = await stack.graphql.data<{ createExperiment: { id: string } }>(
      'mutation ($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }',
      { input: { projectId, name: 'narrow screens', description: 'Jobs compared side by side.' } },
      { token },
    );
    const experimentId = createExperiment.id;
    const input = {
      projectId,
      datasetId: stack.datasetIds[0],
      experimentId,
      name: 'segmentation-with-a-rather-long-name-for-a-phone',
      framework: 'ultralytics',
      task: 'segmentation',
      config: JSON.stringify({ epochs: 2 }),
    };
    const { createTrainingJob } = await stack.graphql.data<{ createTrainingJob: { id: string } }>(
      'mutation ($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }',
      { input },
      { token },
    );
    const jobId = createTrainingJob.id;
    const worker = (path: string, body: Record<string, unknown>) => callWorker(stack.worker, 'narrow-screen-worker', path, body);
    let claimed: unknown = null;
    // The job's snapshot may still be copying; it is claimable once copied.
    for (const deadline = Date.now() + 15_000; !claimed && Date.now() < deadline;) {
      claimed = (await worker('/jobs/claim', { frameworks: ['ultralytics'], tasks: ['segmentation'] }))?.job ?? null;
      if (!claimed) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect((claimed as { id: string } | null)?.id).toBe(jobId);
    await worker(`/jobs/${jobId}/events`, {
      progress: { epoch: 1, totalEpochs: 2, percent: 100 },
      metrics: [0, 1].flatMap((epoch) => [
        { name: 'loss', epoch, value: 1 / (epoch + 1) },
        { name: 'mask_mAP50-95', epoch, value: 0.2 + epoch / 10 },
        { name: 'box_precision', epoch, value: 0.4 + epoch / 10 },
      ]),
      logs: [
        { level: 'INFO', message: 'epoch 1/2 done' },
        { level: 'WARNING', message: `dataloader: ${'slow image decode, '.repeat(12)}consider more workers` },
        { level: 'INFO', message: 'epoch 2/2 done' },
        { level: 'INFO', message: 'saved weights to /runs/segment/train/weights/best.pt' },
      ],
    });
    await worker(`/jobs/${jobId}/complete`, {});
    return { experimentId, jobId };
  }

  /** Opens the explorer (in the admin's context, so the token is prefilled) and runs a subscription. */
  async function openExplorerSubscription(consolePage: Page, jobId: string) {
    const page = await consolePage.context().newPage();
    const sockets = watchSockets(page);
    const query = 'subscription JobUpdates($id: ID!) { trainingJobUpdated(id: $id) { id status owner { email } } }';
    const params = new URLSearchParams({ query, variables: JSON.stringify({ id: jobId }) });
    await page.goto(`${origin}/explorer?${params}`);
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor();
    await page.locator('.graphiql-execute-button').click();
    return { page, sockets };
  }
});
