/**
 * OpenTelemetry across processes (decisions.md #38): every service in its own process, as under
 * `npm start` (scripts/bench-services.ts launches them with the stack's machinery), exporting to a
 * small OTLP/HTTP receiver started here. One query that reads all three subgraphs and the Labeler
 * must come back as ONE trace: the caller's `traceparent` → the gateway's server span → its query
 * plan and one fetch per subgraph → each subgraph's server span → the datasets subgraph's call to
 * the Labeler → the Labeler's server span → its SQL statements, every parent link present. The
 * services' log lines carry the trace id beside the request id.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { startServiceProcesses, type ServiceProcesses } from '../scripts/bench-services';
import { sleep } from './helpers';

interface ExportedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  attributes: Record<string, unknown>;
}

/** OTLP span kinds (the JSON encoding's numbers). */
const SERVER = 2;
const CLIENT = 3;

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
}
interface OtlpAttribute {
  key: string;
  value: OtlpValue;
}
interface OtlpExport {
  resourceSpans?: Array<{
    resource?: { attributes?: OtlpAttribute[] };
    scopeSpans?: Array<{
      spans?: Array<{ traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: OtlpAttribute[] }>;
    }>;
  }>;
}

const valueOf = (v: OtlpValue) => v.stringValue ?? (v.intValue !== undefined ? Number(v.intValue) : v.boolValue);
const attributesOf = (list: OtlpAttribute[] = []) => Object.fromEntries(list.map((a) => [a.key, valueOf(a.value)]));

