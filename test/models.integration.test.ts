/**
 * The model registry, exports and inference jobs end to end: a job trained by the real reference
 * trainer is registered as a model version, exported to ONNX by the same trainer through the worker
 * protocol (the file is in the internal bucket with the size and SHA-256 the API reports), and
 * predicts a snapshot in a batch inference job whose results are JSON behind a presigned URL.
 */
import { createHash } from 'node:crypto';
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import { stableId } from '../subgraphs/platform/seed';
import { readOnnxMetadata } from '../trainer/onnx-export';
import { startStack, type Stack } from './harness/stack';

const PUBLIC_COCO = 'ds_3f9a1c7e5b2d4f60';
const DETECTION = stableId('prj', 'detection');

const VERSION_FIELDS = `id version description framework task architecture metrics { name value }
  model { id name project { id } versionCount }
  job { id status } datasetSnapshot { id datasetId } dataset { id }
  artifacts { name sizeBytes } registeredBy { id } createdAt`;
const EXPORT_FIELDS = 'id status queueReason progress format options { opset precision inputSize } sizeBytes sha256 fileName downloadUrl errorMessage';
const REGISTER = `mutation Register($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { ${VERSION_FIELDS} } }`;
const CREATE_EXPORT = `mutation Export($id: ID!, $format: ExportFormat!, $options: ExportOptionsInput) {
  createExport(modelVersionId: $id, format: $format, options: $options) { ${EXPORT_FIELDS} } }`;

let stack: Stack;
let engineer: string;
let standard: string;
let guest: string;
let admin: string;

async function gql<T>(token: string, query: string, variables: Record<string, unknown> = {}) {
  return stack.graphql.request<T>(query, variables, { token });
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`still waiting after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

async function trainJob(name: string, epochs = 4): Promise<string> {
  const created = await gql<{ createTrainingJob: { id: string } }>(
    engineer,
    `mutation($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }`,
    { input: { projectId: DETECTION, datasetId: PUBLIC_COCO, name, config: JSON.stringify({ epochs }) } },
  );
  expect(created.errors).toBeUndefined();
  return created.data!.createTrainingJob.id;
}

const jobStatus = async (id: string) =>
  (
    await gql<{ trainingJob: { status: string; finalMetrics: Array<{ name: string; value: number }> } }>(
      engineer,
      `query($id: ID!) { trainingJob(id: $id) { status finalMetrics { name value } } }`,
      { id },
    )
  ).data!.trainingJob;

/** What the worker API answers in these tests (only the fields they read). */
interface WorkerAnswer {
  error?: string;
  uploadUrl?: string;
  export?: { id: string; modelVersion: { artifacts: Array<{ name: string }> } } & Record<string, unknown>;
  [key: string]: unknown;
}

async function worker(path: string, body: Record<string, unknown>) {
  const res = await fetch(`${stack.worker.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.worker.token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as WorkerAnswer) };
}

async function exportOf(id: string) {
  const body = await gql<{ modelExport: Record<string, unknown> & { status: string } }>(
    engineer,
    `query($id: ID!) { modelExport(id: $id) { ${EXPORT_FIELDS} } }`,
    {
      id,
    },
  );
  expect(body.errors).toBeUndefined();
  return body.data!.modelExport;
}

