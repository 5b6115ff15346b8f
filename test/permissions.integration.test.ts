/**
 * The permission matrix, proven end to end. `docs/permissions.md` is the matrix; this test reads it,
 * reads every root field of `schema/api.graphql`, and runs each one through the gateway as anonymous
 * and as every role (and each query and mutation directly against its subgraph), with minimal valid
 * arguments. Allowed = any answer but UNAUTHENTICATED / FORBIDDEN. A root field without a row in the
 * matrix fails the test, so a new operation cannot ship without a declared, documented permission.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import {
  buildSchema,
  getNamedType,
  GraphQLEnumType,
  GraphQLInputObjectType,
  GraphQLList,
  GraphQLNonNull,
  GraphQLScalarType,
  isCompositeType,
  Kind,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLSchema,
} from 'graphql';
import { SignJWT, UnsecuredJWT } from 'jose';
import { ROLE_RANK, ROLES, type Role } from '../lib/auth';
import { apiSchemaPath, PROJECT_ROOT, SUBGRAPHS, subgraphTypeDefs, type SubgraphName } from '../lib/schema-files';
import { createPlatformOrm } from '../subgraphs/platform/db';
import { stableId } from '../subgraphs/platform/seed';
import { ADVANCED_ONLY_RULES } from '../subgraphs/platform/training-job/training-config';
import { TrainingJob } from '../subgraphs/platform/training-job/training-job.entity';
import { createGraphQLClient } from './harness/graphql-client';
import { startStack, type Stack } from './harness/stack';
import { watch, wsClient } from './helpers';

type Caller = 'anonymous' | Role;
const CALLERS: Caller[] = ['anonymous', ...ROLES];
const ROOTS = ['Query', 'Mutation', 'Subscription'] as const;

/**
 * `{ 'Query.me': { anonymous: true, guest: true, … } }` from the table of one section of
 * docs/permissions.md: `Matrix` (root fields) or `Dataset fields`.
 */
function readMatrix(section = 'Matrix'): Map<string, Record<Caller, boolean>> {
  const text = readFileSync(path.join(PROJECT_ROOT, 'docs/permissions.md'), 'utf8');
  const body = text.split(/^## /m).find((part) => part.startsWith(`${section}\n`)) ?? '';
  const lines = body.split('\n').filter((line) => line.startsWith('|'));
  const header = lines[0]!.split('|').map((cell) => cell.trim());
  const column = (caller: Caller) => header.indexOf(caller);
  const matrix = new Map<string, Record<Caller, boolean>>();
  for (const line of lines.slice(2)) {
    const cells = line.split('|').map((cell) => cell.trim());
    const key = /^`(\w+\.\w+)`$/.exec(cells[1] ?? '')?.[1];
    if (!key) continue;
    const row = {} as Record<Caller, boolean>;
    for (const caller of CALLERS) {
      const cell = cells[column(caller)];
      if (cell !== '✅' && cell !== '❌') throw new Error(`docs/permissions.md: ${key} has "${cell}" for ${caller}; use ✅ or ❌`);
      row[caller] = cell === '✅';
    }
    matrix.set(key, row);
  }
  return matrix;
}

const api: GraphQLSchema = buildSchema(readFileSync(apiSchemaPath(), 'utf8'));
const matrix = readMatrix();
const datasetFields = readMatrix('Dataset fields');
/** What each `Dataset fields` row selects on the private demo dataset. */
const DATASET_FIELD_SELECTIONS: Record<string, string> = {
  'Dataset.isLegacy': 'isLegacy',
  'Dataset.imagePage': 'imagePage(first: 2) { totalCount nodes { key split annotations { className } } }',
  'Dataset.statistics': 'statistics { numAnnotations classCounts { className count } splitCounts { split count } }',
  'Dataset.downloadUrl': 'downloadUrl(expiresIn: 60) { url }',
};
const PRIVATE_DEMO_DATASET = 'ds_8b41e0d29c7a5f13';
const rootFields = ROOTS.flatMap((root) => {
  const type = root === 'Query' ? api.getQueryType() : root === 'Mutation' ? api.getMutationType() : api.getSubscriptionType();
  return type ? Object.values(type.getFields()).map((field) => ({ root, key: `${root}.${field.name}`, field })) : [];
});
/** Which subgraph serves each root field (from the subgraph SDL files). */
const owners = new Map<string, SubgraphName>();
for (const name of SUBGRAPHS) {
  for (const def of subgraphTypeDefs(name).definitions) {
    if ((def.kind === Kind.OBJECT_TYPE_DEFINITION || def.kind === Kind.OBJECT_TYPE_EXTENSION) && (ROOTS as readonly string[]).includes(def.name.value)) {
      for (const field of def.fields ?? []) owners.set(`${def.name.value}.${field.name.value}`, name);
    }
  }
}

/** A minimal valid value for a required input type; ids that exist nowhere, so nothing real is touched. */
function sampleValue(type: GraphQLInputType): unknown {
  if (type instanceof GraphQLNonNull) return sampleValue(type.ofType);
  if (type instanceof GraphQLList) return [];
  if (type instanceof GraphQLEnumType) return type.getValues()[0]!.value;
  if (type instanceof GraphQLInputObjectType) {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      if (field.type instanceof GraphQLNonNull && field.defaultValue === undefined) out[field.name] = sampleValue(field.type);
    }
    return out;
  }
  const scalar = type as GraphQLScalarType;
  switch (scalar.name) {
    case 'ID':
      return '999999';
    case 'Int':
    case 'Float':
      return 1;
    case 'Boolean':
      return false;
    default:
      return 'x';
  }
}

