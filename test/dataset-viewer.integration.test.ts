/**
 * What the console's dataset viewer reads, through the gateway: `Dataset.imagePage` pages through
 * every image (not a capped first page) with its boxes (COCO, YOLO and VOC read into the same
 * fractions) and split; `Dataset.statistics` gives boxes per class and images per split; the download
 * URL saves the archive under the dataset's name. Bad paging input is BAD_USER_INPUT, a dataset the
 * caller may not read NOT_FOUND.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { apiFor, type Api } from '../labeler/contract/harness';
import { SEED_DATASETS } from '../labeler/seed';
import { cocoAnnotations, generateImages, yoloLabel, type SampleFile } from '../labeler/sample-data';
import { codeOf } from './harness/graphql-client';
import { startStack, type Stack } from './harness/stack';

interface Box {
  className: string;
  x: number;
  y: number;
  width: number;
  height: number;
}
interface ImagePage {
  dataset: {
    imagePage: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      nodes: Array<{ key: string; url: string; split: string | null; annotations: Box[] | null }>;
    };
  };
}
interface Statistics {
  dataset: {
    numImages: number;
    classNames: string[];
    statistics: { numAnnotations: number; classCounts: Array<{ className: string; count: number }>; splitCounts: Array<{ split: string; count: number }> };
  };
}

const PAGE = `query ViewerImagePage($id: ID!, $first: Int!, $after: String) {
  dataset(id: $id) { imagePage(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { key url split annotations { className x y width height } } } }
}`;
const STATISTICS = `query ViewerStatistics($id: ID!) {
  dataset(id: $id) { numImages classNames statistics { numAnnotations classCounts { className count } splitCounts { split count } } }
}`;

let stack: Stack;
let labeler: Api;
let admin = '';
let guest = '';
let splitDataset = '';

/** Writes `files` into a Labeler dataset through its presigned upload URLs, as the labeling tool does, then finalizes it. */
async function uploadAndFinalize(id: string, files: SampleFile[]) {
  const urls = await labeler(`/datasets/${id}/upload-urls`, {
    method: 'POST',
    json: { files: files.map((f) => ({ path: f.path, content_type: f.contentType })) },
  });
  for (const upload of urls.body.uploads as Array<{ path: string; url: string; content_type: string }>) {
    const file = files.find((f) => f.path === upload.path)!;
    const put = await fetch(upload.url, { method: 'PUT', body: new Uint8Array(file.data), headers: { 'Content-Type': upload.content_type } });
    expect(put.ok).toBe(true);
  }
  expect((await labeler(`/datasets/${id}/finalize`, { method: 'POST', json: {} })).status).toBe(200);
}

async function allImages(id: string, first: number, token = admin) {
  const nodes: ImagePage['dataset']['imagePage']['nodes'] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const result: { data?: ImagePage | null; errors?: unknown } = await stack.graphql.request<ImagePage>(PAGE, { id, first, after }, { token });
    expect(result.errors).toBeUndefined();
    const page: ImagePage['dataset']['imagePage'] = result.data!.dataset.imagePage;
    nodes.push(...page.nodes);
    pages += 1;
    if (!page.pageInfo.hasNextPage) return { nodes, pages, totalCount: page.totalCount };
    after = page.pageInfo.endCursor;
  }
}

