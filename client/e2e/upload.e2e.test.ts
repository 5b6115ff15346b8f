/**
 * Creating a dataset and uploading its files from the console in Chromium against the whole stack:
 * the parts go from the browser straight to the S3 server (no file bytes through the gateway), a
 * dropped connection is resumed from the parts the server recorded, progress bars reach 100 %, and
 * the Labeler's validation lists the bad file, the annotation for a missing image and the unknown class.
 * A zip of images and annotations is expanded by the Labeler into the dataset's files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PutBucketCorsCommand } from '@aws-sdk/client-s3';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { cocoAnnotations, generateImages } from '../../labeler/sample-data';
import { buildZip } from '../../test/harness/zip';
import { shouldRunBrowserTests } from './browser';
import { startConsoleSuite, type ConsoleSuite } from './console-suite';
import { logIn, type ConsoleSession } from './pages';

const suite = shouldRunBrowserTests() ? describe : describe.skip;

suite('dataset upload in Chromium', () => {
  let consoleSuite: ConsoleSuite | undefined;
  let engineer: ConsoleSession;
  let dir: string;
  const sessions: ConsoleSession[] = [];

  beforeAll(async () => {
    const s3 = process.env.TEST_S3_ENDPOINT!;
    consoleSuite = await startConsoleSuite({ env: { gateway: { CONSOLE_UPLOAD_ORIGINS: s3 } } });
    const { stack } = consoleSuite;
    // What the deployment does for R2 (seed Stage 2.1): browsers may PUT and read the ETag.
    await stack.storage.client.send(
      new PutBucketCorsCommand({
        Bucket: stack.storage.bucket,
        CORSConfiguration: {
          CORSRules: [{ AllowedOrigins: ['*'], AllowedMethods: ['GET', 'PUT', 'HEAD'], AllowedHeaders: ['*'], ExposeHeaders: ['ETag'], MaxAgeSeconds: 3000 }],
        },
      }),
    );
    engineer = await logIn(consoleSuite.browser, consoleSuite.origin, 'standard_engineer@example.com');
    sessions.push(engineer);
    dir = mkdtempSync(path.join(os.tmpdir(), 'upload-e2e-'));
  }, 240_000);

  afterAll(async () => {
    await consoleSuite?.close(sessions);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('uploads images and a COCO file straight to the bucket, resumes a dropped part, and lists the problems', async () => {
    const { page } = engineer;
    const images = generateImages(21, 2, ['circle', 'square']);
    const files: string[] = [];
    for (const img of images) {
      writeFileSync(path.join(dir, img.fileName), img.png);
      files.push(path.join(dir, img.fileName));
    }
    writeFileSync(path.join(dir, 'broken.png'), 'this is not an image');
    files.push(path.join(dir, 'broken.png'));
    const coco = JSON.parse(cocoAnnotations(images, ['circle', 'square'])) as { annotations: Array<{ category_id: number }> };
    coco.annotations.push({ ...coco.annotations[0]!, category_id: 77 });
    writeFileSync(path.join(dir, 'instances.json'), JSON.stringify(coco));
    files.push(path.join(dir, 'instances.json'));

    // The first PUT to the bucket is dropped, as a flaky connection would; the console resumes.
    const bucketOrigin = new URL(process.env.TEST_S3_ENDPOINT!).origin;
    let dropped = 0;
    const putsToBucket: string[] = [];
    const gatewayBodies: number[] = [];
    page.on('request', (req) => {
      if (req.url().startsWith(bucketOrigin) && req.method() === 'PUT') putsToBucket.push(req.url());
      if (req.url().includes('/graphql') && req.method() === 'POST') gatewayBodies.push(req.postDataBuffer()?.length ?? 0);
    });
    await page.route(`${bucketOrigin}/**`, async (route) => {
      if (route.request().method() === 'PUT' && dropped === 0) {
        dropped += 1;
        return route.abort('connectionreset');
      }
      return route.continue();
    });

    await page.getByRole('link', { name: 'Datasets' }).first().click();
    await page.getByTestId('new-dataset').click();
    await page.getByLabel('Dataset name').fill('uploaded in the browser');
    await page.getByLabel('Annotation format').selectOption('coco');
    await page.getByLabel('Images and annotation files').setInputFiles(files);
    await page.getByRole('button', { name: 'Create and upload' }).click();

    await page.getByTestId('upload-validation').waitFor({ timeout: 60_000 });
    expect(dropped).toBe(1);
    expect(putsToBucket.length).toBeGreaterThanOrEqual(files.length + 1);
    // Every file row reached 100 %, and so did the total.
    const rows = page.getByTestId('upload-file');
    expect(await rows.count()).toBe(files.length);
    for (const status of await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-status')))) expect(status).toBe('done');
    expect(await page.getByTestId('upload-total').getByRole('progressbar').getAttribute('aria-valuenow')).toBe('100');
    // No file bytes through the gateway: every GraphQL request is a small JSON document.
    expect(Math.max(...gatewayBodies)).toBeLessThan(4096);

    await expect(page.getByTestId('upload-summary').textContent()).resolves.toContain('2 image(s)');
    const problems = await page.getByTestId('upload-problem').evaluateAll((els) => els.map((e) => [e.getAttribute('data-path'), e.getAttribute('data-code')]));
    expect(problems.sort()).toEqual(
      [
        ['images/broken.png', 'bad_image'],
        ['annotations/instances.json', 'unknown_class'],
      ].sort(),
    );
    expect(engineer.cspViolations).toEqual([]);

    await page.getByRole('link', { name: 'Open the dataset' }).click();
    await page.getByRole('heading', { name: 'uploaded in the browser' }).waitFor();
  }, 120_000);

  it('uploads a zip of images and a COCO file, which the Labeler expands into the dataset, and lists its problems', async () => {
    const { page } = engineer;
    const images = generateImages(31, 3, ['circle', 'square']);
    const zip = await buildZip([
      ...images.map((i) => ({ name: `images/${i.fileName}`, data: i.png })),
      { name: 'images/broken.png', data: Buffer.from('this is not an image') },
      { name: 'annotations/instances.json', data: Buffer.from(cocoAnnotations(images, ['circle', 'square'])), streamed: true },
      { name: 'notes.docx', data: Buffer.from('not a dataset file') },
    ]);
    const file = path.join(dir, 'shapes.zip');
    writeFileSync(file, zip);

    await page.getByRole('link', { name: 'Datasets' }).first().click();
    await page.getByTestId('new-dataset').click();
    await page.getByLabel('Dataset name').fill('uploaded as a zip');
    await page.getByLabel('Annotation format').selectOption('coco');
    await page.getByLabel('Images and annotation files').setInputFiles([file]);
    await page.getByRole('button', { name: 'Create and upload' }).click();

    await page.getByTestId('upload-validation').waitFor({ timeout: 60_000 });
    const rows = page.getByTestId('upload-file');
    expect(await rows.evaluateAll((els) => els.map((e) => [e.getAttribute('data-path'), e.getAttribute('data-status')]))).toEqual([['shapes.zip', 'done']]);
    await expect(page.getByTestId('upload-summary').textContent()).resolves.toContain('3 image(s)');
    const problems = await page.getByTestId('upload-problem').evaluateAll((els) => els.map((e) => [e.getAttribute('data-path'), e.getAttribute('data-code')]));
    expect(problems.sort()).toEqual(
      [
        ['images/broken.png', 'bad_image'],
        ['shapes.zip!/notes.docx', 'unsupported_file'],
      ].sort(),
    );
    expect(engineer.cspViolations).toEqual([]);
  }, 120_000);
});