let stack: Stack;
const tokens = {} as Record<Role, string>;
let counter = 0;

/** Arguments that need real values to get past validation into the permission check. */
const OVERRIDES: Record<string, () => Promise<Record<string, unknown>>> = {
  'Mutation.login': async () => ({ email: 'guest@example.com', password: 'devpass' }),
  'Mutation.signUp': async () => ({ input: { email: `matrix-${Date.now()}-${(counter += 1)}@example.com`, password: 'a good passphrase' } }),
  'Mutation.refreshToken': async () => ({ refreshToken: await freshRefreshToken() }),
};

async function freshRefreshToken(): Promise<string> {
  const res = await stack.graphql.request<{ login: { refreshToken: string } }>(
    'mutation { login(email: "guest@example.com", password: "devpass") { refreshToken } }',
  );
  return res.data!.login.refreshToken;
}

async function operationFor(key: string, field: GraphQLField<unknown, unknown>, root: string) {
  const required = field.args.filter((arg) => arg.type instanceof GraphQLNonNull && arg.defaultValue === undefined);
  const variables = OVERRIDES[key] ? await OVERRIDES[key]() : Object.fromEntries(required.map((arg) => [arg.name, sampleValue(arg.type)]));
  const used = field.args.filter((arg) => arg.name in variables);
  const declarations = used.map((arg) => `$${arg.name}: ${arg.type.toString()}`).join(', ');
  const passed = used.map((arg) => `${arg.name}: $${arg.name}`).join(', ');
  const selection = isCompositeType(getNamedType(field.type)) ? ' { __typename }' : '';
  const query = `${root.toLowerCase()} Matrix${declarations ? `(${declarations})` : ''} { ${field.name}${passed ? `(${passed})` : ''}${selection} }`;
  return { query, variables };
}

const DENIED = new Set(['UNAUTHENTICATED', 'FORBIDDEN']);
type Outcome = { allowed: boolean; detail: string };

function classify(status: number, errors: Array<{ extensions?: Record<string, unknown>; message: string }> | undefined): Outcome {
  const codes = (errors ?? []).map((e) => String(e.extensions?.code ?? 'NO_CODE'));
  // An operation the test built wrongly proves nothing either way.
  const invalid = (errors ?? []).find((e) => ['GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST'].includes(String(e.extensions?.code)));
  if (invalid) throw new Error(`the generated operation is invalid: ${invalid.message}`);
  const denied = status === 401 || status === 403 || codes.some((code) => DENIED.has(code));
  return { allowed: !denied, detail: `${status} ${codes.join(',') || 'ok'}` };
}

async function runHttp(url: string, key: string, field: GraphQLField<unknown, unknown>, root: string, caller: Caller): Promise<Outcome> {
  const { query, variables } = await operationFor(key, field, root);
  const res = await createGraphQLClient(url).request(query, variables, caller === 'anonymous' ? {} : { token: tokens[caller] });
  return classify(res.status, res.errors);
}

