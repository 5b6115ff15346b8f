/**
 * Clean errors, nothing lost: bad input anywhere (GraphQL arguments, cursors, worker reports) is a
 * 400/BAD_USER_INPUT naming what is wrong, never a 500; a worker batch is stored whole or not at
 * all; a PostgreSQL outage answers UPSTREAM_UNAVAILABLE without the driver's words; a requeued
 * job keeps each attempt's metric series apart. Everything runs on the real stack.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import pg from 'pg';
import { codeOf, type GraphQLError } from './harness/graphql-client';
import { startStack, type Stack } from './harness/stack';
import { watch, wsClient } from './helpers';
import { WorkerClient } from '../trainer/worker-client';

const PUBLIC_COCO = 'ds_3f9a1c7e5b2d4f60';
const NUL = '\u0000';

let stack: Stack;
let db: pg.Pool;
let admin: pg.Pool;
let manager: string;
let engineer: string;
let projectId: string;

async function worker(path: string, body: unknown) {
  const res = await fetch(`${stack.worker.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.worker.token}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: res.status === 204 ? null : ((await res.json()) as Record<string, unknown>) };
}

async function eventRows(jobId: string): Promise<number> {
  const { rows } = await db.query<{ n: string }>(`select count(*) as n from training_events where job_id = $1 and kind <> 'status'`, [jobId]);
  return Number(rows[0]!.n);
}

/** A new ultralytics job (no worker in this stack runs it), claimed by `workerId`. */
async function claimedJob(workerId: string, leaseSeconds = 60): Promise<string> {
  const created = await stack.graphql.data<{ createTrainingJob: { id: string } }>(
    `mutation($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }`,
    { input: { projectId, datasetId: PUBLIC_COCO, name: `job of ${workerId}`, framework: 'ultralytics', model: 'yolov8n', config: '{"epochs":3}' } },
    { token: engineer },
  );
  const id = created.createTrainingJob.id;
  for (let i = 0; i < 50; i++) {
    const answer = await worker('/jobs/claim', { workerId, frameworks: ['ultralytics'], leaseSeconds });
    expect(answer.status).toBe(200);
    if ((answer.body!.job as { id: string }).id === id) return id;
  }
  throw new Error(`job ${id} was never claimed`);
}

beforeAll(async () => {
  stack = await startStack({ env: { platform: { LEASE_SWEEP_INTERVAL_MS: '200' } } });
  db = new pg.Pool({ connectionString: stack.dbUrls.platform, max: 2 });
  admin = new pg.Pool({ connectionString: process.env.TEST_PG_ADMIN_URL, max: 1 });
  // The outage below terminates this file's own idle connections too.
  db.on('error', () => undefined);
  manager = await stack.login('manager@example.com');
  engineer = await stack.login('advanced_engineer@example.com');
  const body = await stack.graphql.data<{ projects: { nodes: Array<{ id: string }> } }>('{ projects(first: 5) { nodes { id } } }', {}, { token: manager });
  projectId = body.projects.nodes[0]!.id;
}, 120_000);

afterAll(async () => {
  await db?.end();
  await admin?.end();
  await stack?.close();
});

