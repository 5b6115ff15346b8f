/**
 * Creating a dataset and uploading its files through the gateway: the graph hands out presigned
 * part URLs, the bytes go straight to the bucket, an interrupted upload resumes from the parts the
 * Labeler recorded, and finalize reports per-file problems. Real gateway, subgraphs, Labeler,
 * PostgreSQL and S3 server.
 */
import { createHash, randomBytes } from 'node:crypto';
import { GetObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { cocoAnnotations, generateImages } from '../../labeler/sample-data';
import { codeOf, type GraphQLClient } from '../../test/harness/graphql-client';
import { startStack, type Stack } from '../../test/harness/stack';
import { buildZip, renameEntry } from '../../test/harness/zip';

const PART = 5 * 1024 * 1024;
let stack: Stack;
let engineer: GraphQLClient;
let guest: GraphQLClient;
let other: GraphQLClient;

const CREATE = `mutation CreateDataset($input: CreateDatasetInput!) { createDataset(input: $input) { id name format visibility numImages owner { id } myPermission } }`;
const START = `mutation StartDatasetUpload($input: StartDatasetUploadInput!) {
  startDatasetUpload(input: $input) { id datasetId path sizeBytes partSize partCount state uploadedParts { partNumber etag } partUrls { partNumber url } expiresAt }
}`;
const STATUS = `query DatasetUpload($datasetId: ID!, $uploadId: ID!) {
  datasetUpload(datasetId: $datasetId, uploadId: $uploadId) { id state partCount uploadedParts { partNumber etag } partUrls { partNumber url } }
}`;
const CONFIRM = `mutation ConfirmDatasetUploadPart($datasetId: ID!, $uploadId: ID!, $partNumber: Int!, $etag: String!) {
  confirmDatasetUploadPart(datasetId: $datasetId, uploadId: $uploadId, partNumber: $partNumber, etag: $etag) { partNumber etag }
}`;
const COMPLETE = `mutation CompleteDatasetUpload($datasetId: ID!, $uploadId: ID!) { completeDatasetUpload(datasetId: $datasetId, uploadId: $uploadId) { id state } }`;
const FINALIZE = `mutation FinalizeDataset($id: ID!) {
  finalizeDataset(id: $id) { dataset { id numImages labeled classNames } numImages numAnnotations classNames problems { path code message } problemsTruncated }
}`;

interface Upload {
  id: string;
  partSize: number;
  partCount: number;
  state: string;
  uploadedParts: Array<{ partNumber: number; etag: string }>;
  partUrls: Array<{ partNumber: number; url: string }>;
}

async function putPart(url: string, bytes: Buffer): Promise<string> {
  const res = await fetch(url, { method: 'PUT', body: new Uint8Array(bytes) });
  expect(res.status).toBe(200);
  return res.headers.get('etag')!;
}

async function uploadWhole(client: GraphQLClient, datasetId: string, path: string, bytes: Buffer, contentType: string) {
  const { startDatasetUpload: up } = await client.data<{ startDatasetUpload: Upload }>(START, {
    input: { datasetId, path, sizeBytes: bytes.length, contentType },
  });
  for (const { partNumber, url } of up.partUrls) {
    const etag = await putPart(url, bytes.subarray((partNumber - 1) * up.partSize, partNumber * up.partSize));
    await client.data(CONFIRM, { datasetId, uploadId: up.id, partNumber, etag });
  }
  await client.data(COMPLETE, { datasetId, uploadId: up.id });
}

beforeAll(async () => {
  stack = await startStack({ env: { labeler: { LABELER_UPLOAD_PART_BYTES: String(PART), LABELER_UPLOAD_MAX_BYTES: String(100 * 1024 * 1024) } } });
  engineer = stack.graphql.withToken(await stack.login('standard_engineer@example.com'));
  guest = stack.graphql.withToken(await stack.login('guest@example.com'));
  other = stack.graphql.withToken(await stack.login('advanced_engineer@example.com'));
});

afterAll(async () => {
  await stack?.close();
});

describe('dataset upload through the gateway', () => {
  it('creates a dataset, uploads a multi-part file resumably straight to the bucket, and completes it', async () => {
    const { createDataset: ds } = await engineer.data<{ createDataset: { id: string; owner: { id: string }; myPermission: string; numImages: number } }>(
      CREATE,
      {
        input: { name: 'uploaded shapes', format: 'COCO', classNames: ['circle', 'square'] },
      },
    );
    expect(ds).toMatchObject({ owner: { id: stack.userIds.standard_engineer }, myPermission: 'ADMIN', numImages: 0 });

    const bytes = randomBytes(2 * PART + 77);
    const start = await engineer.data<{ startDatasetUpload: Upload }>(START, {
      input: { datasetId: ds.id, path: 'images/large.png', sizeBytes: bytes.length, contentType: 'image/png' },
    });
    const up = start.startDatasetUpload;
    expect(up).toMatchObject({ partSize: PART, partCount: 3, state: 'uploading', uploadedParts: [] });
    // The URLs point at the bucket, not at the gateway: no file bytes pass the platform.
    for (const p of up.partUrls) expect(p.url.startsWith(new URL(stack.gatewayUrl).origin)).toBe(false);

    const etag1 = await putPart(up.partUrls[0]!.url, bytes.subarray(0, PART));
    await engineer.data(CONFIRM, { datasetId: ds.id, uploadId: up.id, partNumber: 1, etag: etag1 });

    const early = await engineer.request(COMPLETE, { datasetId: ds.id, uploadId: up.id });
    expect(codeOf(early)).toBe('UPLOAD_INCOMPLETE');
    expect(early.errors![0]!.extensions!.missingParts).toEqual([2, 3]);

    // The connection dropped; the console asks what is stored and continues with the rest.
    const { datasetUpload: resumed } = await engineer.data<{ datasetUpload: Upload }>(STATUS, { datasetId: ds.id, uploadId: up.id });
    expect(resumed.uploadedParts).toEqual([{ partNumber: 1, etag: etag1 }]);
    expect(resumed.partUrls.map((p) => p.partNumber)).toEqual([2, 3]);
    for (const { partNumber, url } of resumed.partUrls) {
      const etag = await putPart(url, bytes.subarray((partNumber - 1) * PART, partNumber * PART));
      await engineer.data(CONFIRM, { datasetId: ds.id, uploadId: up.id, partNumber, etag });
    }
    const done = await engineer.data<{ completeDatasetUpload: { state: string } }>(COMPLETE, { datasetId: ds.id, uploadId: up.id });
    expect(done.completeDatasetUpload.state).toBe('completed');

    const stored = await stack.storage.client.send(new GetObjectCommand({ Bucket: stack.storage.bucket, Key: `datasets/${ds.id}/images/large.png` }));
    const got = Buffer.from(await stored.Body!.transformToByteArray());
    expect(createHash('sha256').update(got).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
  });

  it('refuses to complete an upload whose confirmed part was never stored or has another ETag, and completes it once the part is sent again', async () => {
    const { createDataset: ds } = await engineer.data<{ createDataset: { id: string } }>(CREATE, { input: { name: 'confirmed blindly', format: 'yolo' } });
    const bytes = randomBytes(PART + 10);
    const { startDatasetUpload: up } = await engineer.data<{ startDatasetUpload: Upload }>(START, {
      input: { datasetId: ds.id, path: 'images/two.png', sizeBytes: bytes.length, contentType: 'image/png' },
    });
    const etag1 = await putPart(up.partUrls[0]!.url, bytes.subarray(0, PART));
    await engineer.data(CONFIRM, { datasetId: ds.id, uploadId: up.id, partNumber: 1, etag: etag1 });
    // Part 2 is confirmed but never sent to the bucket.
    await engineer.data(CONFIRM, { datasetId: ds.id, uploadId: up.id, partNumber: 2, etag: '"deadbeefdeadbeefdeadbeefdeadbeef"' });
    const neverSent = await engineer.request(COMPLETE, { datasetId: ds.id, uploadId: up.id });
    expect(neverSent.errors?.map((e) => [e.extensions?.code, e.message])).toEqual([
      ['UPLOAD_INCOMPLETE', 'The bucket rejected the parts (InvalidPart); upload them again'],
    ]);
    expect(neverSent.data).toBeNull();

    // Part 2 is sent, but confirmed with part 1's ETag.
    const { datasetUpload: status } = await engineer.data<{ datasetUpload: Upload }>(STATUS, { datasetId: ds.id, uploadId: up.id });
    expect(status.state).toBe('uploading');
    const etag2 = await putPart(up.partUrls[1]!.url, bytes.subarray(PART));
    await engineer.data(CONFIRM, { datasetId: ds.id, uploadId: up.id, partNumber: 2, etag: etag1 });
    expect(codeOf(await engineer.request(COMPLETE, { datasetId: ds.id, uploadId: up.id }))).toBe('UPLOAD_INCOMPLETE');
    await expect(
      stack.storage.client.send(new GetObjectCommand({ Bucket: stack.storage.bucket, Key: `datasets/${ds.id}/images/two.png` })),
    ).rejects.toMatchObject({ name: 'NoSuchKey' });

    await engineer.data(CONFIRM, { datasetId: ds.id, uploadId: up.id, partNumber: 2, etag: etag2 });
    const done = await engineer.data<{ completeDatasetUpload: { state: string } }>(COMPLETE, { datasetId: ds.id, uploadId: up.id });
    expect(done.completeDatasetUpload.state).toBe('completed');
    const stored = await stack.storage.client.send(new GetObjectCommand({ Bucket: stack.storage.bucket, Key: `datasets/${ds.id}/images/two.png` }));
    expect(Buffer.from(await stored.Body!.transformToByteArray()).equals(bytes)).toBe(true);
  });

  it('validates and indexes the upload and reports a bad image, an annotation for a missing image and an unknown class', async () => {
    const { createDataset: ds } = await engineer.data<{ createDataset: { id: string } }>(CREATE, {
      input: { name: 'voc with problems', format: 'voc', classNames: ['circle'] },
    });
    const [img] = generateImages(11, 1, ['circle']);
    await uploadWhole(engineer, ds.id, `images/${img!.fileName}`, img!.png, 'image/png');
    await uploadWhole(engineer, ds.id, 'images/corrupt.png', Buffer.from('not a png'), 'image/png');
    const voc = (file: string, name: string) => `<annotation><filename>${file}</filename><object><name>${name}</name></object></annotation>`;
    const stem = img!.fileName.replace(/\.png$/, '');
    await uploadWhole(engineer, ds.id, `Annotations/${stem}.xml`, Buffer.from(voc(img!.fileName, 'hexagon')), 'application/xml');
    await uploadWhole(engineer, ds.id, 'Annotations/ghost.xml', Buffer.from(voc('ghost.png', 'circle')), 'application/xml');

    const { finalizeDataset: result } = await engineer.data<{
      finalizeDataset: {
        dataset: { numImages: number; labeled: boolean };
        numImages: number;
        problems: Array<{ path: string; code: string }>;
        problemsTruncated: boolean;
      };
    }>(FINALIZE, { id: ds.id });
    expect(result.numImages).toBe(1);
    expect(result.dataset).toMatchObject({ numImages: 1, labeled: true });
    expect(result.problems.map((p) => [p.path, p.code]).sort()).toEqual(
      [
        ['images/corrupt.png', 'bad_image'],
        [`Annotations/${stem}.xml`, 'unknown_class'],
        ['Annotations/ghost.xml', 'missing_image'],
      ].sort(),
    );
    expect(result.problemsTruncated).toBe(false);
  });

  it('reports class names and problems from the uploaded files with their control and text-direction characters shown as U+FFFD', async () => {
    const { createDataset: ds } = await engineer.data<{ createDataset: { id: string } }>(CREATE, { input: { name: 'coco with odd names', format: 'coco' } });
    const images = generateImages(13, 1, ['circle']);
    // The annotation file is the uploader's: a category and a missing image named with U+202E.
    const coco = JSON.parse(cocoAnnotations(images, ['circle'])) as {
      images: Array<{ id: number; file_name: string }>;
      annotations: Array<{ image_id: number }>;
      categories: Array<{ name: string }>;
    };
    coco.categories[0]!.name = 'elcric\u202E';
    coco.images.push({ id: 99, file_name: 'gh\u202Eost.png' });
    coco.annotations.push({ ...coco.annotations[0]!, image_id: 99 });
    await uploadWhole(engineer, ds.id, `images/${images[0]!.fileName}`, images[0]!.png, 'image/png');
    await uploadWhole(engineer, ds.id, 'annotations/instances.json', Buffer.from(JSON.stringify(coco)), 'application/json');

    const { finalizeDataset: result } = await engineer.data<{
      finalizeDataset: { dataset: { classNames: string[] }; classNames: string[]; problems: Array<{ path: string; code: string; message: string }> };
    }>(FINALIZE, { id: ds.id });
    expect(result.classNames).toEqual(['elcric\uFFFD']);
    expect(result.dataset.classNames).toEqual(['elcric\uFFFD']);
    expect(result.problems.map((p) => p.code)).toEqual(['missing_image']);
    expect(result.problems[0]!.message).toContain('gh\uFFFDost.png');
    expect(JSON.stringify(result)).not.toMatch(/\u202e/i);
  });

  it('expands an uploaded zip into the dataset and reports its unsafe, unsupported and unknown-class entries', async () => {
    const { createDataset: ds } = await engineer.data<{ createDataset: { id: string } }>(CREATE, {
      input: { name: 'zipped coco', format: 'coco' },
    });
    const images = generateImages(12, 2, ['circle', 'square']);
    const coco = JSON.parse(cocoAnnotations(images, ['circle', 'square'])) as { annotations: Array<{ category_id: number }> };
    coco.annotations.push({ ...coco.annotations[0]!, category_id: 42 });
    let zip = await buildZip([
      ...images.map((i) => ({ name: `images/${i.fileName}`, data: i.png })),
      { name: 'annotations/instances.json', data: Buffer.from(JSON.stringify(coco)), streamed: true },
      { name: 'xx/evil.png', data: images[0]!.png },
      { name: 'readme.pdf', data: Buffer.from('%PDF-1.4') },
      // An entry name is the uploader's too: not a valid path, and its problem's path shows U+202E as U+FFFD.
      { name: 'notes\u202Efdp.txt', data: Buffer.from('notes') },
    ]);
    zip = renameEntry(zip, 'xx/evil.png', '../evil.png');
    await uploadWhole(engineer, ds.id, 'data.zip', zip, 'application/zip');

    const { finalizeDataset: result } = await engineer.data<{
      finalizeDataset: { dataset: { numImages: number; labeled: boolean; classNames: string[] }; problems: Array<{ path: string; code: string }> };
    }>(FINALIZE, { id: ds.id });
    expect(result.dataset).toMatchObject({ numImages: 2, labeled: true, classNames: ['circle', 'square'] });
    expect(result.problems.map((p) => [p.path, p.code]).sort()).toEqual(
      [
        ['data.zip!/../evil.png', 'unsafe_path'],
        ['data.zip!/readme.pdf', 'unsupported_file'],
        ['data.zip!/notes\uFFFDfdp.txt', 'bad_path'],
        ['annotations/instances.json', 'unknown_class'],
      ].sort(),
    );
  });

  it('answers bad input with stable codes, and refuses callers without write access', async () => {
    const { createDataset: ds } = await engineer.data<{ createDataset: { id: string } }>(CREATE, { input: { name: 'private one', format: 'yolo' } });
    // The console shows `fields` under each input: what the value must be, never a bare "invalid".
    const refused = (result: { errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }> }) =>
      result.errors?.map((e) => [e.extensions?.code, e.message, e.extensions?.fields]);
    expect(refused(await engineer.request(CREATE, { input: { name: 'x', format: 'parquet' } }))).toEqual([
      ['BAD_USER_INPUT', '`format` must be one of coco, yolo, voc.', { format: 'one of coco, yolo, voc' }],
    ]);
    expect(refused(await engineer.request(CREATE, { input: { name: 'n'.repeat(201), format: 'coco' } }))).toEqual([
      ['BAD_USER_INPUT', '`name` must be 1 to 200 characters.', { name: '1 to 200 characters' }],
    ]);
    expect(refused(await engineer.request(CREATE, { input: { name: 'x', format: 'coco', classNames: ['cat', ' '] } }))).toEqual([
      ['BAD_USER_INPUT', '`classNames` must be names of 1 to 100 characters each.', { classNames: 'names of 1 to 100 characters each' }],
    ]);
    const badPath = await engineer.request(START, { input: { datasetId: ds.id, path: '../escape.png', sizeBytes: 1 } });
    expect(codeOf(badPath)).toBe('BAD_USER_INPUT');
    expect(badPath.errors![0]!.extensions!.fields).toEqual({ path: 'a relative path (no `..`) of at most 100 letters, digits, `_ . - /` and spaces' });
    const tooLarge = await engineer.request(START, { input: { datasetId: ds.id, path: 'images/huge.png', sizeBytes: 101 * 1024 * 1024 } });
    expect(codeOf(tooLarge)).toBe('UPLOAD_TOO_LARGE');
    expect(tooLarge.errors![0]!.extensions!.maxBytes).toBe(100 * 1024 * 1024);
    const negative = await engineer.request(START, { input: { datasetId: ds.id, path: 'images/a.png', sizeBytes: -5 } });
    expect(refused(negative)).toEqual([
      ['BAD_USER_INPUT', '`sizeBytes` must be a whole number of bytes, 0 or more.', { sizeBytes: 'a whole number of bytes, 0 or more' }],
    ]);
    // A part number past the upload's parts: the upload's own count, in the API's words.
    const { startDatasetUpload: one } = await engineer.data<{ startDatasetUpload: Upload }>(START, {
      input: { datasetId: ds.id, path: 'images/one.png', sizeBytes: 10 },
    });
    expect(refused(await engineer.request(CONFIRM, { datasetId: ds.id, uploadId: one.id, partNumber: 99, etag: '"x"' }))).toEqual([
      ['BAD_USER_INPUT', '`partNumber` must be between 1 and 1 (the parts of this upload).', { partNumber: 'between 1 and 1 (the parts of this upload)' }],
    ]);
    const unknownUpload = await engineer.request(STATUS, { datasetId: ds.id, uploadId: 'up_0123456789abcdef' });
    expect(codeOf(unknownUpload)).toBe('NOT_FOUND');
    // Another engineer has no permission on this private dataset; a guest's role is too low.
    const stranger = await other.request(START, { input: { datasetId: ds.id, path: 'images/a.png', sizeBytes: 1 } });
    expect(codeOf(stranger)).toBe('FORBIDDEN');
    const byGuest = await guest.request(CREATE, { input: { name: 'x', format: 'coco' } });
    expect(codeOf(byGuest)).toBe('FORBIDDEN');
  });
});