async function runSubscription(key: string, field: GraphQLField<unknown, unknown>, caller: Caller): Promise<Outcome> {
  const { query, variables } = await operationFor(key, field, 'Subscription');
  const client = wsClient(stack.wsUrl, caller === 'anonymous' ? undefined : tokens[caller]);
  const w = watch(client, query, variables);
  try {
    const outcome = await Promise.race([
      w.failure.then((failure): Outcome => {
        const close = failure as { code?: number };
        if (typeof close?.code === 'number') return { allowed: close.code !== 4401 && close.code !== 4403, detail: `close ${close.code}` };
        return classify(200, failure as Array<{ extensions?: Record<string, unknown>; message: string }>);
      }),
      w.next(1500).then((event) => classify(200, event.errors)),
    ]).catch((): Outcome => ({ allowed: true, detail: 'subscribed, no event' }));
    return outcome;
  } finally {
    w.stop();
    await client.dispose();
  }
}

beforeAll(async () => {
  stack = await startStack();
  for (const role of ROLES) tokens[role] = await stack.login(`${role}@example.com`);
}, 120_000);

afterAll(async () => {
  await stack?.close();
});

describe('the permission matrix in docs/permissions.md', () => {
  it('has a row for every root field of schema/api.graphql, and none for fields that do not exist', () => {
    const fields = rootFields.map((f) => f.key).sort();
    expect(fields.filter((key) => !matrix.has(key))).toEqual([]);
    expect([...matrix.keys()].filter((key) => !fields.includes(key))).toEqual([]);
  });

  it('covers queries, mutations and subscriptions', () => {
    expect(new Set(rootFields.map((f) => f.root))).toEqual(new Set(ROOTS));
  });
});

describe.each(rootFields)('$key', ({ key, field, root }) => {
  const expected = matrix.get(key);
  const expectedText = (row: Record<Caller, boolean>) => CALLERS.map((caller) => `${caller}:${row[caller] ? 'allowed' : 'denied'}`);

  it('through the gateway, is allowed and denied exactly as the matrix says', async () => {
    expect(expected).toBeDefined();
    const actual = {} as Record<Caller, boolean>;
    const details: string[] = [];
    for (const caller of CALLERS) {
      const outcome = root === 'Subscription' ? await runSubscription(key, field, caller) : await runHttp(stack.graphqlUrl, key, field, root, caller);
      actual[caller] = outcome.allowed;
      details.push(`${caller}: ${outcome.detail}`);
    }
    if (process.env.PERMISSIONS_DEBUG) process.stdout.write(`${key} via gateway\n  ${details.join('\n  ')}\n`);
    expect({ key, outcome: expectedText(actual), details }).toEqual({ key, outcome: expectedText(expected!), details });
  });

  if (root !== 'Subscription') {
    it('directly on its subgraph (skipping the gateway), is allowed and denied exactly as the matrix says', async () => {
      const owner = owners.get(key);
      expect(owner).toBeDefined();
      const url = `${stack.urls[owner!]}/graphql`;
      const actual = {} as Record<Caller, boolean>;
      const details: string[] = [];
      for (const caller of CALLERS) {
        const outcome = await runHttp(url, key, field, root, caller);
        actual[caller] = outcome.allowed;
        details.push(`${caller}: ${outcome.detail}`);
      }
      expect({ key, outcome: expectedText(actual), details }).toEqual({ key, outcome: expectedText(expected!), details });
    });
  }
});

describe('the Dataset fields table in docs/permissions.md', () => {
  it('names only fields of schema/api.graphql, each with a selection here', () => {
    const keys = [...datasetFields.keys()];
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const [type, name] = key.split('.') as [string, string];
      const named = api.getType(type);
      expect({ key, exists: !!named && 'getFields' in named && name in named.getFields() }).toEqual({ key, exists: true });
      expect({ key, selection: typeof DATASET_FIELD_SELECTIONS[key] }).toEqual({ key, selection: 'string' });
    }
  });

  it.each([...datasetFields.keys()])('%s is read and refused exactly as the table says', async (key) => {
    const query = `query DatasetFieldMatrix($id: ID!) { dataset(id: $id) { id ${DATASET_FIELD_SELECTIONS[key]} } }`;
    const expected = datasetFields.get(key)!;
    const outcome = (allowed: boolean, detail: string) => `${allowed ? 'allowed' : 'refused'} (${detail})`;
    const actual: string[] = [];
    const wanted: string[] = [];
    for (const caller of CALLERS) {
      const res = await stack.graphql.request<{ dataset: Record<string, unknown> | null }>(
        query,
        { id: PRIVATE_DEMO_DATASET },
        caller === 'anonymous' ? {} : { token: tokens[caller] },
      );
      const codes = (res.errors ?? []).map((e) => String(e.extensions?.code ?? 'NO_CODE'));
      const allowed = !res.errors && res.data?.dataset !== null && res.data?.dataset !== undefined;
      if (!allowed && !codes.some((code) => ['UNAUTHENTICATED', 'FORBIDDEN', 'NOT_FOUND'].includes(code)))
        throw new Error(`${key} as ${caller}: neither a value nor a refusal (${codes.join(',')})`);
      actual.push(`${caller}: ${outcome(allowed, codes.join(',') || 'ok')}`);
      wanted.push(`${caller}: ${outcome(expected[caller], codes.join(',') || 'ok')}`);
    }
    expect(actual).toEqual(wanted);
  });
});