beforeAll(async () => {
  stack = await startStack();
  labeler = apiFor({ url: stack.urls.labeler, key: stack.labelerServiceKey, userRateLimit: 100, external: false, close: async () => undefined });
  [admin, guest] = await Promise.all([stack.login('admin@example.com'), stack.login('guest@example.com')]);
  // A YOLO dataset laid out in train/val folders: 3 training images, 2 validation images.
  const created = await labeler('/datasets', {
    method: 'POST',
    json: { name: 'Parts: split (v2)', format: 'yolo', visibility: 'private', owner_id: Number(stack.userIds.manager), class_names: ['circle', 'square'] },
  });
  expect(created.status).toBe(201);
  splitDataset = created.body.id as string;
  const images = generateImages(7, 5, ['circle', 'square']);
  const files = images.flatMap((img, i) => {
    const split = i < 3 ? 'train' : 'val';
    const stem = img.fileName.replace(/\.png$/, '');
    return [
      { path: `images/${split}/${img.fileName}`, data: img.png, contentType: 'image/png' },
      { path: `labels/${split}/${stem}.txt`, data: Buffer.from(yoloLabel(img, ['circle', 'square'])), contentType: 'text/plain' },
    ];
  });
  files.push({ path: 'classes.txt', data: Buffer.from('circle\nsquare\n'), contentType: 'text/plain' });
  await uploadAndFinalize(splitDataset, files);
});

afterAll(async () => {
  await stack?.close();
});

