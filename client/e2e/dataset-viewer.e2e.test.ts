/**
 * The dataset viewer in Chromium against the whole stack: a 30-image COCO dataset made through the
 * Labeler's REST API opens with its first image large, annotation boxes and class labels drawn over
 * it, zoom that really enlarges it, a class distribution and split counts that match the API's, and
 * paging through every image to the last one; the download is saved under the dataset's name. A
 * legacy dataset of the Platform DB is shown marked as legacy, also after the Labeler stops (the
 * Labeler is stopped in the last test: keep it last).
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import pg from 'pg';
import type { Browser } from 'playwright-core';
import { apiFor, createFixture } from '../../labeler/contract/harness';
import { markLegacyDatasets } from '../../subgraphs/platform/legacy-datasets';
import type { Stack } from '../../test/harness/stack';
import { shouldRunBrowserTests } from './browser';
import { startConsoleSuite, type ConsoleSuite } from './console-suite';
import { logIn, type ConsoleSession } from './pages';

const suite = shouldRunBrowserTests() ? describe : describe.skip;

const IMAGES = 30;
const PAGE_SIZE = 12;
const CLASSES = ['circle', 'square', 'triangle'] as const;
const NAME = 'viewer-paging';
const LEGACY = 'legacy_viewer_2023';

suite('dataset viewer in Chromium', () => {
  let consoleSuite: ConsoleSuite | undefined;
  let stack: Stack;
  let browser: Browser;
  let origin: string;
  let admin: ConsoleSession;
  let datasetId = '';

  beforeAll(async () => {
    ({ stack, browser, origin } = consoleSuite = await startConsoleSuite());
    const labeler = apiFor({ url: stack.urls.labeler, key: stack.labelerServiceKey, userRateLimit: 100, external: false, close: async () => undefined });
    datasetId = (
      await createFixture(labeler, {
        name: NAME,
        format: 'coco',
        visibility: 'public',
        ownerId: Number(stack.userIds.manager),
        tags: ['viewer'],
        classes: [...CLASSES],
        images: IMAGES,
        labeled: true,
      })
    ).id;
    admin = await logIn(browser, origin, 'admin@example.com');
  }, 240_000);

  afterAll(async () => {
    await consoleSuite?.close([admin]);
  });

  it('shows the first image with its annotation boxes and class labels, and zooms it', async () => {
    const { page } = admin;
    await page.goto(`${origin}/datasets/${datasetId}`);
    const image = page.getByTestId('viewer-image');
    await image.waitFor({ timeout: 15_000 });
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="viewer-image"]');
      return !!img && img.complete && img.naturalWidth > 0;
    });
    const boxes = page.getByTestId('annotation-box');
    await boxes.first().waitFor();
    const count = await boxes.count();
    expect(count).toBeGreaterThanOrEqual(1);
    expect(count).toBeLessThanOrEqual(2); // every sample image holds one or two shapes
    for (const box of await boxes.all()) {
      const cls = await box.getAttribute('data-class');
      expect(CLASSES).toContain(cls);
      await expect(box.textContent()).resolves.toBe(cls);
      const rect = (await box.boundingBox())!;
      expect(rect.width).toBeGreaterThan(20); // a shape of 8–14 px of 32, drawn 320 px wide
    }

    const canvas = page.getByTestId('viewer-canvas');
    const before = (await canvas.boundingBox())!;
    const boxBefore = (await boxes.first().boundingBox())!;
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect(page.getByTestId('viewer-zoom').textContent()).resolves.toBe('200%');
    const after = (await canvas.boundingBox())!;
    expect(after.width).toBeCloseTo(before.width * 2, 0);
    expect((await boxes.first().boundingBox())!.width).toBeCloseTo(boxBefore.width * 2, 0);
    await page.getByRole('button', { name: 'Fit' }).click();
    await expect(page.getByTestId('viewer-zoom').textContent()).resolves.toBe('100%');

    await page.getByLabel('Show annotations').uncheck();
    expect(await boxes.count()).toBe(0);
    await page.getByLabel('Show annotations').check();
    expect(await boxes.count()).toBe(count);
  });

  it('shows the class distribution and split counts the API reports', async () => {
    const { page } = admin;
    const token = await stack.login('admin@example.com');
    const api = await stack.graphql.request<{
      dataset: { statistics: { numAnnotations: number; classCounts: Array<{ className: string; count: number }> } };
    }>(
      'query ViewerE2eStatistics($id: ID!) { dataset(id: $id) { statistics { numAnnotations classCounts { className count } } } }',
      { id: datasetId },
      { token },
    );
    expect(api.errors).toBeUndefined();
    const expected = api.data!.dataset.statistics;
    expect(expected.numAnnotations).toBeGreaterThanOrEqual(IMAGES);

    await page.getByTestId('class-count').first().waitFor();
    const shown = await page
      .getByTestId('class-count')
      .evaluateAll((items) => items.map((li) => ({ className: li.getAttribute('data-class'), count: Number(li.getAttribute('data-count')) })));
    expect(shown).toEqual(expected.classCounts);
    expect(shown.map((c) => c.className)).toEqual([...CLASSES]);
    const splits = await page
      .getByTestId('split-count')
      .evaluateAll((rows) => rows.map((tr) => ({ split: tr.getAttribute('data-split'), count: Number(tr.getAttribute('data-count')) })));
    expect(splits).toEqual([{ split: 'unassigned', count: IMAGES }]);
    // The two cards sit side by side on one line, their tops level.
    const tops = await page.locator('.viewer-stats > .card').evaluateAll((cards) => cards.map((card) => card.getBoundingClientRect().top));
    expect(tops).toHaveLength(2);
    expect(tops[1]).toBe(tops[0]);
  });

  it('pages through every image to the last one', async () => {
    const { page } = admin;
    const seen = new Set<string>();
    const pages = Math.ceil(IMAGES / PAGE_SIZE);
    for (let n = 1; n <= pages; n++) {
      const from = (n - 1) * PAGE_SIZE + 1;
      const to = Math.min(n * PAGE_SIZE, IMAGES);
      await page
        .getByTestId('viewer-page')
        .filter({ hasText: `${from}–${to} of ${IMAGES} · page ${n} of ${pages}` })
        .waitFor({ timeout: 15_000 });
      const keys = await page.getByTestId('dataset-thumbnail').evaluateAll((buttons) => buttons.map((b) => b.getAttribute('title')!));
      expect(keys).toHaveLength(to - from + 1);
      for (const key of keys) seen.add(key);
      if (n < pages) await page.getByRole('button', { name: 'Next →' }).click();
    }
    expect(seen.size).toBe(IMAGES);
    await expect(page.getByRole('button', { name: 'Next →' }).isDisabled()).resolves.toBe(true);

    await page.getByTestId('dataset-thumbnail').last().click();
    await page
      .getByTestId('viewer-caption')
      .filter({ hasText: `image ${IMAGES} of ${IMAGES}` })
      .waitFor();
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>('[data-testid="viewer-image"]');
      return !!img && img.complete && img.naturalWidth > 0 && img.alt === 'img_029.png';
    });
    expect(await page.getByTestId('annotation-box').count()).toBeGreaterThanOrEqual(1);

    await page.getByRole('button', { name: '← Previous' }).click();
    await page
      .getByTestId('viewer-page')
      .filter({ hasText: `page ${pages - 1} of ${pages}` })
      .waitFor();
  });

  it('saves the download under the dataset’s name', async () => {
    const { page } = admin;
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), page.getByRole('button', { name: `Download ${NAME}` }).click()]);
    expect(download.suggestedFilename()).toBe(`${NAME}.tar.gz`);
  });

  it('shows a legacy dataset marked as legacy, also after the Labeler stops', async () => {
    const db = new pg.Client({ connectionString: stack.dbUrls.platform });
    await db.connect();
    try {
      await db.query('create table datasets (id text primary key, name text not null, format text not null, storage_type text not null, num_images integer)');
      await db.query("insert into datasets values ($1, 'Old inspection set', 'voc', 'minio', 420)", [LEGACY]);
    } finally {
      await db.end();
    }
    await markLegacyDatasets(stack.dbUrls.platform);

    const { page } = admin;
    for (const labelerRunning of [true, false]) {
      if (!labelerRunning) await stack.labeler.close();
      await page.goto(`${origin}/datasets/${LEGACY}`);
      await page.getByTestId('dataset-title').filter({ hasText: 'Old inspection set' }).waitFor({ timeout: 30_000 });
      await expect(page.getByTestId('dataset-legacy').isVisible()).resolves.toBe(true);
      await expect(page.getByTestId('dataset-legacy-notice').textContent()).resolves.toContain('legacy dataset');
      await expect(page.getByTestId('dataset-images').textContent()).resolves.toBe('420');
      expect(await page.getByRole('button', { name: /^Download/ }).count()).toBe(0);
    }
  });
});
