/**
 * Live series in Chromium that must survive time and the network: the experiment page's overlay
 * grows while a run of the experiment reports, and the job page's chart and log viewer show
 * exactly the stored series after the console's WebSocket was dropped mid-run (no gap, no
 * duplicate), resuming each delta stream from the last cursor it received. A worker is played by
 * hand over the worker protocol; the socket is closed from the page.
 */
import { readFile } from 'node:fs/promises';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import type { Stack } from '../../test/harness/stack';
import { stableId } from '../../subgraphs/platform/seed';
import { shouldRunBrowserTests } from './browser';
import { startConsoleSuite, type ConsoleSuite } from './console-suite';
import { logIn, settleSubscription, type ConsoleSession } from './pages';
import { callWorker } from '../../test/harness/worker-call';

const suite = shouldRunBrowserTests() ? describe : describe.skip;
const PUBLIC_COCO = 'ds_3f9a1c7e5b2d4f60';
const INSPECTION = stableId('prj', 'inspection');
const WORKER = 'hand-worker-resume';

/** Keeps every WebSocket the page opens in `window.__sockets`, so a test can drop them. */
async function trackSockets(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const Native = window.WebSocket;
    const sockets: WebSocket[] = [];
    (window as unknown as { __sockets: WebSocket[] }).__sockets = sockets;
    window.WebSocket = class extends Native {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols);
        sockets.push(this);
      }
    };
  });
}

