/**
 * `_entities` is a root field the gateway uses, but anyone who reaches a subgraph can call it too.
 * This test sends a representation of every entity type of every subgraph (read from the SDL, so a
 * new entity type cannot ship untested) straight to each subgraph, anonymous and as a guest, and
 * checks that nothing comes back that the root fields would not show the same caller.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { Kind, type DocumentNode } from 'graphql';
import { SUBGRAPHS, subgraphTypeDefs, type SubgraphName } from '../lib/schema-files';
import { codeOf, createGraphQLClient, type GraphQLClient } from './harness/graphql-client';
import { apiFor, createFixture } from '../labeler/contract/harness';
import { startStack, type Stack } from './harness/stack';

/** Types with a resolvable `@key` in one subgraph's SDL: the ones `_entities` answers for. */
function entityTypes(typeDefs: DocumentNode): string[] {
  return typeDefs.definitions.flatMap((def) => {
    if (def.kind !== Kind.OBJECT_TYPE_DEFINITION && def.kind !== Kind.OBJECT_TYPE_EXTENSION) return [];
    const keys = def.directives?.filter((d) => d.name.value === 'key') ?? [];
    const resolvable = keys.some((key) => !key.arguments?.some((a) => a.name.value === 'resolvable' && a.value.kind === Kind.BOOLEAN && !a.value.value));
    return resolvable ? [def.name.value] : [];
  });
}

interface Fixtures {
  userId: string;
  organizationId: string;
  hiddenProjectId: string;
  hiddenExperimentId: string;
  hiddenJobId: string;
  /** A model of the hidden project with one version, one export and one inference job. */
  hiddenModelIds: { model: string; version: string; export: string; inference: string; deployment: string };
  privateDatasetId: string;
  /** What the guest's root fields show: job and dataset ids. */
  guestJobIds: Set<string>;
  guestDatasetIds: Set<string>;
}

type Entity = Record<string, unknown> | null;

interface EntityCase {
  id: (f: Fixtures) => string;
  selection: string;
  /** Asserts that the guest's answer shows no more than the root fields show the guest. */
  asGuest: (entity: Entity, f: Fixtures) => Promise<void> | void;
}

let stack: Stack;
let guest: string;
let admin: string;
let fixtures: Fixtures;
const subgraph = (name: SubgraphName): GraphQLClient => createGraphQLClient(`${stack.urls[name]}/graphql`);

const ids = (nodes: unknown) => (nodes as { id: string }[]).map((n) => n.id);

/** Every entity type of every subgraph, by `subgraph.Type`. */
const CASES: Record<string, EntityCase> = {
  'users.User': {
    id: (f) => f.userId,
    selection: 'id email role isActive fullName organization { id name }',
    asGuest: async (entity, f) => {
      const root = await subgraph('users').data<{ user: Entity }>(
        'query ($id: ID!) { user(id: $id) { id email role isActive fullName organization { id name } } }',
        { id: f.userId },
        { token: guest },
      );
      expect(entity).toEqual(root.user);
    },
  },
  'users.Organization': {
    id: (f) => f.organizationId,
    selection: 'id name members { email } invitations { email }',
    asGuest: async (entity, f) => {
      const root = await subgraph('users').data<{ organization: Entity }>(
        'query ($id: ID!) { organization(id: $id) { id name members { email } invitations { email } } }',
        { id: f.organizationId },
        { token: guest },
      );
      expect(entity).toEqual(root.organization);
    },
  },
  'platform.Project': {
    id: (f) => f.hiddenProjectId,
    selection: 'id name owner { id } members { user { id } role } experiments { id } trainingJobs { nodes { id } }',
    asGuest: (entity) => expect(entity).toBeNull(),
  },
  'platform.Experiment': {
    id: (f) => f.hiddenExperimentId,
    selection: 'id name createdBy { id } trainingJobs { id }',
    asGuest: (entity) => expect(entity).toBeNull(),
  },
  'platform.TrainingJob': {
    id: (f) => f.hiddenJobId,
    selection: 'id name config owner { id }',
    asGuest: (entity) => expect(entity).toBeNull(),
  },
  'platform.Model': {
    id: (f) => f.hiddenModelIds.model,
    selection: 'id name project { id } versions { id }',
    asGuest: (entity) => expect(entity).toBeNull(),
  },
  'platform.ModelVersion': {
    id: (f) => f.hiddenModelIds.version,
    selection: 'id version metrics { name value } exports { id } job { id }',
    asGuest: (entity) => expect(entity).toBeNull(),
  },
  'platform.ModelExport': {
    id: (f) => f.hiddenModelIds.export,
    selection: 'id format status downloadUrl',
    asGuest: (entity) => expect(entity).toBeNull(),
  },
  'platform.InferenceJob': {
    id: (f) => f.hiddenModelIds.inference,
    selection: 'id status resultUrl',
    asGuest: (entity) => expect(entity).toBeNull(),
  },
  'platform.Deployment': {
    id: (f) => f.hiddenModelIds.deployment,
    selection: 'id name status endpointPath apiKeys { id } metrics { requestCount }',
    asGuest: (entity) => expect(entity).toBeNull(),
  },
  'platform.Dataset': {
    id: (f) => f.privateDatasetId,
    selection: 'id snapshots { id } trainingJobs(first: 100) { nodes { id } }',
    asGuest: (entity, f) => {
      // A dataset reference only carries the id; what hangs off it follows the job and snapshot rules.
      const { snapshots, trainingJobs } = entity as { snapshots: unknown; trainingJobs: { nodes: unknown } };
      expect(snapshots).toEqual([]);
      for (const id of ids(trainingJobs.nodes)) expect(f.guestJobIds).toContain(id);
      expect(ids(trainingJobs.nodes)).not.toContain(f.hiddenJobId);
    },
  },
  'datasets.Dataset': {
    id: (f) => f.privateDatasetId,
    selection: 'id name storagePath visibility',
    asGuest: (entity) => expect(entity).toBeNull(),
  },
  'datasets.User': {
    id: (f) => f.userId,
    selection: 'id datasets(first: 100) { nodes { id } totalCount }',
    asGuest: (entity, f) => {
      const { datasets } = entity as { datasets: { nodes: unknown } };
      for (const id of ids(datasets.nodes)) expect(f.guestDatasetIds).toContain(id);
    },
  },
};