/** An OTLP/HTTP receiver (JSON encoding) that keeps every span it is sent. */
async function startReceiver(): Promise<{
  url: string;
  spans: ExportedSpan[];
  requests: { count: number; contentTypes: Set<string> };
  close(): Promise<void>;
}> {
  const spans: ExportedSpan[] = [];
  const requests = { count: 0, contentTypes: new Set<string>() };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.count += 1;
      requests.contentTypes.add(String(req.headers['content-type']));
      if (req.method !== 'POST' || req.url !== '/v1/traces') return void res.writeHead(404).end();
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
      for (const resource of body.resourceSpans ?? []) {
        const service = String(attributesOf(resource.resource?.attributes)['service.name']);
        for (const scope of resource.scopeSpans ?? [])
          for (const span of scope.spans ?? [])
            spans.push({
              service,
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId ?? '',
              name: span.name,
              kind: span.kind,
              attributes: attributesOf(span.attributes),
            });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const SERVICES = ['gateway', 'users', 'platform', 'datasets', 'labeler'] as const;
const cleanups: Array<() => Promise<void>> = [];
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let stack: ServiceProcesses;
/** Raw log lines (pino JSON) of each service. */
const logs: Record<string, string[]> = {};

beforeAll(async () => {
  receiver = await startReceiver();
  cleanups.push(() => receiver.close());
  const otel = { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url };
  stack = await startServiceProcesses(
    { defer: (step) => void cleanups.push(step) },
    { logLevel: 'info', env: Object.fromEntries(SERVICES.map((name) => [name, otel])) },
    {
      write: () => undefined,
      onSpawn: (service) => {
        const lines = (logs[service.name] = [] as string[]);
        let buffered = '';
        service.child.stdout?.on('data', (chunk: Buffer | string) => {
          buffered += chunk.toString();
          let index: number;
          while ((index = buffered.indexOf('\n')) >= 0) {
            lines.push(buffered.slice(0, index));
            buffered = buffered.slice(index + 1);
          }
        });
      },
    },
  );
}, 180_000);

afterAll(async () => {
  for (const step of cleanups.reverse()) await step().catch(() => undefined);
}, 60_000);

/** Reads trainingJobs (platform), each owner (users) and each dataset (datasets → Labeler batch). */
const QUERY = 'query TracedJobs { trainingJobs(first: 5) { nodes { id owner { email } dataset { name } } } }';

describe('OpenTelemetry traces across the services', () => {
  it('follow one request from the gateway through every subgraph to the Labeler and its SQL, in one trace with every parent link', async () => {
    const token = await stack.login('admin@example.com');
    const traceId = randomBytes(16).toString('hex');
    const callerSpanId = randomBytes(8).toString('hex');
    const requestId = `trace-test-${randomBytes(4).toString('hex')}`;

    const response = await fetch(stack.graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${token}`,
        traceparent: `00-${traceId}-${callerSpanId}-01`,
        'x-request-id': requestId,
      },
      body: JSON.stringify({ query: QUERY }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { data?: { trainingJobs: { nodes: Array<{ owner: unknown; dataset: unknown }> } }; errors?: unknown };
    expect(body.errors).toBeUndefined();
    expect(body.data!.trainingJobs.nodes.length).toBeGreaterThan(0);
    expect(body.data!.trainingJobs.nodes.some((n) => n.dataset !== null)).toBe(true);

    // Exported in batches (one a second): wait until the Labeler's SQL of this trace has arrived.
    const ours = () => receiver.spans.filter((s) => s.traceId === traceId);
    const deadline = Date.now() + 20_000;
    while (Date.now() < deadline) {
      const services = new Set(ours().map((s) => s.service));
      if (SERVICES.every((name) => services.has(name)) && ours().some((s) => s.service === 'labeler' && s.attributes['db.system'] === 'postgresql')) break;
      await sleep(200);
    }
    await sleep(1500); // the last batch of each service
    const spans = ours();
    const byId = new Map(spans.map((s) => [s.spanId, s]));
    const parentOf = (span: ExportedSpan) => byId.get(span.parentSpanId);
    /** `span`'s ancestors, nearest first. */
    const ancestors = (span: ExportedSpan) => {
      const chain: ExportedSpan[] = [];
      for (let at = parentOf(span); at; at = parentOf(at)) chain.push(at);
      return chain;
    };
    const describe = () => spans.map((s) => `${s.service} ${s.name} ${s.spanId} <- ${s.parentSpanId}`).join('\n');
    expect(receiver.requests.contentTypes.has('application/json')).toBe(true);

    // Every service took part; every span but the gateway's root has its parent in the trace.
    for (const name of SERVICES) expect(spans.some((s) => s.service === name)).toBe(true);
    const roots = spans.filter((s) => !byId.has(s.parentSpanId));
    expect(roots.map((s) => `${s.service} ${s.name}`)).toEqual(['gateway POST /graphql']);
    expect(roots[0]!.parentSpanId).toBe(callerSpanId); // continued from the caller's traceparent
    expect(roots[0]!.kind).toBe(SERVER);
    expect(roots[0]!.attributes['request.id']).toBe(requestId);

    // The gateway's own spans: the request, its query plan, one fetch per subgraph.
    const gatewayRequest = spans.find((s) => s.service === 'gateway' && s.name === 'gateway.request');
    expect(gatewayRequest).toBeDefined();
    expect(ancestors(gatewayRequest!)).toContain(roots[0]);
    const plan = spans.find((s) => s.service === 'gateway' && s.name === 'gateway.plan');
    expect(plan && ancestors(plan)).toContain(gatewayRequest);
    const fetches = spans.filter((s) => s.service === 'gateway' && s.name === 'gateway.fetch');
    expect(new Set(fetches.map((s) => s.attributes.service))).toEqual(new Set(['platform', 'users', 'datasets']));

    // Each subgraph's server span: child of a gateway client call, itself inside that subgraph's fetch.
    for (const subgraph of ['users', 'platform', 'datasets']) {
      const served = spans.filter((s) => s.service === subgraph && s.kind === SERVER && s.name === 'POST /graphql');
      expect({ subgraph, served: served.length > 0 }).toEqual({ subgraph, served: true });
      for (const span of served) {
        const call = parentOf(span);
        expect({ subgraph, call: call && `${call.service} ${call.kind}` }).toEqual({ subgraph, call: `gateway ${CLIENT}` });
        const fetch = ancestors(span).find((a) => a.name === 'gateway.fetch');
        expect(fetch?.attributes.service).toBe(subgraph);
      }
    }

    // The Labeler: its batch call served under the datasets subgraph's client span, its SQL under it.
    const batch = spans.find((s) => s.service === 'labeler' && s.kind === SERVER && s.name === 'POST /api/v1/datasets/batch');
    expect(batch).toBeDefined();
    const caller = parentOf(batch!);
    expect(caller?.service).toBe('datasets');
    expect(caller?.kind).toBe(CLIENT);
    expect(ancestors(caller!).some((a) => a.service === 'datasets' && a.kind === SERVER)).toBe(true);
    const sql = spans.filter((s) => s.service === 'labeler' && s.attributes['db.system'] === 'postgresql');
    expect(sql.length).toBeGreaterThan(0);
    for (const statement of sql) {
      expect(ancestors(statement)).toContain(batch);
      expect(statement.kind).toBe(CLIENT);
      expect(String(statement.attributes['db.query.text'])).toMatch(/^(SELECT|WITH)/i);
      // The statement's text, never its values (ids are bound as $1, $2, …).
      expect(String(statement.attributes['db.query.text'])).not.toMatch(/ds_[0-9a-f]{16}/);
    }
    // The subgraphs' SQL (MikroORM) under their own server spans, its values left out.
    for (const subgraph of ['users', 'platform']) {
      const statements = spans.filter((s) => s.service === subgraph && s.attributes['db.system'] === 'postgresql');
      expect({ subgraph, statements: statements.length > 0 }).toEqual({ subgraph, statements: true });
      for (const statement of statements) {
        expect(ancestors(statement).some((a) => a.service === subgraph && a.kind === SERVER)).toBe(true);
        expect(String(statement.attributes['db.query.text'])).not.toMatch(/example\.com|'/);
      }
    }
    // Health probes (the launcher polled /health of each service) make no traces.
    expect(receiver.spans.filter((s) => s.kind === SERVER && s.name === 'GET')).toEqual([]);
    if (process.env.TRACE_DUMP) process.stdout.write(`${describe()}\n`);

    // Logs: the Labeler's request line carries this request's id and this trace's id.
    const requestLines = (logs.labeler ?? [])
      .map((line) => {
        try {
          return JSON.parse(line) as { requestId?: string; traceId?: string; spanId?: string; msg?: string; path?: string };
        } catch {
          return null;
        }
      })
      .filter((line) => line?.msg === 'request' && line.requestId?.startsWith(requestId));
    expect(requestLines.length).toBeGreaterThan(0);
    for (const line of requestLines) {
      expect(line!.traceId).toBe(traceId);
      expect(byId.has(line!.spanId!)).toBe(true);
    }
  }, 90_000);

  it("shows a job list's count statement only when the query selects totalCount", async () => {
    const token = await stack.login('admin@example.com');
    /** The platform's SQL statements of one traced request. */
    const platformSql = async (query: string, variables: Record<string, unknown> = {}) => {
      const traceId = randomBytes(16).toString('hex');
      const response = await fetch(stack.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` },
        body: JSON.stringify({ query, variables }),
      });
      const body = (await response.json()) as { data?: { trainingJobs: { nodes: unknown[]; totalCount?: number } }; errors?: unknown };
      expect(body.errors).toBeUndefined();
      const statements = () =>
        receiver.spans
          .filter((s) => s.traceId === traceId && s.service === 'platform' && s.attributes['db.system'] === 'postgresql')
          .map((s) => String(s.attributes['db.query.text']));
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && !statements().some((text) => /from "training_jobs"/.test(text))) await sleep(200);
      await sleep(1500); // the rest of the platform's batch
      return { data: body.data!.trainingJobs, counts: statements().filter((text) => /count\(/i.test(text) && /"training_jobs"/.test(text)).length };
    };

    const plain = await platformSql('query ListOnly { trainingJobs(first: 3) { nodes { id } } }');
    expect(plain.data.nodes.length).toBeGreaterThan(0);
    expect(plain.counts).toBe(0);

    const counted = await platformSql('query Counted { trainingJobs(first: 3) { totalCount nodes { id } } }');
    expect(counted.counts).toBe(1);
    expect(counted.data.totalCount).toBeGreaterThanOrEqual(counted.data.nodes.length);

    // Through a fragment and a directive too: the count is there whenever the answer needs it.
    const viaFragment = await platformSql(
      'query CountedToo($withCount: Boolean!) { trainingJobs(first: 3) { ...JobTotal @include(if: $withCount) nodes { id } } } fragment JobTotal on TrainingJobConnection { totalCount }',
      { withCount: true },
    );
    expect(viaFragment.counts).toBe(1);
    expect(viaFragment.data.totalCount).toBe(counted.data.totalCount);
    const skipped = await platformSql(
      'query CountedToo($withCount: Boolean!) { trainingJobs(first: 3) { ...JobTotal @include(if: $withCount) nodes { id } } } fragment JobTotal on TrainingJobConnection { totalCount }',
      { withCount: false },
    );
    expect(skipped.counts).toBe(0);
    expect(skipped.data.totalCount).toBeUndefined();
  }, 90_000);
});