/**
 * The "Advanced-only" rules of docs/permissions.md, run: each operation once with an Advanced option
 * set (refused with FORBIDDEN below the rule's role, allowed from it up) and once with Basic options
 * only (allowed as the matrix says), through the gateway and against the platform subgraph.
 */
const ADVANCED_JOB = stableId('job', 'matrix:advanced-options');
const ADVANCED_SAMPLES: Record<string, (advanced: boolean) => { query: string; variables: Record<string, unknown> }> = {
  'Mutation.createTrainingJob': (advanced) => ({
    query: 'mutation MatrixAdvanced($i: CreateTrainingJobInput!) { createTrainingJob(input: $i) { id } }',
    // A project that does not exist: allowed callers get NOT_FOUND, so nothing is created.
    variables: { i: { projectId: '999999', datasetId: 'ds_0000000000000000', name: 'matrix', config: advanced ? '{"seed": 7}' : '{"epochs": 2}' } },
  }),
  'Mutation.retryTrainingJob': (advanced) => ({
    query: 'mutation MatrixAdvancedRetry($id: ID!) { retryTrainingJob(id: $id) { id } }',
    // A failed job of the detection project (engineers are members); the basic twin sets no Advanced option.
    variables: { id: advanced ? ADVANCED_JOB : stableId('job', 'matrix:basic-options') },
  }),
};

async function insertRetryableJobs(): Promise<void> {
  const orm = await createPlatformOrm(stack.dbUrls.platform);
  try {
    const now = new Date();
    const job = (id: string, config: Record<string, unknown>) => ({
      id,
      project: stableId('prj', 'detection'),
      ownerId: stack.userIds.standard_engineer,
      name: id,
      status: 'failed' as const,
      progress: 0,
      epoch: 0,
      totalEpochs: 2,
      datasetId: 'ds_3f9a1c7e5b2d4f60',
      datasetSnapshotId: null,
      framework: 'reference',
      task: 'classification',
      model: 'softmax',
      config,
      errorMessage: 'matrix fixture',
      createdAt: now,
      updatedAt: now,
      startedAt: null,
      finishedAt: now,
    });
    await orm.em.fork().insertMany(TrainingJob, [job(ADVANCED_JOB, { epochs: 2, seed: 7 }), job(stableId('job', 'matrix:basic-options'), { epochs: 2 })]);
  } finally {
    await orm.close(true);
  }
}

describe.each(ADVANCED_ONLY_RULES.flatMap((rule) => rule.operations.map((operation) => ({ id: rule.id, role: rule.role, operation }))))(
  'advanced-only rule $id on $operation',
  ({ role: lowest, operation }) => {
    const sample = ADVANCED_SAMPLES[operation];
    const expected = (caller: Caller, advanced: boolean) =>
      matrix.get(operation)![caller] && (!advanced || (caller !== 'anonymous' && ROLE_RANK[caller] >= ROLE_RANK[lowest]));

    beforeAll(async () => {
      if (operation === 'Mutation.retryTrainingJob') await insertRetryableJobs();
    });

    it('has a sample operation in this test', () => {
      expect(sample).toBeDefined();
    });

    it.each([
      { where: 'gateway', advanced: true },
      { where: 'gateway', advanced: false },
      { where: 'platform', advanced: true },
      { where: 'platform', advanced: false },
    ])('$where, advanced options $advanced: allowed from its role up, FORBIDDEN below', async ({ where, advanced }) => {
      const { query, variables } = sample!(advanced);
      const url = where === 'gateway' ? stack.graphqlUrl : `${stack.urls.platform}/graphql`;
      const actual: Record<string, string> = {};
      const wanted: Record<string, string> = {};
      for (const caller of CALLERS) {
        const res = await createGraphQLClient(url).request(query, variables, caller === 'anonymous' ? {} : { token: tokens[caller] });
        const outcome = classify(res.status, res.errors);
        const advancedRefusal = res.errors?.some((e) => e.extensions?.code === 'FORBIDDEN' && /Advanced training options/.test(e.message));
        actual[caller] = outcome.allowed ? 'allowed' : advancedRefusal ? 'refused: advanced' : 'refused';
        const allowedByRole = matrix.get(operation)![caller];
        wanted[caller] = expected(caller, advanced) ? 'allowed' : allowedByRole ? 'refused: advanced' : 'refused';
      }
      expect(actual).toEqual(wanted);
    });
  },
);