const casesOf = (name: SubgraphName) =>
  entityTypes(subgraphTypeDefs(name)).map((type) => ({ type, key: `${name}.${type}`, entityCase: CASES[`${name}.${type}`] }));

function entitiesQuery(type: string, selection: string): string {
  return `query ($r: [_Any!]!) { _entities(representations: $r) { ... on ${type} { ${selection} } } }`;
}

beforeAll(async () => {
  stack = await startStack();
  [guest, admin] = await Promise.all([stack.login('guest@example.com'), stack.login('admin@example.com')]);
  const api = stack.graphql;
  const me = await api.data<{ me: { organization: { id: string } } }>('{ me { organization { id } } }', {}, { token: admin });
  const project = await api.data<{ createProject: { id: string } }>(
    'mutation { createProject(input: { name: "Hidden from guests" }) { id } }',
    {},
    { token: admin },
  );
  const hiddenProjectId = project.createProject.id;
  await api.data(
    'mutation ($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u, role: "member") { role } }',
    { p: hiddenProjectId, u: stack.userIds.standard_engineer },
    { token: admin },
  );
  const experiment = await api.data<{ createExperiment: { id: string } }>(
    'mutation ($p: ID!) { createExperiment(input: { projectId: $p, name: "secret" }) { id } }',
    { p: hiddenProjectId },
    { token: admin },
  );
  // A private dataset of the admin's: the guest (same organization) may not read it, the admin may train on it.
  const labeler = apiFor({ url: stack.urls.labeler, key: stack.labelerServiceKey, userRateLimit: 100, external: false, close: async () => undefined });
  const privateDatasetId = (
    await createFixture(labeler, {
      name: 'admins-private',
      visibility: 'private',
      ownerId: Number(stack.userIds.admin),
      labeled: true,
      format: 'coco',
      classes: ['circle', 'square'],
      images: 2,
      tags: [],
    })
  ).id;
  const visible = await api.data<{ datasets: { nodes: { id: string }[] } }>('{ datasets(first: 100) { nodes { id } } }', {}, { token: guest });
  const guestDatasetIds = new Set(ids(visible.datasets.nodes));
  const job = await api.data<{ createTrainingJob: { id: string } }>(
    'mutation ($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }',
    { input: { projectId: hiddenProjectId, datasetId: privateDatasetId, name: 'hidden-job', task: 'classification', model: 'softmax' } },
    { token: admin },
  );
  const jobs = await api.data<{ trainingJobs: { nodes: { id: string }[] } }>('{ trainingJobs(first: 500) { nodes { id } } }', {}, { token: guest });
  // Registry rows of the hidden project, written directly: the job never runs in this stack (no trainer).
  const hiddenModelIds = {
    model: 'mdl_hidden0000000001',
    version: 'mv_hidden00000000001',
    export: 'mex_hidden0000000001',
    inference: 'inf_hidden0000000001',
    deployment: 'dep_0000000000000hid',
  };
  const db = new pg.Client({ connectionString: stack.dbUrls.platform });
  await db.connect();
  try {
    await db.query(`insert into models (id, project_id, name, created_by) values ($1, $2, 'secret model', $3)`, [
      hiddenModelIds.model,
      hiddenProjectId,
      stack.userIds.admin,
    ]);
    await db.query(
      `insert into model_versions (id, model_id, version, job_id, framework, task, architecture, metrics, registered_by)
       values ($1, $2, 1, $3, 'reference', 'classification', 'softmax', '{"accuracy": 1}', $4)`,
      [hiddenModelIds.version, hiddenModelIds.model, job.createTrainingJob.id, stack.userIds.admin],
    );
    await db.query(`insert into model_exports (id, model_version_id, format, framework, created_by) values ($1, $2, 'onnx', 'reference', $3)`, [
      hiddenModelIds.export,
      hiddenModelIds.version,
      stack.userIds.admin,
    ]);
    await db.query(
      `insert into inference_jobs (id, model_version_id, framework, dataset_snapshot_id, created_by) values ($1, $2, 'reference', 'snap_none', $3)`,
      [hiddenModelIds.inference, hiddenModelIds.version, stack.userIds.admin],
    );
    await db.query(
      `insert into deployments (id, project_id, model_version_id, name, status, created_by) values ($1, $2, $3, 'secret deployment', 'ready', $4)`,
      [hiddenModelIds.deployment, hiddenProjectId, hiddenModelIds.version, stack.userIds.admin],
    );
  } finally {
    await db.end();
  }
  fixtures = {
    hiddenModelIds,
    userId: stack.userIds.admin,
    organizationId: me.me.organization.id,
    hiddenProjectId,
    hiddenExperimentId: experiment.createExperiment.id,
    hiddenJobId: job.createTrainingJob.id,
    privateDatasetId,
    guestJobIds: new Set(ids(jobs.trainingJobs.nodes)),
    guestDatasetIds,
  };
});

