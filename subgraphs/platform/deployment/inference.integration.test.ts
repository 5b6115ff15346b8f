/**
 * @jest-environment ./test/harness/native-arrays-environment.js
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import pg from 'pg';
import { startStack, type Stack } from '../../../test/harness/stack';
import { generateImages, type ShapeClass } from '../../../labeler/sample-data';
import { parseMetrics, sumSamples } from '../../../lib/metrics';
import { seededRandom } from '../../../lib/prng';
import { pixelFeatures } from '../../../trainer/dataset';
import { softmaxModelToOnnx } from '../../../trainer/onnx-export';
import { createModel, fitNormaliser, normalise, probabilities, trainEpoch, type SoftmaxModel } from '../../../trainer/softmax';
import { stableId } from '../seed';
import { hashApiKey } from './inference.routes';
import { encodePng } from './runtime';

const classes: ShapeClass[] = ['circle', 'square', 'triangle'];
const IMAGE_SIZE = 4;
const images = generateImages(5, 24, classes);
const detection = stableId('prj', 'detection');
const inspection = stableId('prj', 'inspection');
const ids = { ready: 'dep_00000000000000a1', stopped: 'dep_00000000000000a2', pending: 'dep_00000000000000a3', inspection: 'dep_00000000000000a4' };
const API_KEY = 'vpk_integration-test-key-0123456789';
const REVOKED_KEY = 'vpk_integration-test-key-revoked-0000';

let stack: Stack;
let model: SoftmaxModel;
let engineer: string;
let platform: string;

function train(): SoftmaxModel {
  const raw = images.map((img) => pixelFeatures(img.png, IMAGE_SIZE, 'gray'));
  const labels = images.map((img) => [...img.boxes].sort((a, b) => b.width * b.height - a.width * a.height)[0]!.className);
  const normaliser = fitNormaliser(raw);
  const xs = raw.map((row) => normalise(row, normaliser));
  const random = seededRandom(11);
  const m = createModel([...classes], xs[0]!.length, normaliser, random);
  for (let i = 0; i < 10; i++)
    trainEpoch(
      m,
      xs,
      labels.map((l) => classes.indexOf(l as ShapeClass)),
      { learningRate: 0.5, batchSize: 8, weightDecay: 0, random },
    );
  return m;
}

const form = (...files: Array<{ name: string; bytes: Buffer; type?: string }>) => {
  const body = new FormData();
  for (const f of files) body.append('image', new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'image/png' }), f.name);
  return body;
};

async function predict(id: string, body: FormData | object, headers: Record<string, string> = { authorization: `Bearer ${engineer}` }) {
  const res = await fetch(`${platform}/inference/v1/deployments/${id}/predict`, {
    method: 'POST',
    headers: body instanceof FormData ? headers : { ...headers, 'content-type': 'application/json' },
    body: body instanceof FormData ? body : JSON.stringify(body),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON answers of several shapes, checked field by field
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

beforeAll(async () => {
  stack = await startStack({ env: { platform: { INFERENCE_MAX_IMAGE_BYTES: '4096', INFERENCE_MAX_IMAGES: '4' } } });
  platform = stack.urls.platform;
  engineer = await stack.login('standard_engineer@example.com');
  model = train();
  const onnx = softmaxModelToOnnx(model, { imageSize: IMAGE_SIZE, colour: 'gray' });
  const key = 'deployments/test/model.onnx';
  await stack.internalStorage.client.send(new PutObjectCommand({ Bucket: stack.internalStorage.bucket, Key: key, Body: onnx }));
  const db = new pg.Client({ connectionString: stack.dbUrls.platform });
  await db.connect();
  try {
    // A registered version per project (of one of its fixture jobs), for the deployments to serve.
    for (const project of [detection, inspection]) {
      const { rows } = await db.query<{ id: string }>('select id from training_jobs where project_id = $1 order by id limit 1', [project]);
      await db.query(`insert into models (id, project_id, name, created_by) values ($1, $2, 'shapes', $3)`, [
        `mdl_${project.slice(4)}`,
        project,
        stack.userIds.manager,
      ]);
      await db.query(
        `insert into model_versions (id, model_id, version, job_id, framework, task, architecture, registered_by)
         values ($1, $2, 1, $3, 'reference', 'classification', 'softmax', $4)`,
        [`mv_${project.slice(4)}`, `mdl_${project.slice(4)}`, rows[0]!.id, stack.userIds.manager],
      );
    }
    const insert = (id: string, project: string, status: string) =>
      db.query(
        `insert into deployments (id, project_id, model_version_id, name, status, model_key, created_by) values ($1, $2, 'mv_' || substr($2, 5), $3, $4, $5, $6)`,
        [id, project, `deployment ${status}`, status, key, stack.userIds.manager],
      );
    await insert(ids.ready, detection, 'ready');
    await insert(ids.stopped, detection, 'stopped');
    await insert(ids.pending, detection, 'pending');
    await insert(ids.inspection, inspection, 'ready');
    for (const [id, k, revoked] of [
      ['dpk_1', API_KEY, false],
      ['dpk_2', REVOKED_KEY, true],
    ] as const) {
      await db.query(
        `insert into deployment_api_keys (id, deployment_id, name, prefix, key_hash, created_by, revoked_at) values ($1, $2, 'ci', 'vpk_inte', $3, $4, $5)`,
        [id, ids.ready, hashApiKey(k), stack.userIds.manager, revoked ? new Date() : null],
      );
    }
  } finally {
    await db.end();
  }
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('POST /inference/v1/deployments/{id}/predict', () => {
  it('classifies uploaded PNGs with the ONNX model: the scores are the trainer’s probabilities', async () => {
    const { status, body } = await predict(ids.ready, form({ name: 'a.png', bytes: images[0]!.png }, { name: 'b.png', bytes: images[1]!.png }));
    expect(status).toBe(200);
    expect(body.deploymentId).toBe(ids.ready);
    expect(body.predictions).toHaveLength(2);
    body.predictions.forEach((p: { index: number; source: string; classes: Array<{ label: string; score: number }> }, i: number) => {
      expect(p.source).toBe(i === 0 ? 'a.png' : 'b.png');
      const expected = probabilities(model, normalise(pixelFeatures(images[i]!.png, IMAGE_SIZE, 'gray'), model.normaliser));
      expect(p.classes.map((c) => c.label).sort()).toEqual([...classes]);
      for (const c of p.classes) expect(Math.abs(c.score - expected[classes.indexOf(c.label as ShapeClass)]!)).toBeLessThan(1e-5);
      expect(p.classes[0]!.score).toBe(Math.max(...p.classes.map((c) => c.score)));
    });
  });

  it('is reachable through the gateway, on the API’s origin', async () => {
    const res = await fetch(`${stack.gatewayUrl}/inference/v1/deployments/${ids.ready}/predict`, {
      method: 'POST',
      headers: { authorization: `Bearer ${engineer}` },
      body: form({ name: 'a.png', bytes: images[3]!.png }),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { predictions: unknown[] }).predictions).toHaveLength(1);
    const stopped = await fetch(`${stack.gatewayUrl}/inference/v1/deployments/${ids.stopped}/predict`, {
      method: 'POST',
      headers: { authorization: `Bearer ${engineer}` },
      body: form({ name: 'a.png', bytes: images[3]!.png }),
    });
    expect(stopped.status).toBe(409);
  });

  it('reads images named by presigned URLs of the platform’s buckets, and refuses other hosts', async () => {
    await stack.storage.client.send(new PutObjectCommand({ Bucket: stack.storage.bucket, Key: 'inference/one.png', Body: images[2]!.png }));
    const url = await stack.storage.presignGet('inference/one.png', 300);
    const ok = await predict(ids.ready, { images: [url] });
    expect(ok.status).toBe(200);
    expect(ok.body.predictions[0].classes).toHaveLength(3);
    const elsewhere = await predict(ids.ready, { images: ['http://169.254.169.254/latest/meta-data'] });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.body.errors[0].extensions.code).toBe('BAD_REQUEST');
    // The bucket's own origin without a signature: not fetched (a store that serves unsigned reads would give any object).
    const unsigned = new URL(url);
    unsigned.search = '';
    const refused = await predict(ids.ready, { images: [unsigned.toString()] });
    expect([refused.status, refused.body.errors?.[0]?.extensions.code, refused.body.errors?.[0]?.message]).toEqual([
      400,
      'BAD_REQUEST',
      "images.0: only presigned GET URLs of the platform's buckets are fetched; this one carries no signature.",
    ]);
  });

  it('accepts a key of the deployment instead of a token, and refuses a revoked one', async () => {
    expect((await predict(ids.ready, form({ name: 'a.png', bytes: images[0]!.png }), { 'x-api-key': API_KEY })).status).toBe(200);
    expect((await predict(ids.ready, form({ name: 'a.png', bytes: images[0]!.png }), { authorization: `Bearer ${API_KEY}` })).status).toBe(200);
    const revoked = await predict(ids.ready, form({ name: 'a.png', bytes: images[0]!.png }), { 'x-api-key': REVOKED_KEY });
    expect(revoked.status).toBe(401);
    expect(revoked.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    // A key of one deployment opens no other.
    expect((await predict(ids.inspection, form({ name: 'a.png', bytes: images[0]!.png }), { 'x-api-key': API_KEY })).status).toBe(401);
    expect((await predict(ids.ready, form({ name: 'a.png', bytes: images[0]!.png }), {})).status).toBe(401);
  });

  it.each([
    ['not an image', () => form({ name: 'notes.txt', bytes: Buffer.from('just text, not pixels'), type: 'text/plain' }), 415, 'NOT_AN_IMAGE'],
    [
      'a file over INFERENCE_MAX_IMAGE_BYTES',
      () => form({ name: 'big.png', bytes: encodePng(96, 96, (x, y) => [(x * 37 + y * 11) % 256, (x * y) % 256, (x ^ y) % 256]) }),
      413,
      'IMAGE_TOO_LARGE',
    ],
    ['an image smaller than the model’s input grid', () => form({ name: 'tiny.png', bytes: encodePng(2, 2, () => [0, 0, 0]) }), 422, 'IMAGE_WRONG_SIZE'],
    ['a PNG whose pixels are cut off', () => form({ name: 'cut.png', bytes: images[0]!.png.subarray(0, 60) }), 415, 'NOT_AN_IMAGE'],
    [
      'more images than INFERENCE_MAX_IMAGES',
      () => form(...Array.from({ length: 5 }, (_, i) => ({ name: `${i}.png`, bytes: images[i]!.png }))),
      400,
      'BAD_REQUEST',
    ],
  ] as const)('refuses %s with a clear 4xx', async (_what, body, status, code) => {
    const res = await predict(ids.ready, body());
    expect(res.status).toBe(status);
    expect(res.body.errors[0].extensions.code).toBe(code);
    expect(res.body.errors[0].message).not.toMatch(/internal/i);
  });

  it('answers 404 for an unknown deployment (and one in a project the caller is not in), 409 for a stopped or starting one', async () => {
    const image = () => form({ name: 'a.png', bytes: images[0]!.png });
    const unknown = await predict('dep_ffffffffffffffff', image());
    expect([unknown.status, unknown.body.errors[0].extensions.code]).toEqual([404, 'NOT_FOUND']);
    const malformed = await predict('not-a-deployment-id', image());
    expect(malformed.status).toBe(404);
    const hidden = await predict(ids.inspection, image());
    expect([hidden.status, hidden.body.errors[0].extensions.code]).toEqual([404, 'NOT_FOUND']);
    const stopped = await predict(ids.stopped, image());
    expect([stopped.status, stopped.body.errors[0].extensions.code, stopped.body.errors[0].extensions.status]).toEqual([
      409,
      'DEPLOYMENT_NOT_READY',
      'STOPPED',
    ]);
    const pending = await predict(ids.pending, image());
    expect([pending.status, pending.body.errors[0].extensions.status]).toEqual([409, 'PENDING']);
  });

  it('counts requests, errors and latency per deployment in /metrics', async () => {
    const samples = parseMetrics(await (await fetch(`${platform}/metrics`)).text());
    const of = (name: string, labels: Record<string, string>) => sumSamples(samples, name, labels);
    expect(of('inference_requests_total', { deployment: ids.ready, outcome: 'ok' })).toBeGreaterThanOrEqual(4);
    expect(of('inference_requests_total', { deployment: ids.ready, outcome: 'NOT_AN_IMAGE' })).toBeGreaterThanOrEqual(2);
    expect(of('inference_requests_total', { deployment: ids.stopped, outcome: 'DEPLOYMENT_NOT_READY' })).toBeGreaterThanOrEqual(1);
    expect(of('inference_request_duration_seconds_count', { deployment: ids.ready })).toBeGreaterThanOrEqual(10);
    expect(of('inference_predictions_total', { deployment: ids.ready })).toBeGreaterThanOrEqual(5);
  });
});
