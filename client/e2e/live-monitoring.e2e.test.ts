/**
 * Watching a run in Chromium, with a worker played by hand over the worker protocol so the test
 * decides what is reported and how fast: the job page's uPlot charts (one per metric, hover values,
 * live append), the system panel, the windowed log viewer (10,000+ lines, follow, search, level
 * filter, download), the Labeler calls a watched job costs (none per event), and a jobs list that
 * shows a job created through the API without a reload.
 */
import { readFile } from 'node:fs/promises';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { Stack } from '../../test/harness/stack';
import { stableId } from '../../subgraphs/platform/seed';
import { shouldRunBrowserTests } from './browser';
import { startConsoleSuite, type ConsoleSuite } from './console-suite';
import { jobRow, logIn, settleSubscription, type ConsoleSession } from './pages';
import { callWorker } from '../../test/harness/worker-call';

const suite = shouldRunBrowserTests() ? describe : describe.skip;
const PUBLIC_COCO = 'ds_3f9a1c7e5b2d4f60';
const INSPECTION = stableId('prj', 'inspection');
const WORKER = 'hand-worker-e2e';

suite('live monitoring in the console', () => {
  let consoleSuite: ConsoleSuite | undefined;
  let stack: Stack;
  let browser: Browser;
  let session: ConsoleSession;
  let token: string;

  beforeAll(async () => {
    ({ stack, browser } = consoleSuite = await startConsoleSuite());
    token = await stack.login('advanced_engineer@example.com');
    session = await logIn(browser, consoleSuite.origin, 'advanced_engineer@example.com');
  }, 240_000);

  afterAll(async () => {
    await consoleSuite?.close([session]);
  });

  const worker = async (path: string, body: Record<string, unknown>) => (await callWorker(stack.worker, WORKER, path, body))!;

  async function createJob(name: string, extra: Record<string, unknown> = {}): Promise<string> {
    const { createTrainingJob } = await stack.graphql.data<{ createTrainingJob: { id: string } }>(
      'mutation($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }',
      { input: { projectId: INSPECTION, datasetId: PUBLIC_COCO, name, ...extra } },
      { token },
    );
    return createTrainingJob.id;
  }

  /** A new reference job, claimed by the hand-played worker (the only queued reference job). */
  async function runningJob(name: string): Promise<string> {
    const id = await createJob(name, { config: JSON.stringify({ epochs: 500 }) });
    const claim = await worker('/jobs/claim', { frameworks: ['reference'], tasks: ['classification'] });
    expect((claim.job as { id: string }).id).toBe(id);
    return id;
  }

  const report = (jobId: string, body: Record<string, unknown>) => worker(`/jobs/${jobId}/events`, body);

  async function openJob(page: Page, jobId: string) {
    await page.goto(`${consoleSuite!.origin}/jobs/${jobId}`);
    await page.getByRole('heading', { level: 1 }).waitFor({ timeout: 15_000 });
  }

  it('draws one uPlot chart per metric, appends live points, shows values on hover and the system panel, and costs no Labeler call per event', async () => {
    const { page } = session;
    const jobId = await runningJob('charts and system');
    await report(jobId, {
      metrics: Array.from({ length: 3 }, (_, epoch) => [
        { name: 'loss', epoch, value: 2 / (epoch + 1) },
        { name: 'accuracy', epoch, value: 0.3 + epoch * 0.01 },
        { name: 'lr', epoch, value: 0.01 },
      ]).flat(),
      system: [{ cpuPercent: 150, memoryBytes: 2e9 }],
    });
    await openJob(page, jobId);
    for (const name of ['loss', 'accuracy', 'lr']) await page.locator(`[data-testid="metric-chart-${name}"] canvas`).first().waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="metric-chart-loss"][data-points="3"]').waitFor({ timeout: 10_000 });
    await settleSubscription();
    const labelerBefore = stack.labeler.stats.requests;

    // 60 events: progress, three metrics and a system sample each, 20 per second.
    for (let epoch = 3; epoch < 63; epoch++) {
      await report(jobId, {
        progress: { epoch, totalEpochs: 500, percent: epoch / 5 },
        metrics: [
          { name: 'loss', epoch, value: 2 / (epoch + 1) },
          { name: 'accuracy', epoch, value: 0.3 + epoch * 0.01 },
          { name: 'lr', epoch, value: 0.01 },
        ],
        system: [{ cpuPercent: 100 + epoch, memoryBytes: 2e9 + epoch * 1e6, gpuPercent: 90, gpuMemoryBytes: 8e9 }],
      });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    await page.locator('[data-testid="metric-chart-loss"][data-points="63"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="metric-chart-lr"][data-points="63"]').waitFor({ timeout: 15_000 });
    await page.getByTestId('job-progress').filter({ hasText: 'Epoch 62 of' }).waitFor({ timeout: 15_000 });
    // Status and progress came from the events, the series from the delta streams: the dataset was
    // resolved when the page loaded and never again.
    expect(stack.labeler.stats.requests - labelerBefore).toBe(0);

    // Live values are not "final"; the system panel shows the latest sample and the GPU once reported.
    await expect(page.getByTestId('job-metrics').count()).resolves.toBe(0);
    await page.getByTestId('system-cpu').filter({ hasText: '162.0 %' }).waitFor({ timeout: 10_000 });
    await page.getByTestId('system-gpu').filter({ hasText: '90.0 %' }).waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('system-memory').textContent()).resolves.toBe('2062.0 MB');
    await page.locator('[data-testid="system-chart-usage"] canvas').first().waitFor();

    // Hovering the loss chart puts the values under the cursor into its legend (raw and smoothed).
    const chart = page.getByTestId('metric-chart-loss');
    const over = chart.locator('.u-over');
    const box = (await over.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const values = chart.locator('.u-legend .u-series .u-value');
    await expect(values.count()).resolves.toBe(3);
    let texts: string[] = [];
    const deadline = Date.now() + 5_000;
    while (!/^\d\.\d+$/.test(texts[1] ?? '') && Date.now() < deadline) {
      texts = await values.allTextContents();
      await page.waitForTimeout(100);
    }
    expect(texts[0]).toMatch(/^\d+$/);
    expect(texts[1]).toMatch(/^\d\.\d+$/);
    expect(texts[2]).toMatch(/^\d\.\d+$/);

    // Ended: "Final metrics" appear with the last value of each metric, and the duration is fixed.
    await worker(`/jobs/${jobId}/complete`, {});
    await page.getByTestId('job-status').filter({ hasText: 'COMPLETED' }).waitFor({ timeout: 15_000 });
    await page.getByTestId('job-metrics').filter({ hasText: 'loss 0.03175' }).waitFor({ timeout: 10_000 });
    await expect(page.getByTestId('job-metrics').textContent()).resolves.toBe('accuracy 0.92 · loss 0.03175 · lr 0.01');
    await expect(page.getByTestId('job-finished').textContent()).resolves.toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    expect(stack.labeler.stats.requests - labelerBefore).toBe(0);
    expect(session.cspViolations).toEqual([]);
  }, 120_000);

  it('draws 10,000 points of one metric, appends to them live, and redraws when the smoothing changes', async () => {
    const { page } = session;
    const jobId = await runningJob('ten thousand points');
    const points = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({
        name: 'loss',
        epoch: Math.floor((from + i) / 100),
        step: from + i,
        value: 1 / Math.sqrt(from + i + 1) + Math.sin(from + i) / 50,
      }));
    for (let from = 0; from < 10_000; from += 1000) await report(jobId, { metrics: points(from, 1000) });
    const opened = Date.now();
    await openJob(page, jobId);
    const chart = page.locator('[data-testid="metric-chart-loss"]');
    await page.locator('[data-testid="metric-chart-loss"][data-points="10000"]').waitFor({ timeout: 30_000 });
    const loadedMs = Date.now() - opened;
    // Steps are reported, so the x-axis can switch to them.
    await page.getByLabel('x-axis').selectOption('step');
    await chart.locator('.u-legend .u-series').first().locator('.u-label').filter({ hasText: 'step' }).waitFor({ timeout: 5_000 });
    await chart.locator('.uplot').evaluate((root) => root.setAttribute('data-mark', 'before-append'));
    const appended = Date.now();
    await report(jobId, { metrics: points(10_000, 50) });
    await page.locator('[data-testid="metric-chart-loss"][data-points="10050"]').waitFor({ timeout: 10_000 });
    const appendMs = Date.now() - appended;
    // The same uPlot instance: appending handed the arrays to setData instead of building a new chart.
    await expect(chart.locator('.uplot[data-mark="before-append"] canvas').count()).resolves.toBe(1);
    // Smoothing 0 shows the raw series only; any other weight adds the smoothed line.
    await expect(chart.locator('.u-legend .u-series').count()).resolves.toBe(3);
    await page.getByLabel('Smoothing').fill('0');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="metric-chart-loss"] .u-legend .u-series').length === 2);
    await page.getByLabel('Smoothing').fill('0.9');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="metric-chart-loss"] .u-legend .u-series').length === 3);
    const box = (await chart.locator('.u-over').boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2);
    await page.waitForFunction(() => /^\d+$/.test(document.querySelector('[data-testid="metric-chart-loss"] .u-legend .u-series .u-value')?.textContent ?? ''));
    // Figures, not assertions: how long the page took to show 10,000 points and to append 50 more.
    console.log(`10,000-point chart: shown ${loadedMs} ms after navigation; 50 appended points shown ${appendMs} ms after the report`);
    await worker(`/jobs/${jobId}/complete`, {});
  }, 120_000);

  it('keeps 12,000 log lines in a windowed viewer that follows the tail, searches, filters and downloads them all', async () => {
    const { page } = session;
    const jobId = await runningJob('many log lines');
    const lines = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => {
        const n = from + i;
        return { level: n % 100 === 0 ? 'ERROR' : 'INFO', message: n % 1000 === 7 ? `line ${n} needle in the haystack` : `line ${n}` };
      });
    for (let from = 0; from < 12_000; from += 1000) await report(jobId, { logs: lines(from, 1000) });
    await openJob(page, jobId);
    const logs = page.getByTestId('job-logs');
    await page.getByTestId('log-count').filter({ hasText: '12000 lines' }).waitFor({ timeout: 30_000 });
    // Following the tail: the newest line is on screen, and only a window of rows is in the DOM.
    await logs.getByText('line 11999', { exact: true }).waitFor({ timeout: 10_000 });
    const rows = await logs.getByTestId('log-row').count();
    expect(rows).toBeGreaterThan(10);
    expect(rows).toBeLessThan(80);

    await report(jobId, { logs: lines(12_000, 10) });
    await logs.getByText('line 12009', { exact: true }).waitFor({ timeout: 10_000 });

    // Scrolled up, the view stays where the user put it while lines arrive; "Jump to latest" goes back.
    await logs.evaluate((element) => {
      element.scrollTop = 0;
      element.dispatchEvent(new Event('scroll'));
    });
    await page.getByRole('button', { name: 'Jump to latest' }).waitFor({ timeout: 5_000 });
    await report(jobId, { logs: lines(12_010, 10) });
    await page.getByTestId('log-count').filter({ hasText: '12020 lines' }).waitFor({ timeout: 10_000 });
    await logs.getByText('line 0', { exact: true }).waitFor();
    await expect(logs.getByText('line 12019', { exact: true }).count()).resolves.toBe(0);
    await page.getByRole('button', { name: 'Jump to latest' }).click();
    await logs.getByText('line 12019', { exact: true }).waitFor({ timeout: 5_000 });
    await expect(logs.getAttribute('data-following')).resolves.toBe('true');

    // Search keeps the matching lines and highlights the match.
    await page.getByLabel('Search logs').fill('NEEDLE');
    await page.getByTestId('log-count').filter({ hasText: '13 of 12020 lines' }).waitFor({ timeout: 5_000 });
    await expect(logs.locator('mark').count()).resolves.toBe(13);
    await expect(logs.locator('mark').first().textContent()).resolves.toBe('needle');
    await page.getByLabel('Search logs').fill('');
    await page.getByLabel('Log level').selectOption('ERROR');
    await page.getByTestId('log-count').filter({ hasText: '121 of 12020 lines' }).waitFor({ timeout: 5_000 });
    await page.getByLabel('Log level').selectOption('');

    // Download: every line, not only those in view.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    expect(download.suggestedFilename()).toBe('many_log_lines.log');
    const text = await readFile((await download.path())!, 'utf8');
    const saved = text.trimEnd().split('\n');
    expect(saved).toHaveLength(12_020);
    expect(saved[0]).toMatch(/ERROR {3}line 0$/);
    expect(saved[12_019]).toMatch(/INFO {4}line 12019$/);
    await worker(`/jobs/${jobId}/complete`, {});
  }, 120_000);

  it("shows a log message of several lines on one row per line, and a failed job's traceback line by line", async () => {
    const { page } = session;
    const jobId = await runningJob('traceback');
    const traceback = ['Traceback (most recent call last):', '  File "train.py", line 3, in <module>', 'RuntimeError: CUDA out of memory'];
    await report(jobId, {
      logs: [
        { level: 'INFO', message: 'epoch 1/3 done' },
        // As a Python trainer writes it: in colour.
        { level: 'ERROR', message: `\u001b[31m${traceback[0]}\u001b[0m\n${traceback[1]}\n\u001b[1m${traceback[2]}\u001b[0m` },
        { level: 'INFO', message: 'cleaning up' },
      ],
    });
    await openJob(page, jobId);
    const logs = page.getByTestId('job-logs');
    await page.getByTestId('log-count').filter({ hasText: '3 lines' }).waitFor({ timeout: 15_000 });
    // Five rows for three log lines: each line of the traceback on its own, in order, then the next line.
    const rowTexts = async () => (await logs.getByTestId('log-row').allTextContents()).map((text) => text.trimEnd());
    const rows = await rowTexts();
    expect(rows).toHaveLength(5);
    expect(rows[1]).toMatch(/ERROR {3}Traceback \(most recent call last\):$/);
    expect(rows.slice(2, 4)).toEqual([`${' '.repeat(17)}${traceback[1]}`, `${' '.repeat(17)}${traceback[2]}`]);
    expect(rows[4]).toMatch(/INFO {4}cleaning up$/);

    // A search that matches the message keeps all its rows, the match highlighted where it is.
    await page.getByLabel('Search logs').fill('cuda');
    await page.getByTestId('log-count').filter({ hasText: '1 of 3 lines' }).waitFor({ timeout: 5_000 });
    await expect(logs.getByTestId('log-row').count()).resolves.toBe(3);
    await expect(logs.locator('mark').textContent()).resolves.toBe('CUDA');
    await page.getByLabel('Search logs').fill('');

    await worker(`/jobs/${jobId}/fail`, { reason: `\u001b[31m${traceback.join('\n')}\u001b[0m\n` });
    const error = page.getByTestId('job-error');
    await error.waitFor({ timeout: 15_000 });
    await expect(error.innerText()).resolves.toBe(traceback.join('\n'));
  }, 60_000);

  it('holds 100,000 log lines with a bounded DOM and searches them (figures printed)', async () => {
    const { page } = session;
    const jobId = await runningJob('hundred thousand lines');
    const started = Date.now();
    for (let from = 0; from < 100_000; from += 2000) {
      await report(jobId, {
        logs: Array.from({ length: 2000 }, (_, i) => ({ level: 'INFO', message: `step ${from + i} loss ${(1 / (from + i + 1)).toFixed(6)}` })),
      });
    }
    const storedMs = Date.now() - started;
    const opened = Date.now();
    await openJob(page, jobId);
    await page.getByTestId('log-count').filter({ hasText: '100000 lines' }).waitFor({ timeout: 120_000 });
    const shownMs = Date.now() - opened;
    const logs = page.getByTestId('job-logs');
    await logs.getByText('step 99999 loss 0.000010', { exact: true }).waitFor({ timeout: 10_000 });
    await expect(logs.getByTestId('log-row').count()).resolves.toBeLessThan(80);
    const searching = Date.now();
    await page.getByLabel('Search logs').fill('step 4242');
    await page.getByTestId('log-count').filter({ hasText: '11 of 100000 lines' }).waitFor({ timeout: 10_000 });
    const searchMs = Date.now() - searching;
    await expect(logs.locator('mark').count()).resolves.toBe(11);
    await page.getByLabel('Search logs').fill('');
    // Scrolling to the middle renders that window only.
    await logs.evaluate((element) => {
      element.scrollTop = element.scrollHeight / 2;
      element.dispatchEvent(new Event('scroll'));
    });
    await logs
      .getByText(/^step 5\d{4} /)
      .first()
      .waitFor({ timeout: 5_000 });
    await expect(logs.getByTestId('log-row').count()).resolves.toBeLessThan(80);
    console.log(`100,000 log lines: stored in ${storedMs} ms; all shown ${shownMs} ms after navigation; a search over them answered in ${searchMs} ms`);
    await worker(`/jobs/${jobId}/complete`, {});
  }, 240_000);

  it('overlays the runs of an experiment for a chosen metric, with run pickers, and keeps config and metrics apart in the comparison', async () => {
    const { page } = session;
    const { createExperiment } = await stack.graphql.data<{ createExperiment: { id: string } }>(
      'mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }',
      { input: { projectId: INSPECTION, name: 'overlay' } },
      { token },
    );
    const runs: string[] = [];
    for (const [index, name] of ['run a', 'run b'].entries()) {
      const id = await createJob(name, { experimentId: createExperiment.id, config: JSON.stringify({ epochs: 20 }) });
      const claim = await worker('/jobs/claim', { frameworks: ['reference'], tasks: ['classification'] });
      expect((claim.job as { id: string }).id).toBe(id);
      await report(id, {
        metrics: Array.from({ length: 20 }, (_, epoch) => [
          { name: 'loss', epoch, value: (index + 1) / (epoch + 1) },
          // A metric named like a configuration key: it belongs to the metrics group, not the config one.
          { name: 'epochs', epoch, value: epoch },
          { name: 'accuracy', epoch, value: 0.5 + index * 0.1 + epoch * 0.01 },
        ]).flat(),
      });
      await worker(`/jobs/${id}/complete`, {});
      runs.push(id);
    }
    await page.goto(`${consoleSuite!.origin}/experiments/${createExperiment.id}`);
    const chart = page.getByTestId('experiment-curves-chart');
    await chart.locator('canvas').first().waitFor({ timeout: 15_000 });
    const legendRows = chart.locator('.u-legend .u-series');
    // Each run's series arrives with its own query: the chart may first draw with one of them.
    await page
      .waitForFunction(() => document.querySelectorAll('[data-testid="experiment-curves-chart"] .u-legend .u-series').length >= 3, null, { timeout: 15_000 })
      .catch(() => undefined);
    await expect(legendRows.count()).resolves.toBe(3); // x + two runs
    await expect(chart.locator('.u-title').textContent()).resolves.toBe('loss');
    await page.getByLabel('Show run a').uncheck();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="experiment-curves-chart"] .u-legend .u-series').length === 2);
    await expect(legendRows.nth(1).locator('.u-label').textContent()).resolves.toBe('run b');
    await page.getByLabel('Metric to compare').selectOption('accuracy');
    await chart.locator('.u-title').filter({ hasText: 'accuracy' }).waitFor({ timeout: 10_000 });

    const table = page.getByRole('table', { name: 'Comparison' });
    await expect(table.getByTestId('column-group').allTextContents()).resolves.toEqual(['config', 'metrics']);
    await expect(table.locator('td[data-config="epochs"]').count()).resolves.toBe(2);
    await expect(table.locator('td[data-metric="epochs"]').count()).resolves.toBe(2);
    await expect(table.locator('td[data-config="epochs"]').first().textContent()).resolves.toBe('20');
    await expect(table.locator('td[data-metric="epochs"]').first().textContent()).resolves.toMatch(/^19\b/);
  }, 90_000);

  it('shows a job created through the API in the open jobs list without a reload, with its creation time', async () => {
    const { page } = session;
    await page.goto(`${consoleSuite!.origin}/`);
    await page.getByTestId('job-row').first().waitFor({ timeout: 15_000 });
    const jobId = await createJob('appears by itself', { framework: 'ultralytics', model: 'yolov8n' });
    await jobRow(page, jobId).waitFor({ timeout: 20_000 });
    await expect(jobRow(page, jobId).getByTestId('job-created').textContent()).resolves.toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d/);
  }, 60_000);
});