afterAll(async () => {
  await stack?.close();
});

describe('_entities sent straight to a subgraph', () => {
  it.each(SUBGRAPHS)('every entity type of %s has a case in this test', (name) => {
    expect(
      casesOf(name)
        .filter((c) => !c.entityCase)
        .map((c) => c.key),
    ).toEqual([]);
  });

  it.each(SUBGRAPHS)('%s refuses an anonymous _entities request for every entity type with UNAUTHENTICATED and no data', async (name) => {
    for (const { type, key, entityCase } of casesOf(name)) {
      const res = await subgraph(name).request<{ _entities: Entity[] | null }>(entitiesQuery(type, entityCase!.selection), {
        r: [{ __typename: type, id: entityCase!.id(fixtures) }],
      });
      expect([key, codeOf(res)]).toEqual([key, 'UNAUTHENTICATED']);
      expect([key, (res.data?._entities ?? []).filter((e) => e !== null)]).toEqual([key, []]);
    }
  });

  it.each(SUBGRAPHS)('%s shows a guest no more through _entities than through the root fields', async (name) => {
    for (const { type, key, entityCase } of casesOf(name)) {
      const res = await subgraph(name).request<{ _entities: Entity[] }>(
        entitiesQuery(type, entityCase!.selection),
        { r: [{ __typename: type, id: entityCase!.id(fixtures) }] },
        { token: guest },
      );
      expect([key, (res.errors ?? []).filter((e) => e.extensions?.code !== 'NOT_FOUND')]).toEqual([key, []]);
      await entityCase!.asGuest(res.data?._entities?.[0] ?? null, fixtures);
    }
  });

  it('gives no subgraph a way to list the members of a project the guest cannot see', async () => {
    for (const name of SUBGRAPHS) {
      const res = await subgraph(name).request(
        entitiesQuery('Project', 'members { user { email } role }'),
        { r: [{ __typename: 'Project', id: fixtures.hiddenProjectId }] },
        { token: guest },
      );
      expect([name, JSON.stringify(res.data ?? null)]).not.toEqual([name, expect.stringContaining('standard_engineer@example.com')]);
      expect([name, res.data?._entities ?? null]).not.toEqual([name, [expect.objectContaining({ members: expect.anything() })]]);
    }
  });
});

describe("what the gateway resolves through _entities with the caller's token", () => {
  it("shows a guest the owners' e-mails of the jobs it sees and the members of the projects it sees", async () => {
    const res = await stack.graphql.data<{
      trainingJobs: { nodes: { owner: { email: string } }[] };
      projects: { nodes: { id: string; members: { user: { email: string }; role: string }[] }[] };
    }>('{ trainingJobs(first: 50) { nodes { owner { email } } } projects(first: 50) { nodes { id members { user { email } role } } } }', {}, { token: guest });
    expect(res.trainingJobs.nodes.length).toBeGreaterThan(0);
    for (const job of res.trainingJobs.nodes) expect(job.owner.email).toMatch(/@example\.com$/);
    expect(res.projects.nodes.map((p) => p.id)).not.toContain(fixtures.hiddenProjectId);
    expect(res.projects.nodes.flatMap((p) => p.members)).toContainEqual({ user: { email: 'guest@example.com' }, role: 'viewer' });
  });

  it("refuses another subgraph's fields in the answer of an anonymous public operation", async () => {
    const res = await stack.graphql.request(
      'mutation { login(email: "guest@example.com", password: "devpass") { accessToken user { datasets { totalCount } } } }',
    );
    expect(codeOf(res)).toBe('UNAUTHENTICATED');
    expect(JSON.stringify(res.data ?? null)).not.toContain('accessToken');
  });

  it("shows a project's members to a member of it", async () => {
    const engineer = await stack.login('standard_engineer@example.com');
    const res = await stack.graphql.data<{ project: { members: { user: { email: string }; role: string }[] } }>(
      'query ($id: ID!) { project(id: $id) { members { user { email } role } } }',
      { id: fixtures.hiddenProjectId },
      { token: engineer },
    );
    expect(res.project.members).toEqual([{ user: { email: 'standard_engineer@example.com' }, role: 'member' }]);
  });
});
