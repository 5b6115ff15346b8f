/**
 * The dataset browser and detail page in Chromium against the whole stack (real PostgreSQL, S3,
 * Labeler, subgraphs and gateway, in-process): browse and filter, paging, a private dataset
 * before and after a grant made through the Labeler's REST API (thumbnails and the download come
 * straight from S3 through presigned URLs), and a stopped Labeler that the console reports
 * instead of breaking. The Labeler is stopped in the last test: keep it last.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import pg from 'pg';
import type { Browser, Page } from 'playwright-core';
import { insertDataset } from '../../labeler/dataset.store';
import { SEED_DATASETS } from '../../labeler/seed';
import type { Stack } from '../../test/harness/stack';
import { shouldRunBrowserTests } from './browser';
import { startConsoleSuite, type ConsoleSuite } from './console-suite';
import { logIn, type ConsoleSession } from './pages';

const suite = shouldRunBrowserTests() ? describe : describe.skip;

const LABELER_UNAVAILABLE = 'The Labeler is not reachable right now; dataset details will come back when it does.';
const PRIVATE = SEED_DATASETS.find((d) => d.visibility === 'private' && d.grants.every((g) => g.role !== 'guest'));
/** Enough extra public datasets that an admin's list needs two pages of 20. */
const BULK_COUNT = 21;

interface Listed {
  name: string;
  format: string;
  labeled: boolean;
  visibility: string;
  tags: string[];
  owner: string;
}

const seeded: Listed[] = SEED_DATASETS.map((d) => ({
  name: d.name,
  format: d.format,
  labeled: d.labeled,
  visibility: d.visibility,
  tags: d.tags,
  owner: d.owner,
}));
const bulk: Listed[] = Array.from({ length: BULK_COUNT }, (_, i) => ({
  name: `bulk-${String(i + 1).padStart(2, '0')}`,
  format: 'coco',
  labeled: true,
  visibility: 'public',
  tags: ['bulk'],
  owner: 'manager',
}));

/** Extra datasets straight in the Labeler's database (the seed has four; paging needs more). */
async function addBulkDatasets(stack: Stack): Promise<void> {
  const db = new pg.Pool({ connectionString: stack.dbUrls.labeler, max: 1 });
  try {
    for (const [i, d] of bulk.entries()) {
      const id = `ds_e2e0000000000${String(i).padStart(3, '0')}`;
      await insertDataset(db, {
        id,
        name: d.name,
        description: 'Added by the browser test',
        format: d.format,
        labeled: d.labeled,
        storage_type: 's3',
        storage_path: `datasets/${id}/`,
        visibility: 'public',
        owner_id: Number(stack.userIds.manager),
        num_classes: 1,
        num_images: 0,
        class_names: ['circle'],
        tags: d.tags,
        created_at: new Date(Date.UTC(2024, 0, 1 + i)),
      });
    }
  } finally {
    await db.end();
  }
}

const datasetNames = async (page: Page): Promise<string[]> => (await page.getByTestId('dataset-name').allTextContents()).sort();
const expectedNames = (keep: (d: Listed) => boolean): string[] =>
  [...seeded, ...bulk]
    .filter(keep)
    .map((d) => d.name)
    .sort();

/** DATASETS_SCREENSHOTS=/tmp npm test -- client/e2e/datasets  → pictures of the pages to look at. */
async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.DATASETS_SCREENSHOTS;
  if (dir) await page.screenshot({ path: path.join(dir, name), fullPage: true });
}

/** Waits for the list to settle on `count` (the text "a–b of n"). */
async function waitForCount(page: Page, text: string): Promise<void> {
  await page
    .getByTestId('datasets-count')
    .filter({ hasText: new RegExp(`^${text}$`) })
    .waitFor({ timeout: 15_000 });
}

/**
 * Waits until the list shows exactly `expected` (one page) with the matching count: the previous
 * filter's rows stay on screen until the new answer arrives, so one look is not enough.
 */
async function expectListed(page: Page, expected: string[]): Promise<void> {
  const want = { count: `1–${expected.length} of ${expected.length}`, names: expected };
  let seen = { count: '', names: [] as string[] };
  for (const deadline = Date.now() + 15_000; Date.now() < deadline; await page.waitForTimeout(100)) {
    seen = { count: (await page.getByTestId('datasets-count').allTextContents())[0] ?? '', names: await datasetNames(page) };
    if (JSON.stringify(seen) === JSON.stringify(want)) return;
  }
  expect(seen).toEqual(want);
}

