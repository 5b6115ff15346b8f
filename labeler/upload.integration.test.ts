/**
 * Resumable multipart uploads into a dataset and finalize's per-file problems, against the
 * reference Labeler on a real PostgreSQL and a real S3 server: the bytes go straight to the
 * presigned part URLs, an interrupted upload resumes from the parts the Labeler recorded, and a
 * zip is expanded into the dataset's files at finalize.
 */
import { createHash, randomBytes } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { buildZip, corruptEntryData, markEncrypted, renameEntry, setMethod } from '../test/harness/zip';
import { listObjects } from './bucket';
import { generateImages, cocoAnnotations, yoloLabel } from './sample-data';
import { startTestLabeler, TEST_SERVICE_KEY, TEST_USER_IDS, type TestLabeler } from './testing';

let t: TestLabeler;
const uid = (role: keyof typeof TEST_USER_IDS) => Number(TEST_USER_IDS[role]);
const PART = 5 * 1024 * 1024;

async function api(path: string, init: { method?: string; json?: unknown } = {}) {
  const res = await fetch(`${t.labeler.url}/api/v1${path}`, {
    method: init.method ?? (init.json === undefined ? 'GET' : 'POST'),
    headers: { Authorization: `Bearer ${TEST_SERVICE_KEY}`, ...(init.json === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON answers read by shape
}

async function createDataset(format: string, classNames: string[] = []) {
  const res = await api('/datasets', { json: { name: `upload-${format}`, format, owner_id: uid('standard_engineer'), class_names: classNames } });
  expect(res.status).toBe(201);
  return res.body.id as string;
}

/** PUT one part to its presigned URL, as a browser does; returns the ETag the bucket answers. */
async function putPart(url: string, bytes: Buffer): Promise<string> {
  const res = await fetch(url, { method: 'PUT', body: new Uint8Array(bytes) });
  expect(res.status).toBe(200);
  return res.headers.get('etag')!;
}

/** Uploads a whole small file (one part) through the multipart API. */
async function uploadFile(datasetId: string, path: string, bytes: Buffer, contentType = 'application/octet-stream') {
  const start = await api(`/datasets/${datasetId}/uploads`, { json: { path, size_bytes: bytes.length, content_type: contentType } });
  expect(start.status).toBe(201);
  const upload = start.body;
  for (const { part_number: n, url } of upload.part_urls) {
    const etag = await putPart(url, bytes.subarray((n - 1) * upload.part_size, n * upload.part_size));
    expect((await api(`/datasets/${datasetId}/uploads/${upload.upload_id}/parts/${n}`, { method: 'PUT', json: { etag } })).status).toBe(200);
  }
  const done = await api(`/datasets/${datasetId}/uploads/${upload.upload_id}/complete`, { json: {} });
  expect(done.status).toBe(200);
  return done.body;
}

beforeAll(async () => {
  t = await startTestLabeler('labeler_upload', { LABELER_UPLOAD_PART_BYTES: String(PART), LABELER_UPLOAD_MAX_BYTES: String(64 * 1024 * 1024) });
});

afterAll(async () => {
  await t?.labeler.close();
});

describe('POST /datasets/{id}/uploads (multipart, resumable)', () => {
  it('resumes after a dropped connection from the parts the Labeler recorded and stores the exact bytes', async () => {
    const id = await createDataset('coco');
    const bytes = randomBytes(2 * PART + 1234);
    const start = await api(`/datasets/${id}/uploads`, {
      json: { path: 'images/big.png', size_bytes: bytes.length, content_type: 'image/png', acting_user_id: uid('standard_engineer') },
    });
    expect(start.status).toBe(201);
    expect(start.body).toMatchObject({
      path: 'images/big.png',
      key: `datasets/${id}/images/big.png`,
      part_size: PART,
      part_count: 3,
      state: 'uploading',
      parts: [],
    });
    expect(start.body.part_urls.map((p: { part_number: number }) => p.part_number)).toEqual([1, 2, 3]);
    const uploadId = start.body.upload_id as string;

    // Part 1 goes through and is confirmed; then the connection drops.
    const etag1 = await putPart(start.body.part_urls[0].url, bytes.subarray(0, PART));
    expect((await api(`/datasets/${id}/uploads/${uploadId}/parts/1`, { method: 'PUT', json: { etag: etag1 } })).status).toBe(200);

    // Completing now names what is missing.
    const early = await api(`/datasets/${id}/uploads/${uploadId}/complete`, { json: {} });
    expect(early.status).toBe(409);
    expect(early.body).toMatchObject({ error: 'upload_incomplete', missing_parts: [2, 3] });

    // Back online: the status lists the stored part and presigns only the rest.
    const status = await api(`/datasets/${id}/uploads/${uploadId}?user_id=${uid('standard_engineer')}`);
    expect(status.status).toBe(200);
    expect(status.body.parts).toEqual([{ part_number: 1, etag: etag1 }]);
    expect(status.body.part_urls.map((p: { part_number: number }) => p.part_number)).toEqual([2, 3]);
    for (const { part_number: n, url } of status.body.part_urls) {
      const etag = await putPart(url, bytes.subarray((n - 1) * PART, n * PART));
      expect((await api(`/datasets/${id}/uploads/${uploadId}/parts/${n}`, { method: 'PUT', json: { etag } })).status).toBe(200);
    }
    const done = await api(`/datasets/${id}/uploads/${uploadId}/complete`, { json: {} });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ state: 'completed', part_urls: [] });

    const stored = await t.storage.client.send(new GetObjectCommand({ Bucket: t.storage.bucket, Key: `datasets/${id}/images/big.png` }));
    const got = Buffer.from(await stored.Body!.transformToByteArray());
    expect(got.length).toBe(bytes.length);
    expect(createHash('sha256').update(got).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('refuses users without write access, paths outside the folder, files over the limit and unknown uploads', async () => {
    const id = await createDataset('coco');
    const guest = await api(`/datasets/${id}/uploads`, { json: { path: 'images/a.png', size_bytes: 10, acting_user_id: uid('guest') } });
    expect(guest.status).toBe(403);
    expect(guest.body.error).toBe('permission_denied');
    const escape = await api(`/datasets/${id}/uploads`, { json: { path: '../other/a.png', size_bytes: 10 } });
    expect(escape.status).toBe(400);
    expect(escape.body.error).toBe('invalid_request');
    const huge = await api(`/datasets/${id}/uploads`, { json: { path: 'images/a.png', size_bytes: 65 * 1024 * 1024 } });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({ error: 'file_too_large', max_bytes: 64 * 1024 * 1024 });
    const unknown = await api(`/datasets/${id}/uploads/up_0000000000000000`);
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('upload_not_found');
  });
});

describe('POST /datasets/{id}/finalize reports problems per file', () => {
  it('names a bad image, an annotation for a missing image and an unknown class, and counts the good files', async () => {
    const id = await createDataset('coco');
    const images = generateImages(7, 2, ['circle', 'square']);
    for (const img of images) await uploadFile(id, `images/${img.fileName}`, img.png, 'image/png');
    await uploadFile(id, 'images/broken.jpg', Buffer.from('this is not a jpeg at all'), 'image/jpeg');
    const coco = JSON.parse(cocoAnnotations(images, ['circle', 'square'])) as {
      images: Array<{ id: number; file_name: string }>;
      annotations: Array<{ image_id: number; category_id: number }>;
    };
    coco.images.push({ id: 999, file_name: 'ghost.png' });
    coco.annotations.push({ ...coco.annotations[0]!, image_id: 999 });
    coco.annotations.push({ ...coco.annotations[0]!, category_id: 42 });
    await uploadFile(id, 'annotations/instances.json', Buffer.from(JSON.stringify(coco)), 'application/json');

    const res = await api(`/datasets/${id}/finalize`, { json: { acting_user_id: uid('standard_engineer') } });
    expect(res.status).toBe(200);
    expect(res.body.summary).toMatchObject({ num_images: 2, class_names: ['circle', 'square'], labeled: true });
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        { path: 'images/broken.jpg', code: 'bad_image', message: expect.any(String) },
        { path: 'annotations/instances.json', code: 'missing_image', message: expect.stringContaining('ghost.png') },
        { path: 'annotations/instances.json', code: 'unknown_class', message: expect.stringContaining('42') },
      ]),
    );
    expect(res.body.problems).toHaveLength(3);
    expect(res.body.problems_truncated).toBe(false);
    expect(res.body.archive.size_bytes).toBeGreaterThan(0);
  });

  it('checks YOLO labels against the images and classes.txt', async () => {
    const id = await createDataset('yolo');
    const [img] = generateImages(3, 1, ['circle']);
    await uploadFile(id, `images/${img!.fileName}`, img!.png, 'image/png');
    await uploadFile(id, 'classes.txt', Buffer.from('circle\n'));
    const stem = img!.fileName.replace(/\.png$/, '');
    await uploadFile(id, `labels/${stem}.txt`, Buffer.from('0 0.5 0.5 0.2 0.2\n3 0.5 0.5 0.2 0.2\n'));
    await uploadFile(id, 'labels/nobody.txt', Buffer.from('0 0.5 0.5 0.2 0.2\n'));
    const res = await api(`/datasets/${id}/finalize`, { json: {} });
    expect(res.status).toBe(200);
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        { path: `labels/${stem}.txt`, code: 'unknown_class', message: expect.stringContaining('3') },
        { path: 'labels/nobody.txt', code: 'missing_image', message: expect.any(String) },
      ]),
    );
    expect(res.body.problems).toHaveLength(2);
  });
});