describe('the dataset viewer’s fields', () => {
  it.each(SEED_DATASETS.filter((d) => d.labeled).map((d) => [d.format, d] as const))(
    'pages through every image of the %s dataset with boxes in fractions of the image',
    async (_format, seed) => {
      const { nodes, pages, totalCount } = await allImages(seed.id, 4);
      expect(totalCount).toBe(seed.images);
      expect(nodes).toHaveLength(seed.images);
      expect(pages).toBe(Math.ceil(seed.images / 4));
      expect(new Set(nodes.map((n) => n.key)).size).toBe(seed.images);
      for (const node of nodes) {
        expect(node.split).toBe('unassigned');
        // Every sample image has one or two shapes.
        expect(node.annotations!.length).toBeGreaterThanOrEqual(1);
        expect(node.annotations!.length).toBeLessThanOrEqual(2);
        for (const box of node.annotations!) {
          expect(seed.classes).toContain(box.className);
          for (const v of [box.x, box.y, box.width, box.height]) expect(v).toBeGreaterThanOrEqual(0);
          expect(box.x + box.width).toBeLessThanOrEqual(1.0001);
          expect(box.y + box.height).toBeLessThanOrEqual(1.0001);
          expect(box.width).toBeGreaterThan(0.2); // shapes are 8 to 14 pixels of 32
        }
      }
      const stats = await stack.graphql.request<Statistics>(STATISTICS, { id: seed.id }, { token: admin });
      expect(stats.errors).toBeUndefined();
      const { statistics } = stats.data!.dataset;
      const boxes = nodes.flatMap((n) => n.annotations!);
      expect(statistics.numAnnotations).toBe(boxes.length);
      expect(statistics.classCounts.map((c) => c.className)).toEqual(seed.classes);
      for (const c of statistics.classCounts) expect(c.count).toBe(boxes.filter((b) => b.className === c.className).length);
      expect(statistics.splitCounts).toEqual([{ split: 'unassigned', count: seed.images }]);
    },
  );

  it('counts images per split from train/val folders and pages them in key order', async () => {
    const { nodes } = await allImages(splitDataset, 2);
    expect(nodes.map((n) => n.split)).toEqual(['train', 'train', 'train', 'val', 'val']);
    const stats = await stack.graphql.request<Statistics>(STATISTICS, { id: splitDataset }, { token: admin });
    expect(stats.data!.dataset.statistics.splitCounts).toEqual([
      { split: 'train', count: 3 },
      { split: 'val', count: 2 },
    ]);
  });

  it('names the downloaded archive after the dataset', async () => {
    const result = await stack.graphql.request<{ dataset: { downloadUrl: { url: string } } }>(
      'query ViewerDownloadName($id: ID!) { dataset(id: $id) { downloadUrl(expiresIn: 60) { url } } }',
      { id: splitDataset },
      { token: admin },
    );
    expect(result.errors).toBeUndefined();
    const url = new URL(result.data!.dataset.downloadUrl.url);
    expect(url.searchParams.get('response-content-disposition')).toBe(
      `attachment; filename="Parts_ split (v2).tar.gz"; filename*=UTF-8''Parts_%20split%20(v2).tar.gz`,
    );
    const response = await fetch(url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toContain('Parts_ split (v2).tar.gz');
  });

  it('refuses bad paging input with BAD_USER_INPUT and hides a dataset the caller may not read', async () => {
    const id = SEED_DATASETS[1]!.id; // private, owned by standard_engineer, granted to advanced_engineer only
    expect(codeOf(await stack.graphql.request(PAGE, { id, first: 0 }, { token: admin }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await stack.graphql.request(PAGE, { id, first: 101 }, { token: admin }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await stack.graphql.request(PAGE, { id, first: 5, after: 'not-a-cursor' }, { token: admin }))).toBe('BAD_USER_INPUT');
    expect(codeOf(await stack.graphql.request(PAGE, { id, first: 5 }, { token: guest }))).toBe('NOT_FOUND');
    expect(codeOf(await stack.graphql.request(STATISTICS, { id }, { token: guest }))).toBe('NOT_FOUND');
  });
});

describe('text a dataset holds in the Labeler', () => {
  it('reaches the console with its control and text-direction characters shown as U+FFFD, and downloads under a name without them', async () => {
    // Named in the Labeler by its own tools, not through createDataset (which refuses these):
    // U+202E shows what follows right to left, so this name would read "Partsexe.png".
    const created = await labeler('/datasets', {
      method: 'POST',
      json: {
        name: 'Parts\u202Egnp.exe',
        description: 'first line\nsecond line\u0007',
        format: 'coco',
        visibility: 'private',
        owner_id: Number(stack.userIds.manager),
        tags: ['\u2066shapes', 'plain'],
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const images = generateImages(11, 3, ['circle', 'square']);
    const coco = JSON.parse(cocoAnnotations(images, ['circle', 'square'])) as { categories: Array<{ name: string }> };
    coco.categories[0]!.name = 'elcric\u202E';
    await uploadAndFinalize(id, [
      ...images.map((img) => ({ path: `images/${img.fileName}`, data: img.png, contentType: 'image/png' })),
      { path: 'annotations/instances.json', data: Buffer.from(JSON.stringify(coco)), contentType: 'application/json' },
    ]);

    const shown = await stack.graphql.request<{ dataset: { name: string; description: string; tags: string[]; classNames: string[] } }>(
      'query ViewerDatasetText($id: ID!) { dataset(id: $id) { name description tags classNames } }',
      { id },
      { token: admin },
    );
    expect(shown.errors).toBeUndefined();
    expect(shown.data!.dataset).toEqual({
      name: 'Parts\uFFFDgnp.exe',
      description: 'first line\nsecond line\uFFFD',
      tags: ['\uFFFDshapes', 'plain'],
      classNames: ['elcric\uFFFD', 'square'],
    });
    const { nodes } = await allImages(id, 10);
    const boxes = nodes.flatMap((n) => n.annotations!);
    expect(new Set(boxes.map((b) => b.className))).toEqual(new Set(['elcric\uFFFD', 'square']));
    const stats = await stack.graphql.request<Statistics>(STATISTICS, { id }, { token: admin });
    expect(stats.errors).toBeUndefined();
    expect(stats.data!.dataset.statistics.classCounts.map((c) => c.className)).toEqual(['elcric\uFFFD', 'square']);

    const download = await stack.graphql.request<{ dataset: { downloadUrl: { url: string } } }>(
      'query ViewerDownloadName($id: ID!) { dataset(id: $id) { downloadUrl(expiresIn: 60) { url } } }',
      { id },
      { token: admin },
    );
    expect(download.errors).toBeUndefined();
    expect(new URL(download.data!.dataset.downloadUrl.url).searchParams.get('response-content-disposition')).toBe(
      `attachment; filename="Parts_gnp.exe.tar.gz"; filename*=UTF-8''Parts_gnp.exe.tar.gz`,
    );
  });
});