beforeAll(async () => {
  stack = await startStack({ trainer: true, env: { platform: { LEASE_SWEEP_INTERVAL_MS: '200' } } });
  [engineer, standard, guest, admin] = await Promise.all([
    stack.login('advanced_engineer@example.com'),
    stack.login('standard_engineer@example.com'),
    stack.login('guest@example.com'),
    stack.login('admin@example.com'),
  ]);
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('the model registry', () => {
  let jobId: string;
  let versionId: string;

  it('registers a COMPLETED job as version 1 with its final metrics and lineage job → snapshot → dataset', async () => {
    jobId = await trainJob('registry run 1');
    const done = await until(
      () => jobStatus(jobId),
      (job) => job.status === 'COMPLETED' || job.status === 'FAILED',
    );
    expect(done.status).toBe('COMPLETED');

    interface RegisteredVersion {
      id: string;
      version: number;
      description: string | null;
      model: unknown;
      job: unknown;
      datasetSnapshot: { datasetId: string };
      dataset: unknown;
      metrics: Array<{ name: string; value: number }>;
      artifacts: Array<{ name: string }>;
      registeredBy: { id: string };
    }
    const body = await gql<{ registerModelVersion: RegisteredVersion }>(engineer, REGISTER, {
      input: { jobId, modelName: 'shapes classifier', description: 'first try' },
    });
    expect(body.errors).toBeUndefined();
    const version = body.data!.registerModelVersion;
    versionId = version.id;
    expect(version.id).toMatch(/^mv_[0-9a-f]{16}$/);
    expect(version.version).toBe(1);
    expect(version.description).toBe('first try');
    expect(version.model).toMatchObject({ name: 'shapes classifier', project: { id: DETECTION }, versionCount: 1 });
    expect(version).toMatchObject({ framework: 'reference', task: 'classification', architecture: 'softmax' });
    expect(version.job).toEqual({ id: jobId, status: 'COMPLETED' });
    expect(version.datasetSnapshot.datasetId).toBe(PUBLIC_COCO);
    expect(version.dataset).toEqual({ id: PUBLIC_COCO });
    expect(version.metrics).toEqual(done.finalMetrics.map(({ name, value }) => ({ name, value })));
    expect(version.metrics.map((m) => m.name)).toEqual(expect.arrayContaining(['accuracy', 'loss']));
    expect(version.artifacts.map((a) => a.name)).toContain('final.json');
    expect(version.registeredBy.id).toBeTruthy();
  }, 60_000);

  it('numbers the next version of the same model 2 and refuses the same job twice in one model', async () => {
    const second = await trainJob('registry run 2', 3);
    await until(
      () => jobStatus(second),
      (job) => job.status === 'COMPLETED',
    );
    const body = await gql<{ registerModelVersion: { version: number; model: { versionCount: number } } }>(engineer, REGISTER, {
      input: { jobId: second, modelName: 'shapes classifier' },
    });
    expect(body.errors).toBeUndefined();
    expect(body.data!.registerModelVersion).toMatchObject({ version: 2, model: { versionCount: 2 } });

    const again = await gql(engineer, REGISTER, { input: { jobId, modelName: 'shapes classifier' } });
    expect(again.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(again.errors?.[0]?.message).toContain('already version 1');
  }, 60_000);

  it('answers clearly for an unknown job, a job that is not COMPLETED and an invalid name', async () => {
    const unknown = await gql(engineer, REGISTER, { input: { jobId: 'job_does_not_exist', modelName: 'x' } });
    expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');

    const running = await trainJob('registry cancelled', 500);
    const cancelled = await gql(engineer, `mutation($id: ID!) { cancelTrainingJob(id: $id) { status } }`, { id: running });
    expect(cancelled.errors).toBeUndefined();
    const notDone = await gql(engineer, REGISTER, { input: { jobId: running, modelName: 'shapes classifier' } });
    expect(notDone.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(notDone.errors?.[0]?.message).toContain('only COMPLETED jobs can be registered');

    for (const modelName of ['', '  ', '-starts-with-dash', 'x'.repeat(121), 'semi;colon']) {
      const bad = await gql(engineer, REGISTER, { input: { jobId, modelName } });
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect((bad.errors?.[0]?.extensions?.fields as Record<string, string>).modelName).toBeTruthy();
    }
    const hiddenDescription = await gql(engineer, REGISTER, { input: { jobId, modelName: 'shapes classifier', description: 'trained on\n\u202Eshapes' } });
    expect(hiddenDescription.errors?.[0]?.extensions?.fields).toEqual({ description: 'free of control and text-direction characters (U+202E found)' });
  }, 30_000);

  it('lists models page by page; a project viewer sees them but may not register, and a manager-level admin sees everything', async () => {
    const other = await gql(engineer, REGISTER, { input: { jobId, modelName: 'shapes baseline' } });
    expect(other.errors).toBeUndefined();
    const page1 = await gql<{ models: { nodes: Array<{ name: string }>; pageInfo: { hasNextPage: boolean; endCursor: string }; totalCount: number } }>(
      engineer,
      `query { models(first: 1, projectId: "${DETECTION}") { nodes { name } pageInfo { hasNextPage endCursor } totalCount } }`,
    );
    expect(page1.data!.models).toMatchObject({ nodes: [{ name: 'shapes baseline' }], pageInfo: { hasNextPage: true }, totalCount: 2 });
    const page2 = await gql<{ models: { nodes: Array<{ name: string }>; pageInfo: { hasNextPage: boolean } } }>(
      engineer,
      `query($after: String) { models(first: 1, after: $after) { nodes { name } pageInfo { hasNextPage } } }`,
      { after: page1.data!.models.pageInfo.endCursor },
    );
    expect(page2.data!.models).toMatchObject({ nodes: [{ name: 'shapes classifier' }], pageInfo: { hasNextPage: false } });

    const seen = await gql<{ modelVersion: { id: string; model: { name: string } } }>(
      guest,
      `query($id: ID!) { modelVersion(id: $id) { id model { name } } }`,
      {
        id: versionId,
      },
    );
    expect(seen.data!.modelVersion).toEqual({ id: versionId, model: { name: 'shapes classifier' } });
    const refused = await gql(guest, REGISTER, { input: { jobId, modelName: 'guest model' } });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const guestExport = await gql(guest, CREATE_EXPORT, { id: versionId, format: 'ONNX' });
    expect(guestExport.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');

    const all = await gql<{ models: { totalCount: number } }>(admin, `{ models { totalCount } }`);
    expect(all.data!.models.totalCount).toBeGreaterThanOrEqual(2);
    const onJob = await gql<{ trainingJob: { modelVersions: Array<{ version: number; model: { name: string } }> } }>(
      engineer,
      `query($id: ID!) { trainingJob(id: $id) { modelVersions { version model { name } } } }`,
      { id: jobId },
    );
    expect(onJob.data!.trainingJob.modelVersions.map((v) => v.model.name).sort()).toEqual(['shapes baseline', 'shapes classifier']);
  });

  describe('exports', () => {
    it('exports to ONNX through the worker protocol: the file is in the internal bucket, its size and SHA-256 as the API reports', async () => {
      const created = await gql<{ createExport: { id: string; status: string; format: string; fileName: string } }>(standard, CREATE_EXPORT, {
        id: versionId,
        format: 'ONNX',
        options: { opset: 13, precision: 'FP32' },
      });
      expect(created.errors).toBeUndefined();
      expect(created.data!.createExport).toMatchObject({ format: 'ONNX', fileName: 'shapes-classifier-v1.onnx' });
      const done = await until(
        () => exportOf(created.data!.createExport.id),
        (row) => row.status === 'COMPLETED' || row.status === 'FAILED',
      );
      expect(done).toMatchObject({ status: 'COMPLETED', errorMessage: null, progress: 100, options: { opset: 13, precision: 'FP32', inputSize: null } });

      const res = await fetch(done.downloadUrl as string);
      expect(res.status).toBe(200);
      const bytes = new Uint8Array(await res.arrayBuffer());
      expect(bytes.length).toBe(done.sizeBytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(done.sha256);
      const meta = readOnnxMetadata(bytes);
      expect(meta?.classes.length).toBeGreaterThan(1);

      const listed = await gql<{ modelVersion: { exports: Array<{ id: string }> } }>(engineer, `query($id: ID!) { modelVersion(id: $id) { exports { id } } }`, {
        id: versionId,
      });
      expect(listed.data!.modelVersion.exports.map((e) => e.id)).toContain(created.data!.createExport.id);
    }, 60_000);

    it('says which worker a format no connected worker produces waits for', async () => {
      const created = await gql<{ createExport: { id: string; status: string; queueReason: string } }>(engineer, CREATE_EXPORT, {
        id: versionId,
        format: 'TENSORRT',
        options: { precision: 'FP16' },
      });
      expect(created.errors).toBeUndefined();
      // The reference trainer claims again meanwhile and still leaves it: it declared ONNX only.
      await new Promise((r) => setTimeout(r, 1500));
      const row = await exportOf(created.data!.createExport.id);
      expect(row.status).toBe('QUEUED');
      expect(row.queueReason).toBe('Waiting for a worker that exports reference models to TENSORRT.');
    });

    it('hands a TENSORRT export to a worker that declares it, refuses a missing or corrupted file, and requeues it when the lease expires', async () => {
      const created = await gql<{ createExport: { id: string } }>(engineer, CREATE_EXPORT, { id: versionId, format: 'TENSORRT' });
      const id = created.data!.createExport.id;
      // Older TENSORRT exports of this version may be queued too: claim until this one comes.
      let claimed: WorkerAnswer | null = null;
      for (let i = 0; i < 10 && claimed?.export?.id !== id; i++) {
        const answer = await worker('/jobs/claim', { workerId: 'gpu-test', frameworks: ['reference'], exportFormats: ['tensorrt'], leaseSeconds: 30 });
        expect(answer.status).toBe(200);
        claimed = answer.body;
        if (claimed!.export!.id !== id) await worker(`/exports/${claimed!.export!.id}/fail`, { workerId: 'gpu-test', reason: 'not this one' });
      }
      expect(claimed!.export).toMatchObject({ id, format: 'tensorrt', attempt: 1, modelVersion: { id: versionId, version: 1, framework: 'reference' } });
      expect(claimed!.export!.modelVersion.artifacts.map((a) => a.name)).toContain('final.json');
      expect((await exportOf(id)).status).toBe('RUNNING');

      expect((await worker(`/exports/${id}/heartbeat`, { workerId: 'someone-else' })).status).toBe(409);
      const missing = await worker(`/exports/${id}/complete`, { workerId: 'gpu-test' });
      expect([missing.status, missing.body!.error]).toEqual([400, 'file_missing']);
      const { uploadUrl } = (await worker(`/exports/${id}/upload-url`, { workerId: 'gpu-test' })).body!;
      expect((await fetch(uploadUrl as string, { method: 'PUT', body: 'engine bytes' })).status).toBe(200);
      const wrong = await worker(`/exports/${id}/complete`, { workerId: 'gpu-test', sha256: '0'.repeat(64) });
      expect([wrong.status, wrong.body!.error]).toEqual([400, 'checksum_mismatch']);

      // The worker goes quiet: the lease sweeper puts the export back in the queue with the reason.
      await worker(`/exports/${id}/heartbeat`, { workerId: 'gpu-test', leaseSeconds: 1, percent: 40 });
      const requeued = await until(
        () => exportOf(id),
        (row) => row.status === 'QUEUED',
        10_000,
      );
      expect(requeued.errorMessage).toContain('gpu-test stopped reporting');
      const again = await worker('/jobs/claim', { workerId: 'gpu-test', frameworks: ['reference'], exportFormats: ['tensorrt'], leaseSeconds: 30 });
      expect(again.body!.export).toMatchObject({ id, attempt: 2 });
      const done = await worker(`/exports/${id}/complete`, { workerId: 'gpu-test', sha256: createHash('sha256').update('engine bytes').digest('hex') });
      expect(done.body).toEqual({ status: 'completed', sizeBytes: 12, sha256: createHash('sha256').update('engine bytes').digest('hex') });
      expect(await exportOf(id)).toMatchObject({ status: 'COMPLETED', sizeBytes: 12, fileName: 'shapes-classifier-v1.engine' });
    }, 60_000);

    it('fails an export whose options the reference model cannot honour, with the reason, and refuses out-of-range options up front', async () => {
      const created = await gql<{ createExport: { id: string } }>(engineer, CREATE_EXPORT, { id: versionId, format: 'ONNX', options: { opset: 11 } });
      expect(created.errors).toBeUndefined();
      const done = await until(
        () => exportOf(created.data!.createExport.id),
        (row) => row.status === 'FAILED' || row.status === 'COMPLETED',
      );
      expect(done.status).toBe('FAILED');
      expect(done.errorMessage).toContain('opset 13');
      expect(done.downloadUrl).toBeNull();

      const bad = await gql(engineer, CREATE_EXPORT, { id: versionId, format: 'ONNX', options: { opset: 99, inputSize: 3 } });
      expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(Object.keys(bad.errors?.[0]?.extensions?.fields as object).sort()).toEqual(['options.inputSize', 'options.opset']);
      const unknown = await gql(engineer, CREATE_EXPORT, { id: 'mv_0000000000000000', format: 'ONNX' });
      expect(unknown.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    }, 60_000);
  });

  describe('inference jobs', () => {
    it("predicts every image of the version's snapshot through the worker protocol and stores the results as JSON", async () => {
      const created = await gql<{ createInferenceJob: { id: string; status: string } }>(
        engineer,
        `mutation($id: ID!) { createInferenceJob(modelVersionId: $id) { id status } }`,
        { id: versionId },
      );
      expect(created.errors).toBeUndefined();
      const id = created.data!.createInferenceJob.id;
      expect(id).toMatch(/^inf_/);
      const read = async () =>
        (
          await gql<{ inferenceJob: { status: string; predictionCount: number; resultUrl: string; resultSizeBytes: number; errorMessage: string | null } }>(
            engineer,
            `query($id: ID!) { inferenceJob(id: $id) { status predictionCount resultUrl resultSizeBytes errorMessage } }`,
            { id },
          )
        ).data!.inferenceJob;
      const done = await until(read, (job) => job.status === 'COMPLETED' || job.status === 'FAILED');
      expect(done.errorMessage).toBeNull();
      expect(done.status).toBe('COMPLETED');
      const res = await fetch(done.resultUrl);
      const text = await res.text();
      expect(text.length).toBe(done.resultSizeBytes);
      const results = JSON.parse(text) as { classes: string[]; predictions: Array<{ key: string; label: string; scores: Record<string, number> }> };
      expect(results.predictions.length).toBe(done.predictionCount);
      expect(done.predictionCount).toBeGreaterThan(0);
      for (const p of results.predictions) {
        expect(results.classes).toContain(p.label);
        expect(Object.values(p.scores).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
      }
    }, 60_000);
  });
});