describe('GraphQL input that PostgreSQL cannot store or compare', () => {
  it('refuses a NUL byte in a variable with 400/BAD_USER_INPUT naming the argument, and stores nothing', async () => {
    const result = await stack.graphql.request(
      'mutation($input: CreateProjectInput!) { createProject(input: $input) { id } }',
      { input: { name: `evil${NUL}name` } },
      { token: manager },
    );
    expect(result.status).toBe(400);
    expect(codeOf(result)).toBe('BAD_USER_INPUT');
    expect(result.errors![0]!.extensions!.fields).toEqual({ 'input.name': expect.stringMatching(/NUL/) });
    const { rows } = await db.query(`select 1 from projects where name like 'evil%'`);
    expect(rows).toHaveLength(0);
  });

  it('refuses a NUL byte in a literal argument, in a search filter and at login (users subgraph)', async () => {
    const literal = await stack.graphql.request(`{ trainingJob(id: "job_\\u0000") { id } }`, {}, { token: manager });
    expect(literal.status).toBe(400);
    expect(codeOf(literal)).toBe('BAD_USER_INPUT');
    expect(literal.errors![0]!.extensions!.fields).toEqual({ id: expect.stringMatching(/NUL/) });

    const search = await stack.graphql.request(
      'query($f: TrainingJobFilter) { trainingJobs(filter: $f) { totalCount } }',
      { f: { search: `a${NUL}` } },
      { token: manager },
    );
    expect(search.status).toBe(400);
    expect(codeOf(search)).toBe('BAD_USER_INPUT');

    const login = await stack.graphql.request('mutation($e: String!) { login(email: $e, password: "x") { accessToken } }', { e: `a${NUL}@example.com` });
    expect(login.status).toBe(400);
    expect(codeOf(login)).toBe('BAD_USER_INPUT');
  });

  it('refuses a NUL byte sent straight to a subgraph', async () => {
    const res = await fetch(`${stack.urls.platform}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${manager}` },
      body: JSON.stringify({ query: 'query($id: ID!) { trainingJob(id: $id) { id } }', variables: { id: `x${NUL}` } }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { errors: Array<{ extensions: { code: string } }> }).errors[0]!.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('refuses a NUL byte in a subscription over WebSocket, at the gateway and at the platform subgraph', async () => {
    for (const url of [stack.wsUrl, `${stack.urls.platform.replace(/^http/, 'ws')}/graphql`]) {
      const client = wsClient(url, manager);
      try {
        const subscription = watch(client, 'subscription($id: ID!) { trainingJobUpdated(id: $id) { id } }', { id: `job_${NUL}` });
        const errors = (await subscription.failure) as Array<{ extensions?: { code?: string; fields?: unknown } }>;
        expect(errors.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
        expect(errors[0]!.extensions!.fields).toEqual({ id: expect.stringMatching(/NUL/) });
      } finally {
        await client.dispose();
      }
    }
  });

  it('answers BAD_USER_INPUT to an unknown framework named like an Object.prototype member', async () => {
    for (const framework of ['__proto__', 'constructor', 'toString']) {
      const result = await stack.graphql.request(
        `mutation($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }`,
        { input: { projectId, datasetId: PUBLIC_COCO, name: 'proto', framework } },
        { token: engineer },
      );
      expect(codeOf(result)).toBe('BAD_USER_INPUT');
      const schema = await stack.graphql.request(
        `query($f: String!) { trainingConfigSchema(framework: $f, task: "detection") }`,
        { f: framework },
        { token: engineer },
      );
      expect(codeOf(schema) ?? 'none').not.toBe('INTERNAL_SERVER_ERROR');
    }
  });
});

describe('names and descriptions shown to other people', () => {
  // U+202E (right-to-left override) shows "\u202Enimda" as "admin"; U+0007 is a control character.
  const RLO = '\u202E';
  const hidden = (codePoint: string) => `free of control and text-direction characters (${codePoint} found)`;
  const fieldsOf = (result: { errors?: GraphQLError[] | null }) => [codeOf(result), result.errors?.[0]?.extensions?.fields];

  it('refuses control and text-direction characters in every subgraph, naming the field and the character, and stores nothing', async () => {
    const SIGN_UP = 'mutation($input: SignUpInput!) { signUp(input: $input) { user { fullName } } }';
    const email = `hidden-${Date.now()}@example.com`;
    expect(fieldsOf(await stack.graphql.request(SIGN_UP, { input: { email, password: 'a good passphrase', fullName: `${RLO}nimda` } }))).toEqual([
      'BAD_USER_INPUT',
      { fullName: `Must be ${hidden('U+202E')}.` },
    ]);
    expect(fieldsOf(await stack.graphql.request(SIGN_UP, { input: { email: `bell\u0007${email}`, password: 'a good passphrase' } }))).toEqual([
      'BAD_USER_INPUT',
      { email: 'This is not a valid e-mail address.' },
    ]);
    // Nothing was kept of the refused sign-up: the address is still free.
    const signedUp = await stack.graphql.data<{ signUp: { user: { fullName: string } } }>(SIGN_UP, {
      input: { email, password: 'a good passphrase', fullName: 'Zoë Ångström' },
    });
    expect(signedUp.signUp.user.fullName).toBe('Zoë Ångström');
    const profile = await stack.graphql.request('mutation($n: String!) { updateProfile(fullName: $n) { fullName } }', { n: 'two\nlines' }, { token: engineer });
    expect(fieldsOf(profile)).toEqual(['BAD_USER_INPUT', { fullName: `Must be ${hidden('U+000A')}.` }]);
    const organization = await stack.graphql.request(
      'mutation($n: String!) { createOrganization(name: $n) { id } }',
      { n: `Team ${RLO}` },
      { token: await stack.login('admin@example.com') },
    );
    expect(fieldsOf(organization)).toEqual(['BAD_USER_INPUT', { name: `Must be ${hidden('U+202E')}.` }]);

    const PROJECT = 'mutation($input: CreateProjectInput!) { createProject(input: $input) { id description } }';
    expect(fieldsOf(await stack.graphql.request(PROJECT, { input: { name: `hidden ${RLO}gnp.exe` } }, { token: manager }))).toEqual([
      'BAD_USER_INPUT',
      { name: hidden('U+202E') },
    ]);
    expect(
      fieldsOf(await stack.graphql.request(PROJECT, { input: { name: 'hidden text', description: 'first line\n\u2066second' } }, { token: manager })),
    ).toEqual(['BAD_USER_INPUT', { description: hidden('U+2066') }]);
    const experiment = await stack.graphql.request(
      'mutation($input: CreateExperimentInput!) { createExperiment(input: $input) { id } }',
      { input: { projectId, name: 'tab\tname' } },
      { token: manager },
    );
    expect(fieldsOf(experiment)).toEqual(['BAD_USER_INPUT', { name: hidden('U+0009') }]);
    const job = await stack.graphql.request(
      'mutation($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }',
      { input: { projectId, datasetId: PUBLIC_COCO, name: 'hidden job\u0085', framework: 'ultralytics', model: 'yolov8n' } },
      { token: engineer },
    );
    expect(fieldsOf(job)).toEqual(['BAD_USER_INPUT', { name: hidden('U+0085') }]);
    const stored = await db.query(`select 1 from projects where name like 'hidden%' union all select 1 from training_jobs where name like 'hidden%'`);
    expect(stored.rows).toHaveLength(0);

    const DATASET = 'mutation($input: CreateDatasetInput!) { createDataset(input: $input) { id } }';
    expect(fieldsOf(await stack.graphql.request(DATASET, { input: { name: `${RLO}vsc.dataset`, format: 'coco' } }, { token: engineer }))).toEqual([
      'BAD_USER_INPUT',
      { name: hidden('U+202E') },
    ]);
    expect(
      fieldsOf(await stack.graphql.request(DATASET, { input: { name: 'hidden tags', format: 'coco', tags: ['fine', `a${RLO}b`] } }, { token: engineer })),
    ).toEqual(['BAD_USER_INPUT', { tags: `names ${hidden('U+202E')}` }]);
    expect(
      fieldsOf(await stack.graphql.request(DATASET, { input: { name: 'hidden', format: 'coco', description: 'bell\u0007' } }, { token: engineer })),
    ).toEqual(['BAD_USER_INPUT', { description: hidden('U+0007') }]);
    const labelerDb = new pg.Pool({ connectionString: stack.dbUrls.labeler, max: 1 });
    try {
      const datasets = await labelerDb.query(`select 1 from datasets where name like 'hidden%' or name like '%vsc.dataset'`);
      expect(datasets.rows).toHaveLength(0);
    } finally {
      await labelerDb.end();
    }
  });

  it('keeps the line breaks of a description, and names in any script', async () => {
    const created = await stack.graphql.data<{ createProject: { name: string; description: string } }>(
      'mutation($input: CreateProjectInput!) { createProject(input: $input) { name description } }',
      { input: { name: 'مريم · 김민수 · Zoë 🚀', description: 'first line\r\n\tsecond line' } },
      { token: manager },
    );
    expect(created.createProject).toEqual({ name: 'مريم · 김민수 · Zoë 🚀', description: 'first line\r\n\tsecond line' });
  });
});

describe('Labeler REST input that PostgreSQL cannot store or compare', () => {
  const labeler = (path: string, init: RequestInit = {}) =>
    fetch(`${stack.urls.labeler}${path}`, { ...init, headers: { authorization: `Bearer ${stack.labelerServiceKey}`, 'content-type': 'application/json' } });

  it('refuses a NUL byte in a path segment, a query parameter or a JSON body with 400 invalid_request naming where', async () => {
    const cases: Array<[string, RequestInit | undefined, string]> = [
      ['/api/v1/datasets/%00/images', undefined, 'path.'],
      [`/api/v1/datasets?user_id=1&search=a%00b`, undefined, 'query.search'],
      ['/api/v1/datasets/batch', { method: 'POST', body: JSON.stringify({ dataset_ids: [`ds_${NUL}`] }) }, 'body.dataset_ids.0'],
    ];
    for (const [path, init, where] of cases) {
      const res = await labeler(path, init);
      expect([path, res.status]).toEqual([path, 400]);
      const body = (await res.json()) as { error: string; message: string };
      expect(body.error).toBe('invalid_request');
      expect(body.message).toContain(where);
    }
  });

  it('refuses a NUL byte at the Labeler login with 400 invalid_request', async () => {
    const res = await fetch(`${stack.urls.labeler}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: `admin@example.com${NUL}`, password: 'x' }),
    });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toBe('invalid_request');
  });
});

describe('cursors and page sizes', () => {
  const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const b64 = (text: string) => Buffer.from(text).toString('base64url');

  it.each([
    ['base64 junk', '!!!not-a-cursor'],
    ['a date before PostgreSQL time', cursor(['-271821-04-20T00:00:00.000Z', 'job_x'])],
    ['a date after PostgreSQL time', cursor(['+275760-09-13T00:00:00.000Z', 'job_x'])],
    ['a NUL byte in the id', cursor(['2026-01-01T00:00:00.000Z', `job_${NUL}`])],
    ['a huge id', cursor(['2026-01-01T00:00:00.000Z', 'j'.repeat(100_000)])],
  ])('refuses %s as `after` with BAD_USER_INPUT', async (_what, after) => {
    for (const query of [
      'query($after: String) { trainingJobs(first: 5, after: $after) { totalCount } }',
      'query($after: String) { projects(first: 5, after: $after) { totalCount } }',
    ]) {
      const result = await stack.graphql.request(query, { after }, { token: manager });
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
      expect(result.errors![0]!.extensions!.fields).toHaveProperty('after');
    }
  });

  it('refuses a forged cursor in the same words in every subgraph, naming the argument', async () => {
    const admin = await stack.login('admin@example.com');
    const jobs = await stack.graphql.data<{ trainingJobs: { nodes: Array<{ id: string }> } }>(
      '{ trainingJobs(first: 1) { nodes { id } } }',
      {},
      { token: admin },
    );
    const lists = [
      'query($a: String) { users(first: 5, after: $a) { totalCount } }',
      'query($a: String) { datasets(first: 5, after: $a) { totalCount } }',
      'query($a: String) { trainingJobs(first: 5, after: $a) { totalCount } }',
      'query($a: String) { projects(first: 5, after: $a) { totalCount } }',
      'query($a: String) { models(first: 5, after: $a) { totalCount } }',
      `query($a: String) { trainingJob(id: "${jobs.trainingJobs.nodes[0]!.id}") { logs(after: $a) { nodes { id } } } }`,
    ];
    for (const query of lists) {
      const result = await stack.graphql.request(query, { a: 'not-a-cursor' }, { token: admin });
      expect(result.errors?.map((e) => [e.message, e.extensions?.code, e.extensions?.fields])).toEqual([
        ['`after` must be the endCursor of a previous page.', 'BAD_USER_INPUT', { after: 'the endCursor of a previous page' }],
      ]);
    }
  });

  it('refuses a page size out of bounds in the same words in every subgraph, naming the bounds', async () => {
    const admin = await stack.login('admin@example.com');
    for (const [query, min, max] of [
      ['query($n: Int) { users(first: $n) { totalCount } }', 1, 100],
      ['query($n: Int) { datasets(first: $n) { totalCount } }', 1, 100],
      ['query($n: Int) { trainingJobs(first: $n) { totalCount } }', 0, 500],
      ['query($n: Int) { models(first: $n) { totalCount } }', 0, 500],
    ] as const) {
      for (const n of [min - 1, max + 1]) {
        const result = await stack.graphql.request(query, { n }, { token: admin });
        expect(result.errors?.map((e) => [e.message, e.extensions?.code, e.extensions?.fields])).toEqual([
          [`\`first\` must be between ${min} and ${max}.`, 'BAD_USER_INPUT', { first: `between ${min} and ${max}` }],
        ]);
      }
    }
  });

  it('refuses a number outside its bounds naming the bounds, in every bounded argument', async () => {
    const admin = await stack.login('admin@example.com');
    const { trainingJobs, datasets } = await stack.graphql.data<{
      trainingJobs: { nodes: Array<{ id: string; attempts: number }> };
      datasets: { nodes: Array<{ id: string }> };
    }>('{ trainingJobs(first: 1) { nodes { id attempts } } datasets(first: 1) { nodes { id } } }', {}, { token: admin });
    const job = trainingJobs.nodes[0]!;
    const dataset = datasets.nodes[0]!.id;
    const attempts = Math.max(job.attempts, 1);
    for (const [query, field, bounds] of [
      [`{ trainingJob(id: "${job.id}") { logs(first: 1001) { nodes { id } } } }`, 'first', 'between 0 and 1000'],
      [`{ trainingJob(id: "${job.id}") { systemSamples(last: -1) { cpuPercent } } }`, 'last', 'between 0 and 1000'],
      [`{ trainingJob(id: "${job.id}") { metrics(attempt: ${attempts + 1}) { step } } }`, 'attempt', `between 1 and ${attempts} (the job's attempts)`],
      [`{ dataset(id: "${dataset}") { downloadUrl(expiresIn: 0) { url } } }`, 'expiresIn', 'between 1 and 604800 seconds'],
      [`{ dataset(id: "${dataset}") { snapshots(first: 101) { id } } }`, 'first', 'between 0 and 100'],
    ] as const) {
      const result = await stack.graphql.request(query, {}, { token: admin });
      expect([query, result.errors?.map((e) => [e.message, e.extensions?.code, e.extensions?.fields])]).toEqual([
        query,
        [[`\`${field}\` must be ${bounds}.`, 'BAD_USER_INPUT', { [field]: bounds }]],
      ]);
    }
  });

  it('answers an offset or id beyond any page in the users and datasets cursors without an internal error', async () => {
    const admin = await stack.login('admin@example.com');
    const users = await stack.graphql.request(
      'query($a: String) { users(first: 5, after: $a) { totalCount } }',
      { a: b64('user:9999999999') },
      { token: admin },
    );
    expect(users.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('INTERNAL_SERVER_ERROR');
    const datasets = await stack.graphql.request(
      'query($a: String) { datasets(first: 5, after: $a) { totalCount } }',
      { a: b64('offset:999999999') },
      { token: admin },
    );
    expect(datasets.errors?.map((e) => e.extensions?.code) ?? []).not.toContain('INTERNAL_SERVER_ERROR');
  });

  it('refuses a negative, huge or non-numeric log cursor and page size', async () => {
    const jobs = await stack.graphql.data<{ trainingJobs: { nodes: Array<{ id: string }> } }>(
      '{ trainingJobs(first: 1) { nodes { id } } }',
      {},
      { token: manager },
    );
    const id = jobs.trainingJobs.nodes[0]!.id;
    for (const args of ['first: -1', 'first: 1001', 'after: "-5"', 'after: "99999999999999999999999"', 'after: "1e3"']) {
      const result = await stack.graphql.request(`query($id: ID!) { trainingJob(id: $id) { logs(${args}) { nodes { id } } } }`, { id }, { token: manager });
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
    }
    for (const first of [-1, 501]) {
      const result = await stack.graphql.request('query($n: Int) { trainingJobs(first: $n) { totalCount } }', { n: first }, { token: manager });
      expect(codeOf(result)).toBe('BAD_USER_INPUT');
    }
  });
});

