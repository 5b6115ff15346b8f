/**
 * @jest-environment ./test/harness/native-arrays-environment.js
 *
 * Deployments end to end: the reference trainer trains on a seeded dataset through the worker
 * protocol, the job is registered as a model version, deployed (its checkpoint exported to ONNX),
 * called through the gateway with a token and with an API key, and stopped.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { GetObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { startStack, type Stack } from '../../../test/harness/stack';
import { pixelFeatures } from '../../../trainer/dataset';
import { normalise, probabilities, type SoftmaxModel } from '../../../trainer/softmax';

const PUBLIC_COCO = 'ds_3f9a1c7e5b2d4f60';
const DEPLOYMENT_FIELDS =
  'id name status statusReason endpointPath modelSha256 export { id } modelVersion { id } project { id } metrics { requestCount errorCount predictionCount latencyP50Ms latencyP99Ms } apiKeys { id name prefix revokedAt lastUsedAt }';

interface Deployment {
  id: string;
  name: string;
  status: string;
  statusReason: string | null;
  endpointPath: string;
  modelSha256: string | null;
  export: { id: string } | null;
  modelVersion: { id: string };
  project: { id: string };
  metrics: { requestCount: number; errorCount: number; predictionCount: number; latencyP50Ms: number | null; latencyP99Ms: number | null };
  apiKeys: Array<{ id: string; name: string; prefix: string; revokedAt: string | null; lastUsedAt: string | null }>;
}

let stack: Stack;
let engineer: string;
let guest: string;
let projectId: string;
let jobId: string;
let versionId: string;
let deployment: Deployment;

const gql = async <T>(token: string, query: string, variables: Record<string, unknown> = {}) => stack.graphql.request<T>(query, variables, { token });

async function readInternal(key: string): Promise<Buffer> {
  const object = await stack.internalStorage.client.send(new GetObjectCommand({ Bucket: stack.internalStorage.bucket, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}

async function until<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > deadline) return value;
    await new Promise((r) => setTimeout(r, 200));
  }
}

const getDeployment = async (id: string, token = engineer) =>
  (await gql<{ deployment: Deployment | null }>(token, `query Deployment($id: ID!) { deployment(id: $id) { ${DEPLOYMENT_FIELDS} } }`, { id })).data!.deployment;

async function predict(path: string, png: Buffer, headers: Record<string, string>) {
  const body = new FormData();
  body.append('image', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'image.png');
  const res = await fetch(`${stack.gatewayUrl}${path}`, { method: 'POST', headers, body });
  return {
    status: res.status,
    body: (await res.json()) as { predictions?: Array<{ classes: Array<{ label: string; score: number }> }>; errors?: Array<{ extensions: { code: string } }> },
  };
}

beforeAll(async () => {
  stack = await startStack({ trainer: true });
  engineer = await stack.login('standard_engineer@example.com');
  guest = await stack.login('guest@example.com');
  const projects = await gql<{ projects: { nodes: Array<{ id: string; name: string }> } }>(engineer, '{ projects(first: 10) { nodes { id name } } }');
  projectId = projects.data!.projects.nodes.find((p) => p.name === 'Warehouse object detection')!.id;
  const created = await gql<{ createTrainingJob: { id: string } }>(
    engineer,
    'mutation Train($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }',
    { input: { projectId, datasetId: PUBLIC_COCO, name: 'deployable softmax', config: JSON.stringify({ epochs: 10, imageSize: 8 }) } },
  );
  expect(created.errors).toBeUndefined();
  jobId = created.data!.createTrainingJob.id;
  const status = await until(
    async () =>
      (await gql<{ trainingJob: { status: string } }>(engineer, 'query Job($id: ID!) { trainingJob(id: $id) { status } }', { id: jobId })).data!.trainingJob
        .status,
    (s) => s === 'COMPLETED' || s === 'FAILED',
  );
  expect(status).toBe('COMPLETED');
  const registered = await gql<{ registerModelVersion: { id: string } }>(
    engineer,
    'mutation Register($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { id } }',
    { input: { jobId, modelName: 'deployable shapes' } },
  );
  expect(registered.errors).toBeUndefined();
  versionId = registered.data!.registerModelVersion.id;
}, 180_000);

afterAll(async () => {
  await stack?.close();
});

describe('deployments', () => {
  it('createDeployment starts PENDING and becomes READY serving the job’s model exported to ONNX', async () => {
    // A name that would display in another order than it is stored (U+202E) is refused, and nothing is deployed.
    const hidden = await gql(
      engineer,
      'mutation Deploy($modelVersionId: ID!, $name: String!) { createDeployment(modelVersionId: $modelVersionId, name: $name) { id } }',
      { modelVersionId: versionId, name: 'shapes-\u202Edorp' },
    );
    expect([hidden.errors?.[0]?.extensions?.code, hidden.errors?.[0]?.message]).toEqual([
      'BAD_USER_INPUT',
      '`name` must be free of control and text-direction characters (U+202E found).',
    ]);
    const body = await gql<{ createDeployment: Deployment }>(
      engineer,
      `mutation Deploy($modelVersionId: ID!, $name: String!) { createDeployment(modelVersionId: $modelVersionId, name: $name) { ${DEPLOYMENT_FIELDS} } }`,
      { modelVersionId: versionId, name: 'shapes-prod' },
    );
    expect(body.errors).toBeUndefined();
    expect(['PENDING', 'READY']).toContain(body.data!.createDeployment.status);
    const id = body.data!.createDeployment.id;
    expect(body.data!.createDeployment.endpointPath).toBe(`/inference/v1/deployments/${id}/predict`);
    deployment = (await until(
      () => getDeployment(id),
      (d) => d?.status !== 'PENDING',
    ))!;
    expect([deployment.status, deployment.statusReason]).toEqual(['READY', expect.stringMatching(/Serving 3 classes/)]);
    expect(deployment.modelSha256).toMatch(/^[0-9a-f]{64}$/);
    const versions = await gql<{ modelVersion: { deployments: Array<{ id: string }> } }>(
      engineer,
      'query Version($id: ID!) { modelVersion(id: $id) { deployments { id } } }',
      { id: versionId },
    );
    expect(versions.data!.modelVersion.deployments.map((d) => d.id)).toEqual([id]);
  });

  it('`deployments` lists what the caller can see, newest first, and refuses `first` outside 0–100', async () => {
    const list = (token: string, first: number, projectId?: string) =>
      gql<{ deployments: Array<{ id: string }> }>(
        token,
        'query List($first: Int, $projectId: ID) { deployments(first: $first, projectId: $projectId) { id } }',
        {
          first,
          projectId,
        },
      );
    // Newer deployments of a project the engineer cannot see: the visible one is still the first.
    const admin = await stack.login('admin@example.com');
    const projects = await gql<{ projects: { nodes: Array<{ id: string; name: string }> } }>(admin, '{ projects(first: 50) { nodes { id name } } }');
    const hiddenProject = projects.data!.projects.nodes.find((p) => p.name === 'Surface defect inspection')!.id;
    expect((await gql<{ project: null }>(engineer, 'query P($id: ID!) { project(id: $id) { id } }', { id: hiddenProject })).data!.project).toBeNull();
    const db = new pg.Client({ connectionString: stack.dbUrls.platform });
    await db.connect();
    try {
      await db.query(`insert into models (id, project_id, name, created_by) values ('mdl_hiddenlist000001', $1, 'hidden model', $2)`, [
        hiddenProject,
        stack.userIds.admin,
      ]);
      await db.query(
        `insert into model_versions (id, model_id, version, job_id, framework, task, architecture, metrics, registered_by)
         values ('mv_hiddenlist0000001', 'mdl_hiddenlist000001', 1, $1, 'reference', 'classification', 'softmax', '{}', $2)`,
        [jobId, stack.userIds.admin],
      );
      for (let i = 0; i < 5; i++)
        await db.query(
          `insert into deployments (id, project_id, model_version_id, name, status, created_by, created_at)
           values ($1, $2, 'mv_hiddenlist0000001', 'hidden', 'stopped', $3, now() + interval '1 hour')`,
          [`dep_hiddenlist00000${i}`, hiddenProject, stack.userIds.admin],
        );
    } finally {
      await db.end();
    }
    expect((await list(engineer, 1)).data!.deployments).toEqual([{ id: deployment.id }]);
    expect((await list(engineer, 5, hiddenProject)).data!.deployments).toEqual([]);
    expect((await list(admin, 1)).data!.deployments).toEqual([{ id: 'dep_hiddenlist000004' }]);
    expect((await list(engineer, 0)).data!.deployments).toEqual([]);
    // The gateway prices a list at `first` times its fields: a `first` it would price at 0 must not return rows.
    for (const first of [-1, 101]) {
      const refused = await list(engineer, first);
      expect([refused.errors?.[0]?.extensions?.code, refused.errors?.[0]?.message]).toEqual(['BAD_USER_INPUT', '`first` must be between 0 and 100.']);
    }
  });

  it('answers through the gateway with the trainer’s own probabilities for the snapshot’s images (max abs difference < 1e-5)', async () => {
    const checkpoint = JSON.parse((await readInternal(`checkpoints/${jobId}/final.json`)).toString()) as SoftmaxModel & {
      input: { imageSize: number; colour: 'rgb' | 'gray' };
    };
    const listed = await stack.storage.client.send(new ListObjectsV2Command({ Bucket: stack.storage.bucket, Prefix: `datasets/${PUBLIC_COCO}/` }));
    const keys = (listed.Contents ?? [])
      .map((o) => o.Key!)
      .filter((k) => k.endsWith('.png'))
      .slice(0, 5);
    expect(keys.length).toBeGreaterThan(0);
    let maxDiff = 0;
    for (const key of keys) {
      const object = await stack.storage.client.send(new GetObjectCommand({ Bucket: stack.storage.bucket, Key: key }));
      const png = Buffer.from(await object.Body!.transformToByteArray());
      const res = await predict(deployment.endpointPath, png, { authorization: `Bearer ${engineer}` });
      expect(res.status).toBe(200);
      const expected = probabilities(checkpoint, normalise(pixelFeatures(png, checkpoint.input.imageSize, checkpoint.input.colour), checkpoint.normaliser));
      for (const c of res.body.predictions![0]!.classes) maxDiff = Math.max(maxDiff, Math.abs(c.score - expected[checkpoint.classes.indexOf(c.label)]!));
    }
    expect(maxDiff).toBeLessThan(1e-5);
    const figures = (await getDeployment(deployment.id))!.metrics;
    expect(figures.requestCount).toBe(keys.length);
    expect(figures.errorCount).toBe(0);
    expect(figures.predictionCount).toBe(keys.length);
    expect(figures.latencyP50Ms).toBeGreaterThan(0);
    expect(figures.latencyP99Ms).toBeGreaterThanOrEqual(figures.latencyP50Ms!);
  });

  it('API keys: shown once, stored as a prefix, accepted until revoked', async () => {
    const png = await firstImage();
    const created = await gql<{ createDeploymentApiKey: { key: string; apiKey: { id: string; prefix: string } } }>(
      engineer,
      'mutation Key($id: ID!, $name: String!) { createDeploymentApiKey(deploymentId: $id, name: $name) { key apiKey { id prefix } } }',
      { id: deployment.id, name: 'ci' },
    );
    expect(created.errors).toBeUndefined();
    const { key, apiKey } = created.data!.createDeploymentApiKey;
    expect(key).toMatch(/^vpk_/);
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    expect(apiKey.prefix.length).toBeLessThan(key.length / 2);
    expect((await predict(deployment.endpointPath, png, { 'x-api-key': key })).status).toBe(200);
    const listed = (await getDeployment(deployment.id))!.apiKeys;
    expect(listed).toEqual([expect.objectContaining({ id: apiKey.id, name: 'ci', revokedAt: null, lastUsedAt: expect.any(String) })]);
    expect(JSON.stringify(listed)).not.toContain(key);
    // A guest who may look at the project sees the deployment but not its keys, and may not make one.
    const seen = await getDeployment(deployment.id, guest);
    expect(seen?.apiKeys).toEqual([]);
    const refused = await gql(guest, 'mutation Key($id: ID!, $name: String!) { createDeploymentApiKey(deploymentId: $id, name: $name) { key } }', {
      id: deployment.id,
      name: 'x',
    });
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const controlInName = await gql(engineer, 'mutation Key($id: ID!, $name: String!) { createDeploymentApiKey(deploymentId: $id, name: $name) { key } }', {
      id: deployment.id,
      name: 'ci\u0007',
    });
    expect(controlInName.errors?.[0]?.extensions?.fields).toEqual({ name: 'free of control and text-direction characters (U+0007 found)' });
    expect((await getDeployment(deployment.id))!.apiKeys).toHaveLength(1);
    const revoked = await gql<{ revokeDeploymentApiKey: { revokedAt: string | null } }>(
      engineer,
      'mutation Revoke($id: ID!) { revokeDeploymentApiKey(id: $id) { revokedAt } }',
      { id: apiKey.id },
    );
    expect(revoked.data!.revokeDeploymentApiKey.revokedAt).toEqual(expect.any(String));
    const after = await predict(deployment.endpointPath, png, { 'x-api-key': key });
    expect([after.status, after.body.errors?.[0]?.extensions.code]).toEqual([401, 'UNAUTHENTICATED']);
  });

  it('a version of another framework without an ONNX export cannot be deployed; guests cannot deploy', async () => {
    const fixtures = await gql<{ trainingJobs: { nodes: Array<{ id: string; framework: string; status: string }> } }>(
      engineer,
      `query Jobs($projectId: ID) { trainingJobs(first: 50, filter: { projectId: $projectId }) { nodes { id framework status } } }`,
      { projectId },
    );
    const other = fixtures.data!.trainingJobs.nodes.find((j) => j.status === 'COMPLETED' && j.framework !== 'reference')!;
    const registered = await gql<{ registerModelVersion: { id: string } }>(
      engineer,
      'mutation Register($input: RegisterModelVersionInput!) { registerModelVersion(input: $input) { id } }',
      { input: { jobId: other.id, modelName: 'detector' } },
    );
    expect(registered.errors).toBeUndefined();
    const deploy = (token: string, modelVersionId: string) =>
      gql(token, 'mutation Deploy($v: ID!) { createDeployment(modelVersionId: $v, name: "x") { id } }', { v: modelVersionId });
    expect((await deploy(engineer, registered.data!.registerModelVersion.id)).errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect((await deploy(guest, versionId)).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await gql(guest, 'mutation Stop($id: ID!) { stopDeployment(id: $id) { id } }', { id: deployment.id })).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
  });

  it('stopDeployment: STOPPED with who stopped it, and the endpoint answers 409 DEPLOYMENT_NOT_READY', async () => {
    const stopped = await gql<{ stopDeployment: Deployment }>(engineer, `mutation Stop($id: ID!) { stopDeployment(id: $id) { ${DEPLOYMENT_FIELDS} } }`, {
      id: deployment.id,
    });
    expect(stopped.errors).toBeUndefined();
    expect(stopped.data!.stopDeployment.status).toBe('STOPPED');
    expect(stopped.data!.stopDeployment.statusReason).toMatch(/Stopped by/);
    const res = await predict(deployment.endpointPath, await firstImage(), { authorization: `Bearer ${engineer}` });
    expect([res.status, res.body.errors?.[0]?.extensions.code]).toEqual([409, 'DEPLOYMENT_NOT_READY']);
    const again = await gql(engineer, 'mutation Stop($id: ID!) { stopDeployment(id: $id) { id } }', { id: deployment.id });
    expect(again.errors?.[0]?.extensions?.code).toBe('DEPLOYMENT_NOT_READY');
  });
});

async function firstImage(): Promise<Buffer> {
  const listed = await stack.storage.client.send(new ListObjectsV2Command({ Bucket: stack.storage.bucket, Prefix: `datasets/${PUBLIC_COCO}/` }));
  const key = (listed.Contents ?? []).map((o) => o.Key!).find((k) => k.endsWith('.png'))!;
  const object = await stack.storage.client.send(new GetObjectCommand({ Bucket: stack.storage.bucket, Key: key }));
  return Buffer.from(await object.Body!.transformToByteArray());
}