describe.each([
  { subgraph: 'users' as const, query: 'query { user(id: "1") { id } }' },
  { subgraph: 'platform' as const, query: 'query { trainingJobs(first: 1) { totalCount } }' },
  { subgraph: 'datasets' as const, query: 'query { datasets(first: 1) { totalCount } }' },
])('the $subgraph subgraph called directly', ({ subgraph, query }) => {
  const subgraphClient = () => createGraphQLClient(`${stack.urls[subgraph]}/graphql`);
  const claims = () => ({ email: 'admin@example.com', role: 'admin', typ: 'access' });
  const secret = () => new TextEncoder().encode(stack.jwt.secret);
  const refused = async (token: string | null) => {
    const res = await subgraphClient().request(query, {}, token === null ? {} : { token });
    expect(res.status).toBe(401);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(res.data ?? null).toBeNull();
  };

  it('answers a valid admin token (the control case)', async () => {
    const res = await subgraphClient().request(query, {}, { token: tokens.admin });
    expect(res.errors).toBeUndefined();
  });

  it('refuses a request without a token', async () => {
    const res = await subgraphClient().request(query);
    expect(res.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect(Object.values(res.data ?? {}).filter((value) => value !== null)).toEqual([]);
  });

  it('refuses a token signed with another secret', async () => {
    await refused(
      await new SignJWT(claims())
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(stack.userIds.admin)
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('attacker-chosen-secret-000000')),
    );
  });

  it('refuses an expired token signed with the right secret', async () => {
    const past = Math.floor(Date.now() / 1000) - 60;
    await refused(
      await new SignJWT(claims())
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject(stack.userIds.admin)
        .setIssuedAt(past - 3600)
        .setExpirationTime(past)
        .sign(secret()),
    );
  });

  it('refuses an unsigned token (alg: none)', async () => {
    await refused(new UnsecuredJWT(claims()).setSubject(stack.userIds.admin).setExpirationTime('1h').encode());
  });

  it('refuses a token signed with the right secret but HS512 while HS256 is configured', async () => {
    await refused(await new SignJWT(claims()).setProtectedHeader({ alg: 'HS512' }).setSubject(stack.userIds.admin).setExpirationTime('1h').sign(secret()));
  });

  it('refuses a token with a changed payload (role raised after signing)', async () => {
    const [header, payload, signature] = tokens.guest.split('.') as [string, string, string];
    const raised = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), role: 'admin' })).toString('base64url');
    await refused(`${header}.${raised}.${signature}`);
  });
});

describe("project members, shown on the platform's Project from the User DB", () => {
  it('appear on projects queried through the gateway once a manager adds them', async () => {
    const PROJECTS = '{ projects(first: 10) { nodes { id name members { user { email } role } } } }';
    type Projects = { projects: { nodes: { id: string; members: { user: { email: string }; role: string }[] }[] } };
    const before = await stack.graphql.request<Projects>(PROJECTS, {}, { token: tokens.admin });
    expect(before.errors).toBeUndefined();
    const project = before.data!.projects.nodes[0]!;
    const added = await stack.graphql.request(
      'mutation ($p: ID!, $u: ID!) { addProjectMember(projectId: $p, userId: $u, role: "viewer") { user { email } role addedAt } }',
      { p: project.id, u: stack.userIds.guest },
      { token: tokens.manager },
    );
    expect(added.errors).toBeUndefined();
    const after = await stack.graphql.request<Projects>(PROJECTS, {}, { token: tokens.admin });
    expect(after.data!.projects.nodes.find((p) => p.id === project.id)!.members).toContainEqual({ user: { email: 'guest@example.com' }, role: 'viewer' });
  });
});