describe('worker reports', () => {
  it('refuses a framework name that is not a plain name (__proto__) with 400 invalid_request', async () => {
    for (const frameworks of [['__proto__'], ['constructor', `a${NUL}`], ['x'.repeat(65)]]) {
      const answer = await worker('/jobs/claim', { workerId: 'w-proto', frameworks });
      expect(answer.status).toBe(400);
      expect(answer.body).toMatchObject({ error: 'invalid_request', issues: [expect.objectContaining({ path: expect.stringMatching(/^frameworks\.\d$/) })] });
    }
  });

  it.each([
    ['an epoch of 1e308', { progress: { epoch: 1e308, percent: 1 } }, 'progress.epoch'],
    ['an ETA of 1e308', { progress: { epoch: 1, percent: 1, etaSeconds: 1e308 } }, 'progress.etaSeconds'],
    ['a total of 2^53-1 epochs', { progress: { epoch: 1, percent: 1, totalEpochs: Number.MAX_SAFE_INTEGER } }, 'progress.totalEpochs'],
    ['a negative epoch', { progress: { epoch: -1, percent: 1 } }, 'progress.epoch'],
    [
      'a metric step of 1e308',
      {
        metrics: [
          { name: 'loss', value: 1 },
          { name: 'loss', step: 1e308, value: 1 },
        ],
      },
      'metrics.1.step',
    ],
    [
      'a NUL byte in a metric name',
      {
        metrics: [
          { name: 'loss', value: 1 },
          { name: 'lo\u0000ss', value: 1 },
        ],
      },
      'metrics.1.name',
    ],
    [
      'a text-direction override in a metric name (it would read "loss" on screen)',
      {
        metrics: [
          { name: 'loss', value: 1 },
          { name: '\u202Essol', value: 1 },
        ],
      },
      'metrics.1.name',
    ],
    ['a line break in a metric name', { metrics: [{ name: 'val\nloss', value: 1 }] }, 'metrics.0.name'],
    [
      'a NUL byte in a log line',
      {
        logs: [
          { level: 'INFO', message: 'fine' },
          { level: 'INFO', message: 'bad \u0000 line' },
        ],
      },
      'logs.1.message',
    ],
    ['a NUL byte in a system sample', { system: [{ cpuPercent: 1 }, { host: 'a\u0000b' }] }, 'system.1.host'],
    ['a __proto__ key in a system sample', { system: [{ cpuPercent: 1 }, JSON.parse('{"__proto__": 1}')] }, 'system.1'],
  ])('refuses a batch with %s as a whole (400, the item named, nothing stored)', async (_what, bad, path) => {
    const jobId = await claimedJob(`w-${Math.random().toString(36).slice(2, 8)}`);
    const workerId = (await db.query<{ worker_id: string }>('select worker_id from training_jobs where id = $1', [jobId])).rows[0]!.worker_id;
    // NaN cannot travel in JSON; a body that spells it is refused as malformed JSON (400 as well).
    const answer = await worker(`/jobs/${jobId}/events`, {
      workerId,
      logs: [{ level: 'INFO', message: 'before the bad item' }],
      metrics: [{ name: 'acc', value: 0.5 }],
      ...bad,
    });
    expect(answer.status).toBe(400);
    const issues = answer.body!.issues as Array<{ path: string }>;
    expect(answer.body!.error).toBe('invalid_request');
    expect(issues.some((issue) => issue.path.startsWith(path))).toBe(true);
    expect(answer.body!.message).toContain(path);
    expect(await eventRows(jobId)).toBe(0);
    const job = (await db.query('select epoch, progress, eta_seconds from training_jobs where id = $1', [jobId])).rows[0];
    expect(job).toMatchObject({ epoch: 0, eta_seconds: null });
  });

  it("names each offending field and why in plain words (docs/worker-protocol.md's example)", async () => {
    const jobId = await claimedJob('w-wording');
    const answer = await worker(`/jobs/${jobId}/events`, {
      workerId: 'w-wording',
      progress: { epoch: 2147483648, percent: 1 },
      metrics: [
        { name: 'loss', value: 1 },
        { name: 'lo\u0000ss', value: 1 },
      ],
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      error: 'invalid_request',
      message: 'progress.epoch: must be at most 2147483647; metrics.1.name: must not contain NUL (U+0000) characters',
      issues: [
        { path: 'progress.epoch', message: 'must be at most 2147483647' },
        { path: 'metrics.1.name', message: 'must not contain NUL (U+0000) characters' },
      ],
    });
    expect(await eventRows(jobId)).toBe(0);
  });

  it('says which hidden character a refused metric name holds', async () => {
    const jobId = await claimedJob('w-metric-name');
    const answer = await worker(`/jobs/${jobId}/events`, { workerId: 'w-metric-name', metrics: [{ name: '\u202Essol', value: 1 }] });
    expect(answer.status).toBe(400);
    expect(answer.body!.issues).toEqual([{ path: 'metrics.0.name', message: 'must be free of control and text-direction characters (U+202E found)' }]);
    expect(await eventRows(jobId)).toBe(0);
  });

  it('refuses malformed JSON and NaN with 400', async () => {
    const jobId = await claimedJob('w-nan');
    const answer = await worker(`/jobs/${jobId}/events`, '{"workerId":"w-nan","progress":{"epoch":NaN,"percent":1}}');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'invalid_request' });
    expect(await eventRows(jobId)).toBe(0);
  });

  it('stores nothing of a batch whose checkpoint was never uploaded', async () => {
    const jobId = await claimedJob('w-ckpt');
    const answer = await worker(`/jobs/${jobId}/events`, {
      workerId: 'w-ckpt',
      progress: { epoch: 2, percent: 50 },
      metrics: [{ name: 'loss', epoch: 2, value: 0.3 }],
      checkpoints: ['never-uploaded.pt'],
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ error: 'checkpoint_missing' });
    expect(await eventRows(jobId)).toBe(0);
    expect((await db.query('select epoch from training_jobs where id = $1', [jobId])).rows[0]).toEqual({ epoch: 0 });
  });

  it('keeps a checkpoint named twice in one report, or in complete, once', async () => {
    const jobId = await claimedJob('w-twice');
    const urls = await worker(`/jobs/${jobId}/checkpoint-urls`, { workerId: 'w-twice', names: ['twice.pt'] });
    expect(urls.status).toBe(200);
    const { uploadUrl } = (urls.body!.urls as Array<{ uploadUrl: string }>)[0]!;
    expect((await fetch(uploadUrl, { method: 'PUT', body: 'weights' })).status).toBe(200);
    const report = await worker(`/jobs/${jobId}/events`, { workerId: 'w-twice', progress: { epoch: 1, percent: 30 }, checkpoints: ['twice.pt', 'twice.pt'] });
    expect(report.status).toBe(200);
    expect(report.body).toEqual({ stored: 1 });
    const done = await worker(`/jobs/${jobId}/complete`, { workerId: 'w-twice', checkpoints: ['twice.pt', 'twice.pt'] });
    expect(done.status).toBe(200);
    expect((await db.query('select name, size_bytes from checkpoints where job_id = $1', [jobId])).rows).toEqual([{ name: 'twice.pt', size_bytes: '7' }]);
  });

  it('tells a worker without the lease so before looking at its checkpoints, and stores nothing', async () => {
    const jobId = await claimedJob('w-holder');
    const answer = await worker(`/jobs/${jobId}/events`, {
      workerId: 'w-intruder',
      progress: { epoch: 3, percent: 60 },
      checkpoints: ['never-uploaded.pt'],
    });
    expect(answer.status).toBe(409);
    expect(answer.body).toMatchObject({ error: 'lease_lost' });
    const plain = await worker(`/jobs/${jobId}/events`, { workerId: 'w-intruder', metrics: [{ name: 'loss', epoch: 3, value: 0.1 }] });
    expect(plain.status).toBe(409);
    expect(plain.body).toMatchObject({ error: 'lease_lost' });
    expect(await eventRows(jobId)).toBe(0);
    expect((await db.query('select epoch, worker_id from training_jobs where id = $1', [jobId])).rows[0]).toEqual({ epoch: 0, worker_id: 'w-holder' });
  });
});