describe('POST /datasets/{id}/finalize expands uploaded zips', () => {
  const keysOf = async (id: string) => (await listObjects(t.storage, `datasets/${id}/`)).map((o) => o.key.slice(`datasets/${id}/`.length));

  it('turns a zip of images and a COCO file into the dataset files, removes the zip and lists the images with their classes', async () => {
    const id = await createDataset('coco');
    const images = generateImages(21, 3, ['circle', 'square']);
    const zip = await buildZip([
      // Stored and deflated images, and the annotation file written as a stream (data descriptor).
      { name: `images/${images[0]!.fileName}`, data: images[0]!.png, compress: false },
      { name: `images/${images[1]!.fileName}`, data: images[1]!.png },
      { name: `images/${images[2]!.fileName}`, data: images[2]!.png, streamed: true },
      { name: 'annotations/instances.json', data: Buffer.from(cocoAnnotations(images, ['circle', 'square'])), streamed: true },
    ]);
    await uploadFile(id, 'data.zip', zip, 'application/zip');

    const res = await api(`/datasets/${id}/finalize`, { json: { acting_user_id: uid('standard_engineer') } });
    expect(res.status).toBe(200);
    expect(res.body.problems).toEqual([]);
    expect(res.body.summary).toMatchObject({ num_images: 3, class_names: ['circle', 'square'], labeled: true });
    expect(await keysOf(id)).toEqual(['annotations/instances.json', 'dataset.tar.gz', ...images.map((i) => `images/${i.fileName}`)]);

    const stored = await t.storage.client.send(new GetObjectCommand({ Bucket: t.storage.bucket, Key: `datasets/${id}/images/${images[2]!.fileName}` }));
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(images[2]!.png)).toBe(true);

    const listed = await api(`/datasets/${id}/images?annotations=true&limit=10`);
    expect(listed.status).toBe(200);
    expect(listed.body.total).toBe(3);
    const classes = (listed.body.images as Array<{ annotations: Array<{ class_name: string }> }>).flatMap((i) => i.annotations.map((a) => a.class_name));
    const expected = images.flatMap((i) => i.boxes.map((b) => b.className));
    expect(classes.sort()).toEqual(expected.sort());
  });

  it('reads Zip64 files and puts the entries of a zip in a folder into that folder', async () => {
    const id = await createDataset('yolo');
    const [img] = generateImages(22, 1, ['circle']);
    const stem = img!.fileName.replace(/\.png$/, '');
    const zip = await buildZip(
      [
        { name: `images/${img!.fileName}`, data: img!.png, zip64: true },
        { name: `labels/${stem}.txt`, data: Buffer.from(yoloLabel(img!, ['circle'])), zip64: true, streamed: true },
        { name: 'classes.txt', data: Buffer.from('circle\n'), compress: false, zip64: true },
      ],
      { zip64: true },
    );
    await uploadFile(id, 'batch1/upload.zip', zip, 'application/zip');
    const res = await api(`/datasets/${id}/finalize`, { json: {} });
    expect(res.status).toBe(200);
    expect(res.body.problems).toEqual([]);
    expect(res.body.summary).toMatchObject({ num_images: 1, class_names: ['circle'], labeled: true });
    expect(await keysOf(id)).toEqual(['batch1/classes.txt', `batch1/images/${img!.fileName}`, `batch1/labels/${stem}.txt`, 'dataset.tar.gz']);
  });

  it('reports unsafe paths, files that are neither images nor annotations, oversized, encrypted and unknown-method entries, and an unknown class', async () => {
    const id = await createDataset('yolo');
    const [img] = generateImages(23, 1, ['circle']);
    const stem = img!.fileName.replace(/\.png$/, '');
    let zip = await buildZip([
      { name: `images/${img!.fileName}`, data: img!.png },
      { name: 'classes.txt', data: Buffer.from('circle\n') },
      { name: `labels/${stem}.txt`, data: Buffer.from('0 0.5 0.5 0.2 0.2\n3 0.5 0.5 0.2 0.2\n') },
      { name: 'xx/evil.png', data: img!.png },
      { name: 'xabs.png', data: img!.png },
      { name: 'notes.pdf', data: Buffer.from('%PDF-1.4 not a dataset file') },
      { name: 'images/secret.png', data: img!.png },
      { name: 'images/bzip.png', data: img!.png },
      { name: 'images/huge.png', data: Buffer.alloc(65 * 1024 * 1024) },
    ]);
    zip = renameEntry(zip, 'xx/evil.png', '../evil.png');
    zip = renameEntry(zip, 'xabs.png', '/abs.png');
    zip = markEncrypted(zip, 'images/secret.png');
    zip = setMethod(zip, 'images/bzip.png', 12);
    await uploadFile(id, 'data.zip', zip, 'application/zip');

    const res = await api(`/datasets/${id}/finalize`, { json: {} });
    expect(res.status).toBe(200);
    expect(res.body.problems.map((p: { path: string; code: string }) => [p.path, p.code]).sort()).toEqual(
      [
        ['data.zip!/../evil.png', 'unsafe_path'],
        ['data.zip!//abs.png', 'unsafe_path'],
        ['data.zip!/notes.pdf', 'unsupported_file'],
        ['data.zip!/images/secret.png', 'zip_encrypted'],
        ['data.zip!/images/bzip.png', 'zip_unsupported_method'],
        ['data.zip!/images/huge.png', 'file_too_large'],
        [`labels/${stem}.txt`, 'unknown_class'],
      ].sort(),
    );
    expect(res.body.summary).toMatchObject({ num_images: 1 });
    expect(await keysOf(id)).toEqual(['classes.txt', 'dataset.tar.gz', `images/${img!.fileName}`, `labels/${stem}.txt`]);
  });

  it('answers a corrupt or truncated zip and a damaged entry with a clear problem, not a server error', async () => {
    const id = await createDataset('coco');
    const images = generateImages(24, 2, ['circle']);
    const good = await buildZip(images.map((i) => ({ name: `images/${i.fileName}`, data: i.png })));
    await uploadFile(id, 'random.zip', randomBytes(4096), 'application/zip');
    await uploadFile(id, 'truncated.zip', good.subarray(0, Math.floor(good.length * 0.6)), 'application/zip');
    await uploadFile(id, 'damaged.zip', corruptEntryData(good, `images/${images[0]!.fileName}`), 'application/zip');

    const res = await api(`/datasets/${id}/finalize`, { json: {} });
    expect(res.status).toBe(200);
    expect(res.body.problems).toEqual(
      expect.arrayContaining([
        { path: 'random.zip', code: 'bad_zip', message: expect.stringContaining('not a readable zip') },
        { path: 'truncated.zip', code: 'bad_zip', message: expect.stringContaining('not a readable zip') },
        { path: `damaged.zip!/images/${images[0]!.fileName}`, code: 'bad_zip', message: expect.any(String) },
      ]),
    );
    expect(res.body.problems).toHaveLength(3);
    // The damaged zip's intact entry is kept; the unreadable zips are removed with the rest.
    expect(res.body.summary).toMatchObject({ num_images: 1 });
    expect(await keysOf(id)).toEqual(['dataset.tar.gz', `images/${images[1]!.fileName}`]);
  });
});