suite('dataset browser in Chromium', () => {
  let consoleSuite: ConsoleSuite | undefined;
  let stack: Stack;
  let browser: Browser;
  let origin: string;
  let admin: ConsoleSession;
  const sessions: ConsoleSession[] = [];

  beforeAll(async () => {
    if (!PRIVATE) throw new Error('The Labeler seed has no private dataset without a guest grant.');
    ({ stack, browser, origin } = consoleSuite = await startConsoleSuite());
    await addBulkDatasets(stack);
    admin = await logIn(browser, origin, 'admin@example.com');
    sessions.push(admin);
  }, 240_000);

  afterAll(async () => {
    await consoleSuite?.close(sessions);
  });

  it('opens the dataset browser from the navigation and pages through every dataset 20 at a time', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Datasets', exact: true }).click();
    const total = seeded.length + bulk.length;
    await waitForCount(page, `1–20 of ${total}`);
    expect(page.url()).toBe(`${origin}/datasets`);
    expect(await page.getByTestId('dataset-row').count()).toBe(20);
    const firstPage = await datasetNames(page);

    await page.getByRole('button', { name: 'Next →' }).click();
    await waitForCount(page, `21–${total} of ${total}`);
    const secondPage = await datasetNames(page);
    expect(secondPage).toHaveLength(total - 20);
    expect([...firstPage, ...secondPage].sort()).toEqual(expectedNames(() => true));
    expect(await page.getByRole('button', { name: 'Next →' }).isDisabled()).toBe(true);

    await page.getByRole('button', { name: '← Previous' }).click();
    await waitForCount(page, `1–20 of ${total}`);
    expect(await datasetNames(page)).toEqual(firstPage);

    // A row shows the facts of its dataset: format, labeled, visibility, counts and owner.
    const spec = SEED_DATASETS[0]!;
    const row = page.locator('[data-testid="dataset-row"]', { hasText: spec.name });
    await expect(row.getByTestId('dataset-format').textContent()).resolves.toBe(spec.format.toUpperCase());
    await expect(row.getByTestId('dataset-visibility').textContent()).resolves.toBe(spec.visibility);
    await expect(row.getByTestId('dataset-images').textContent()).resolves.toBe(String(spec.images));
    await expect(row.getByTestId('dataset-classes').textContent()).resolves.toBe(String(spec.classes.length));
    await expect(row.getByTestId('dataset-owner').textContent()).resolves.toBe(`${spec.owner}@example.com`);
    await screenshot(page, 'datasets.png');
  });

  it('filters by labeled, format, tags, visibility and "only mine", keeping the filters in the address', async () => {
    const { page } = admin;
    await page.goto(`${origin}/datasets`);
    await page.getByTestId('dataset-row').first().waitFor();

    await page.getByLabel('Labeled').selectOption('false');
    await expectListed(
      page,
      expectedNames((d) => !d.labeled),
    );
    expect(new URL(page.url()).search).toBe('?labeled=false');

    await page.getByLabel('Labeled').selectOption('');
    await page.getByLabel('Format').selectOption('yolo');
    await expectListed(
      page,
      expectedNames((d) => d.format === 'yolo'),
    );
    expect(new URL(page.url()).search).toBe('?format=yolo');

    await page.getByLabel('Format').selectOption('');
    await page.getByLabel('Tags').fill('inspection');
    await page.getByRole('button', { name: 'Apply' }).click();
    const inspection = expectedNames((d) => d.tags.includes('inspection'));
    await expectListed(page, inspection);

    await page.getByLabel('Visibility').selectOption('private');
    const privateInspection = expectedNames((d) => d.tags.includes('inspection') && d.visibility === 'private');
    await expectListed(page, privateInspection);

    // The filters survive a reload: they live in the address bar.
    await page.reload();
    await expectListed(page, privateInspection);
    expect(await page.getByLabel('Visibility').inputValue()).toBe('private');
    expect(await page.getByLabel('Tags').inputValue()).toBe('inspection');

    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByLabel('Only mine').check();
    const mine = expectedNames((d) => d.owner === 'admin');
    await expectListed(page, mine);

    await page.getByLabel('Format').selectOption('yolo');
    await page.getByTestId('datasets-empty').waitFor();
    await expect(page.getByTestId('datasets-empty').textContent()).resolves.toBe('No datasets match these filters.');
  });

  it('links a training job to its dataset, whose page shows classes, counts, tags and the viewer permission', async () => {
    const { page } = admin;
    await page.getByRole('link', { name: 'Training jobs' }).click();
    const cell = page.getByTestId('job-dataset').getByRole('link').first();
    const name = (await cell.textContent()) ?? '';
    const spec = SEED_DATASETS.find((d) => d.name === name);
    if (!spec) throw new Error(`The first job's dataset "${name}" is not a seeded dataset.`);
    await cell.click();

    await page.getByTestId('dataset-title').filter({ hasText: spec.name }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/datasets/${spec.id}`);
    await expect(page.getByTestId('dataset-images').textContent()).resolves.toBe(String(spec.images));
    await expect(page.getByTestId('dataset-classes').textContent()).resolves.toBe(String(spec.classes.length));
    for (const tag of spec.tags) expect(await page.getByTestId('dataset-tags').textContent()).toContain(tag);
    for (const cls of spec.classes) expect(await page.getByTestId('dataset-class-names').textContent()).toContain(cls);
    await expect(page.getByTestId('dataset-permission').isVisible()).resolves.toBe(true);
  });

  it('hides a private dataset from a user without permission, then shows it with loaded thumbnails and a working download after a grant', async () => {
    const dataset = PRIVATE!;
    const guest = await logIn(browser, origin, 'guest@example.com');
    sessions.push(guest);
    const { page } = guest;

    await page.goto(`${origin}/datasets`);
    await page.getByTestId('dataset-row').first().waitFor();
    expect(await datasetNames(page)).not.toContain(dataset.name);

    await page.goto(`${origin}/datasets/${dataset.id}`);
    const problem = page.getByTestId('dataset-problem');
    await problem.waitFor();
    await expect(problem.getAttribute('data-problem')).resolves.toMatch(/^(not-found|forbidden)$/);
    await expect(problem.textContent()).resolves.toMatch(/do not have permission/);
    expect(await page.content()).not.toContain(dataset.description);
    await screenshot(page, 'dataset-not-found.png');

    const grant = await fetch(`${stack.urls.labeler}/api/v1/datasets/${dataset.id}/permissions/${stack.userIds.guest}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${stack.labelerServiceKey}`, 'content-type': 'application/json' },
      body: JSON.stringify({ permission_level: 'read_only' }),
    });
    expect(grant.status).toBe(200);

    await page.reload();
    await page.getByTestId('dataset-title').filter({ hasText: dataset.name }).waitFor();
    await expect(page.getByTestId('dataset-permission').textContent()).resolves.toBe('Read only');
    await expect(page.getByText(dataset.description).isVisible()).resolves.toBe(true);

    // Every thumbnail really loads, from the object store, not through the gateway.
    const thumbnails = page.getByTestId('dataset-thumbnail').locator('img');
    await thumbnails.first().waitFor();
    expect(await thumbnails.count()).toBe(Math.min(12, dataset.images));
    await page.waitForFunction(
      () => [...document.querySelectorAll<HTMLImageElement>('[data-testid="dataset-thumbnail"] img')].every((img) => img.complete && img.naturalWidth > 0),
      undefined,
      { timeout: 15_000 },
    );
    const sources = await thumbnails.evaluateAll((imgs) => imgs.map((img) => (img as HTMLImageElement).src));
    for (const src of sources) expect(new URL(src).origin).not.toBe(origin);
    await screenshot(page, 'dataset-detail.png');

    // The download goes straight to the presigned archive URL; the console stays on the page.
    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: 15_000 }),
      page.getByRole('button', { name: `Download ${dataset.name}` }).click(),
    ]);
    expect(new URL(download.url()).origin).not.toBe(origin);
    expect(new URL(download.url()).pathname).toContain(`datasets/${dataset.id}/`);
    const file = readFileSync(await download.path());
    expect(file.length).toBeGreaterThan(100);
    expect([file[0], file[1]]).toEqual([0x1f, 0x8b]); // gzip
    expect(new URL(page.url()).pathname).toBe(`/datasets/${dataset.id}`);
  });

  it('says the Labeler is unreachable when it stops, on the browser and the detail page, while training jobs still list', async () => {
    const { page } = admin;
    await stack.labeler.close();

    await page.goto(`${origin}/datasets/${SEED_DATASETS[0]!.id}`);
    await page.getByText(LABELER_UNAVAILABLE).waitFor({ timeout: 30_000 });
    await expect(page.getByTestId('dataset-problem').getAttribute('data-problem')).resolves.toBe('upstream');
    await expect(page.getByRole('link', { name: '← All datasets' }).isVisible()).resolves.toBe(true);
    await screenshot(page, 'dataset-labeler-down.png');

    await page.getByRole('link', { name: '← All datasets' }).click();
    await page.getByTestId('datasets-problem').filter({ hasText: LABELER_UNAVAILABLE }).waitFor({ timeout: 30_000 });
    await expect(page.getByLabel('Format').isVisible()).resolves.toBe(true);
    await screenshot(page, 'datasets-labeler-down.png');

    await page.getByRole('link', { name: 'Training jobs' }).click();
    await page.getByTestId('job-row').first().waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('job-row').count()).toBeGreaterThan(0);
    await page.locator('[data-testid="job-dataset"] .unavailable').first().waitFor({ timeout: 30_000 });
  });
});