describe('a requeued job', () => {
  it("keeps each attempt's metric series apart and shows the current attempt's by default", async () => {
    const jobId = await claimedJob('w-attempt-1', 1);
    const first = await worker(`/jobs/${jobId}/events`, {
      workerId: 'w-attempt-1',
      leaseSeconds: 1,
      metrics: [
        { name: 'loss', epoch: 1, value: 0.9 },
        { name: 'loss', epoch: 2, value: 0.8 },
        { name: 'acc', epoch: 2, value: 0.2 },
      ],
    });
    expect(first.status).toBe(200);
    // The worker goes silent: the sweeper requeues the job after the 1 s lease; another worker claims attempt 2.
    for (let i = 0; ; i++) {
      const { rows } = await db.query<{ status: string }>('select status from training_jobs where id = $1', [jobId]);
      if (rows[0]!.status === 'queued') break;
      if (i > 100) throw new Error('job was not requeued');
      await new Promise((r) => setTimeout(r, 100));
    }
    let claimed = false;
    for (let i = 0; i < 50 && !claimed; i++) {
      const answer = await worker('/jobs/claim', { workerId: 'w-attempt-2', frameworks: ['ultralytics'] });
      claimed = (answer.body?.job as { id: string; attempt: number } | undefined)?.id === jobId;
      if (claimed) expect((answer.body!.job as { attempt: number }).attempt).toBe(2);
    }
    expect(claimed).toBe(true);
    expect((await worker(`/jobs/${jobId}/events`, { workerId: 'w-attempt-2', metrics: [{ name: 'loss', epoch: 1, value: 0.7 }] })).status).toBe(200);

    const fields = `attempts
      loss: metrics(name: "loss") { attempt epoch value }
      firstLoss: metrics(name: "loss", attempt: 1) { attempt epoch value }
      names: metricNames
      firstNames: metricNames(attempt: 1)
      finalMetrics { attempt name value }`;
    const data = await stack.graphql.data<{
      trainingJob: { attempts: number; loss: unknown[]; firstLoss: unknown[]; names: string[]; firstNames: string[]; finalMetrics: unknown[] };
    }>(`query($id: ID!) { trainingJob(id: $id) { ${fields} } }`, { id: jobId }, { token: engineer });
    expect(data.trainingJob).toEqual({
      attempts: 2,
      loss: [{ attempt: 2, epoch: 1, value: 0.7 }],
      firstLoss: [
        { attempt: 1, epoch: 1, value: 0.9 },
        { attempt: 1, epoch: 2, value: 0.8 },
      ],
      names: ['loss'],
      firstNames: ['acc', 'loss'],
      finalMetrics: [{ attempt: 2, name: 'loss', value: 0.7 }],
    });
    const bad = await stack.graphql.request(`query($id: ID!) { trainingJob(id: $id) { metrics(attempt: 0) { value } } }`, { id: jobId }, { token: engineer });
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
  }, 30_000);
});