suite('live series over time and reconnects', () => {
  let consoleSuite: ConsoleSuite | undefined;
  let stack: Stack;
  let browser: Browser;
  let session: ConsoleSession;
  let token: string;

  beforeAll(async () => {
    ({ stack, browser } = consoleSuite = await startConsoleSuite());
    token = await stack.login('advanced_engineer@example.com');
    session = await logIn(browser, consoleSuite.origin, 'advanced_engineer@example.com');
    await trackSockets(session.page);
  }, 240_000);

  afterAll(async () => {
    await consoleSuite?.close([session]);
  });

  const worker = async (path: string, body: Record<string, unknown>) => (await callWorker(stack.worker, WORKER, path, body))!;

  /** A new reference job, claimed by the hand-played worker (the only queued reference job). */
  async function runningJob(name: string, extra: Record<string, unknown> = {}): Promise<string> {
    const { createTrainingJob } = await stack.graphql.data<{ createTrainingJob: { id: string } }>(
      'mutation($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }',
      { input: { projectId: INSPECTION, datasetId: PUBLIC_COCO, name, config: JSON.stringify({ epochs: 500 }), ...extra } },
      { token },
    );
    const claim = await worker('/jobs/claim', { frameworks: ['reference'], tasks: ['classification'] });
    expect((claim.job as { id: string }).id).toBe(createTrainingJob.id);
    return createTrainingJob.id;
  }

  const report = (jobId: string, body: Record<string, unknown>) => worker(`/jobs/${jobId}/events`, body);
  /** Epochs `from` … `to - 1`: a loss point and a log line each. */
  const epochs = (from: number, to: number) => ({
    metrics: Array.from({ length: to - from }, (_, i) => ({ name: 'loss', epoch: from + i, value: 2 / (from + i + 1) })),
    logs: Array.from({ length: to - from }, (_, i) => ({ level: 'INFO', message: `epoch ${from + i} done` })),
  });

  it('grows the experiment overlay while a run of the experiment reports', async () => {
    const { page } = session;
    const { createExperiment } = await stack.graphql.data<{ createExperiment: { id: string } }>(
      'mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }',
      { input: { projectId: INSPECTION, name: 'live overlay' } },
      { token },
    );
    const done = await runningJob('finished run', { experimentId: createExperiment.id });
    await report(done, epochs(0, 10));
    await worker(`/jobs/${done}/complete`, {});
    const live = await runningJob('live run', { experimentId: createExperiment.id });
    await report(live, epochs(0, 5));

    await page.goto(`${consoleSuite!.origin}/experiments/${createExperiment.id}`);
    const chart = page.getByTestId('experiment-curves-chart');
    await chart.locator('canvas').first().waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="experiment-curves-chart"][data-points="10"]').waitFor({ timeout: 15_000 });
    await settleSubscription();

    // The live run reports 10 more epochs, in small steps: its curve grows past the finished one's.
    for (let from = 5; from < 15; from += 2) {
      await report(live, epochs(from, from + 2));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await page.locator('[data-testid="experiment-curves-chart"][data-points="15"]').waitFor({ timeout: 15_000 });
    await page.locator('[data-testid="run-picker"][data-points="15"]').filter({ hasText: 'live run' }).waitFor({ timeout: 5_000 });
    await expect(page.locator('[data-testid="run-picker"]').filter({ hasText: 'finished run' }).getAttribute('data-points')).resolves.toBe('10');
    // A metric first reported while the page is open can be chosen.
    await report(live, { metrics: [{ name: 'accuracy', epoch: 15, value: 0.75 }] });
    await page.getByLabel('Metric to compare').locator('option', { hasText: 'accuracy' }).waitFor({ state: 'attached', timeout: 10_000 });
    await page.getByLabel('Metric to compare').selectOption('accuracy');
    await page.locator('[data-testid="run-picker"][data-points="1"]').filter({ hasText: 'live run' }).waitFor({ timeout: 5_000 });
    await worker(`/jobs/${live}/complete`, {});
    expect(session.cspViolations).toEqual([]);
  }, 120_000);

  it('shows exactly the stored series after its WebSocket was dropped mid-run, resuming from the last cursor', async () => {
    const { page } = session;
    const jobId = await runningJob('dropped socket');
    await report(jobId, epochs(0, 20));
    await page.goto(`${consoleSuite!.origin}/jobs/${jobId}`);
    await page.locator('[data-testid="metric-chart-loss"][data-points="20"]').waitFor({ timeout: 15_000 });
    await page
      .getByTestId('log-count')
      .filter({ hasText: /^20 lines$/ })
      .waitFor({ timeout: 15_000 });
    await settleSubscription();

    // The last cursors the page received before the drop.
    const lastCursor = (field: string) => {
      const frames = session.sockets.received.filter((frame) => frame.includes(`"${field}"`) && frame.includes('"cursor"'));
      const last = frames.at(-1);
      return last ? (JSON.parse(last) as { payload: { data: Record<string, { cursor: string }> } }).payload.data[field]!.cursor : null;
    };
    const metricsCursor = lastCursor('trainingJobMetrics');
    const logsCursor = lastCursor('trainingJobLogs');
    expect(metricsCursor).toBeTruthy();
    expect(logsCursor).toBeTruthy();
    const sentBefore = session.sockets.sent.length;

    const dropped = await page.evaluate(() => {
      const sockets = (window as unknown as { __sockets: WebSocket[] }).__sockets;
      const open = sockets.filter((s) => s.readyState === WebSocket.OPEN);
      for (const socket of open) socket.close(4000, 'test: network dropped');
      return { open: open.length, total: sockets.length };
    });
    expect(dropped.open).toBe(1);
    // Reported while the page has no socket, then after it reconnected.
    await report(jobId, epochs(20, 40));
    await page.waitForFunction(
      (total) => {
        const sockets = (window as unknown as { __sockets: WebSocket[] }).__sockets;
        return sockets.length > total && sockets.at(-1)!.readyState === WebSocket.OPEN;
      },
      dropped.total,
      { timeout: 20_000 },
    );
    await settleSubscription();
    for (let from = 40; from < 60; from += 5) await report(jobId, epochs(from, from + 5));

    await page.locator('[data-testid="metric-chart-loss"][data-points="60"]').waitFor({ timeout: 20_000 });
    await page
      .getByTestId('log-count')
      .filter({ hasText: /^60 lines$/ })
      .waitFor({ timeout: 20_000 });
    await page.waitForTimeout(1_500); // a late replayed frame would add rows now
    await expect(page.getByTestId('metric-chart-loss').getAttribute('data-points')).resolves.toBe('60');
    await expect(page.getByTestId('log-count').textContent()).resolves.toBe('60 lines');

    // Each stream was resumed after the last cursor it had, not replayed from the start.
    const resubscribed = session.sockets.sent.slice(sentBefore).filter((frame) => frame.includes('"subscribe"'));
    // The console sends documents by hash (trusted documents): a frame names its operation, not always its field.
    const resumedAfter = (field: string, operationName: string) =>
      resubscribed
        .filter((frame) => frame.includes(field) || frame.includes(`"operationName":"${operationName}"`))
        .map((frame) => (JSON.parse(frame) as { payload: { variables: { after?: string | null } } }).payload.variables.after);
    expect(resumedAfter('trainingJobMetrics', 'JobMetricsStream')).toEqual([metricsCursor]);
    expect(resumedAfter('trainingJobLogs', 'JobLogsStream')).toEqual([logsCursor]);

    // The page's log lines are the stored ones, in order; the chart has one point per stored epoch.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download' }).click()]);
    const shown = (await readFile((await download.path())!, 'utf8')).trimEnd().split('\n');
    const { trainingJob } = await stack.graphql.data<{ trainingJob: { logs: { nodes: Array<{ message: string }> }; metrics: Array<{ epoch: number }> } }>(
      'query($id: ID!) { trainingJob(id: $id) { logs(first: 1000) { nodes { message } } metrics(name: "loss") { epoch } } }',
      { id: jobId },
      { token },
    );
    expect(shown.map((line) => line.replace(/^.*INFO +/, ''))).toEqual(trainingJob.logs.nodes.map((line) => line.message));
    expect(trainingJob.metrics.map((p) => p.epoch)).toEqual(Array.from({ length: 60 }, (_, i) => i));
    await worker(`/jobs/${jobId}/complete`, {});
  }, 120_000);
});