describe('a PostgreSQL outage', () => {
  const platformDbName = () => new URL(stack.dbUrls.platform).pathname.slice(1);
  const cutOff = async (allow: boolean) => {
    await admin.query(`alter database "${platformDbName()}" with allow_connections ${allow}`);
    if (!allow) await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [platformDbName()]);
  };

  afterAll(async () => {
    await cutOff(true).catch(() => undefined);
  });

  it('answers UPSTREAM_UNAVAILABLE without the driver message, on GraphQL and the worker API, and recovers', async () => {
    await cutOff(false);
    const leaks = /terminat|ECONN|connect|pg_|postgres|stack_platform|administrator|\d+\.\d+\.\d+\.\d+/i;
    // The first query meets connections terminated under it (57P01), the next ones a refused connection.
    for (let i = 0; i < 3; i++) {
      const result = await stack.graphql.request('{ trainingJobs(first: 5) { nodes { id } } }', {}, { token: manager });
      expect(result.status).toBeLessThan(500);
      expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
      expect(result.errors![0]!.message).not.toMatch(leaks);
    }
    const direct = await fetch(`${stack.urls.platform}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${manager}` },
      body: JSON.stringify({ query: '{ projects(first: 1) { totalCount } }' }),
    });
    const directBody = (await direct.json()) as { errors: Array<{ message: string; extensions: { code: string } }> };
    expect(directBody.errors[0]!.extensions.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(directBody.errors[0]!.message).not.toMatch(leaks);

    const claim = await worker('/jobs/claim', { workerId: 'w-outage', frameworks: ['ultralytics'] });
    expect(claim.status).toBe(503);
    expect(claim.body).toMatchObject({ error: 'unavailable' });
    expect(String(claim.body!.message)).not.toMatch(leaks);

    await cutOff(true);
    const back = await stack.graphql.request('{ trainingJobs(first: 5) { totalCount } }', {}, { token: manager });
    expect(back.errors).toBeUndefined();
  }, 60_000);

  it('answers UPSTREAM_UNAVAILABLE when the User DB is down: a login, and a logged-in request whose account cannot be checked', async () => {
    const usersDb = new URL(stack.dbUrls.users).pathname.slice(1);
    await admin.query(`alter database "${usersDb}" with allow_connections false`);
    await admin.query('select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()', [usersDb]);
    try {
      const login = await stack.graphql.request('mutation { login(email: "manager@example.com", password: "devpass") { accessToken } }');
      expect(login.status).toBeLessThan(500);
      expect(login.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
      const me = await stack.graphql.request('{ me { email } }', {}, { token: manager });
      expect(me.status).toBeLessThan(500);
      expect(me.errors?.map((e) => e.extensions?.code)).toEqual(['UPSTREAM_UNAVAILABLE']);
    } finally {
      await admin.query(`alter database "${usersDb}" with allow_connections true`);
    }
  }, 60_000);

  it("lets the reference trainer's client ride out a short outage: a 503 report is resent and stored once", async () => {
    const jobId = await claimedJob('w-retry');
    const client = new WorkerClient(stack.worker.url, stack.worker.token, 'w-retry', 60, [200, 400, 800, 1600, 3200]);
    await cutOff(false);
    const restore = new Promise((r) => setTimeout(r, 1000)).then(() => cutOff(true));
    await client.events(jobId, { metrics: [{ name: 'loss', epoch: 1, value: 0.5 }] });
    await restore;
    const { rows } = await db.query(`select payload from training_events where job_id = $1 and kind = 'metric'`, [jobId]);
    expect(rows).toEqual([{ payload: { name: 'loss', epoch: 1, value: 0.5 } }]);
  }, 60_000);
});
