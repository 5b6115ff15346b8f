/**
 * Delta streams of a job's reports through the gateway (trainingJobMetrics, trainingJobLogs,
 * trainingJobSystem) and honest queueing (TrainingJob.queueReason), on the real stack. A worker is
 * played by hand over the worker protocol, so the test decides exactly what is stored and when.
 */
import { describe, it, expect, beforeAll, afterAll } from '@jest/globals';
import type { Client } from 'graphql-ws';
import pg from 'pg';
import { stableId } from '../subgraphs/platform/seed';
import { startStack, type Stack } from './harness/stack';
import { sleep, waitFor, wsClient } from './helpers';

const PUBLIC_COCO = 'ds_3f9a1c7e5b2d4f60';
const INSPECTION = stableId('prj', 'inspection');
const WORKER = 'hand-worker-1';

let stack: Stack;
let owner: string;
const clients: Client[] = [];

interface Point {
  cursor: string;
  name: string;
  epoch: number | null;
  step: number | null;
  value: number;
}
interface Line {
  cursor: string;
  id: string;
  level: string;
  message: string;
}
interface Frame<T> {
  items: T[];
  cursor: string;
  at: number;
}

async function worker(path: string, body: Record<string, unknown>) {
  const res = await fetch(`${stack.worker.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack.worker.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ workerId: WORKER, ...body }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as Record<string, unknown>) : null };
}

const report = async (jobId: string, body: Record<string, unknown>) => {
  const answer = await worker(`/jobs/${jobId}/events`, body);
  expect(answer.status).toBe(200);
};

const points = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ name: 'loss', epoch: from + i, value: 1 / (from + i + 1) }));

async function createJob(name: string, extra: Record<string, unknown> = {}): Promise<string> {
  const body = await stack.graphql.request<{ createTrainingJob: { id: string } }>(
    'mutation($input: CreateTrainingJobInput!) { createTrainingJob(input: $input) { id } }',
    { input: { projectId: INSPECTION, datasetId: PUBLIC_COCO, name, ...extra } },
    { token: owner },
  );
  expect(body.errors).toBeUndefined();
  return body.data!.createTrainingJob.id;
}

/** A new reference job, claimed by the hand-played worker (no other queued reference job exists). */
async function runningJob(name: string): Promise<string> {
  const id = await createJob(name);
  const claim = await worker('/jobs/claim', { frameworks: ['reference'], tasks: ['classification'] });
  expect(claim.status).toBe(200);
  expect((claim.body!.job as { id: string }).id).toBe(id);
  return id;
}

/** Collects the frames of one subscription on its own socket (closing the socket drops it). */
function stream<T>(token: string, query: string, variables: Record<string, unknown>, itemsOf: (data: Record<string, unknown>) => Frame<T>) {
  const client = wsClient(stack.wsUrl, token);
  clients.push(client);
  const frames: Frame<T>[] = [];
  const errors: unknown[] = [];
  let completed = false;
  client.subscribe<Record<string, unknown>>(
    { query, variables },
    {
      next: (result) => {
        if (result.errors) errors.push(...result.errors);
        if (result.data) frames.push(itemsOf(result.data));
      },
      error: (error) => errors.push(error),
      complete: () => void (completed = true),
    },
  );
  return {
    frames,
    errors,
    isCompleted: () => completed,
    items: () => frames.flatMap((f) => f.items),
    drop: () => client.dispose(),
  };
}

const METRICS =
  'subscription Metrics($jobId: ID!, $after: String) { trainingJobMetrics(jobId: $jobId, after: $after) { jobId cursor points { cursor name epoch step value } } }';
const LOGS =
  'subscription Logs($jobId: ID!, $level: LogLevel, $after: String) { trainingJobLogs(jobId: $jobId, level: $level, after: $after) { cursor lines { cursor id level message } } }';
const SYSTEM = 'subscription System($jobId: ID!, $after: String) { trainingJobSystem(jobId: $jobId, after: $after) { cursor samples { cursor cpuPercent } } }';

const metricFrame = (data: Record<string, unknown>): Frame<Point> => {
  const batch = data.trainingJobMetrics as { cursor: string; points: Point[] };
  return { items: batch.points, cursor: batch.cursor, at: Date.now() };
};
const logFrame = (data: Record<string, unknown>): Frame<Line> => {
  const batch = data.trainingJobLogs as { cursor: string; lines: Line[] };
  return { items: batch.lines, cursor: batch.cursor, at: Date.now() };
};

async function storedMetrics(jobId: string): Promise<Point[]> {
  const body = await stack.graphql.request<{ trainingJob: { metrics: Point[] } }>(
    'query($id: ID!) { trainingJob(id: $id) { metrics { cursor name epoch step value } } }',
    { id: jobId },
    { token: owner },
  );
  expect(body.errors).toBeUndefined();
  return body.data!.trainingJob.metrics;
}

beforeAll(async () => {
  stack = await startStack();
  owner = await stack.login('advanced_engineer@example.com');
}, 120_000);

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await stack?.close();
});

describe('delta streams', () => {
  it('resumes a dropped metric stream from its last cursor with exactly the missed points: no gap, no duplicate', async () => {
    const jobId = await runningJob('resume after a drop');
    await report(jobId, { metrics: points(0, 20) });

    const first = stream(owner, METRICS, { jobId }, metricFrame);
    await waitFor(() => first.items().length >= 20, 10_000, 'the history');
    await report(jobId, { metrics: points(20, 5) });
    await waitFor(() => first.items().length >= 25, 10_000, 'live points');
    const lastCursor = first.frames[first.frames.length - 1]!.cursor;
    await first.drop();

    // Stored while nobody listens.
    for (let i = 0; i < 3; i++) await report(jobId, { metrics: points(25 + i * 10, 10) });

    const second = stream(owner, METRICS, { jobId, after: lastCursor }, metricFrame);
    await waitFor(() => second.items().length >= 30, 10_000, 'the missed points');
    await report(jobId, { metrics: points(55, 5) });
    await waitFor(() => second.items().length >= 35, 10_000, 'live points after resuming');
    await sleep(300);

    const received = [...first.items(), ...second.items()];
    const stored = await storedMetrics(jobId);
    expect(stored).toHaveLength(60);
    expect(received).toEqual(stored);
    expect(new Set(received.map((p) => p.cursor)).size).toBe(60);
    expect(first.errors).toEqual([]);
    expect(second.errors).toEqual([]);
    // Every frame's cursor is its last item's: resuming from any frame boundary is exact.
    for (const frame of [...first.frames, ...second.frames]) expect(frame.cursor).toBe(frame.items[frame.items.length - 1]!.cursor);
  });

  it('gives a second identical subscription of the same viewer (another tab) the history too, not only what follows', async () => {
    const jobId = await runningJob('two tabs');
    await report(jobId, { metrics: points(0, 4) });
    const tab1 = stream(owner, METRICS, { jobId }, metricFrame);
    await waitFor(() => tab1.items().length >= 4, 10_000, 'the first tab’s history');
    const tab2 = stream(owner, METRICS, { jobId }, metricFrame);
    await waitFor(() => tab2.items().length >= 4, 10_000, 'the second tab’s history');
    await report(jobId, { metrics: points(4, 2) });
    await waitFor(() => tab1.items().length >= 6 && tab2.items().length >= 6, 10_000, 'live points in both tabs');
    expect(tab2.items()).toEqual(tab1.items());
    tab1.drop();
    tab2.drop();
  });

  it('shares one upstream per job and stream among viewers: late joiners get the items after their cursor, one far behind catches up on its own first', async () => {
    const stats = stack.gateway.bridgeStats;
    const manager = await stack.login('manager@example.com');
    const admin = await stack.login('admin@example.com');
    const jobId = await runningJob('shared feed');
    await report(jobId, { metrics: points(0, 10) });
    const opened = stats.upstreamOpened;
    const joined = stats.feedJoins;

    const a = stream(owner, METRICS, { jobId }, metricFrame);
    await waitFor(() => a.items().length >= 10, 10_000, 'the first viewer’s history');
    // Another user from the start, and one from the fourth point's cursor: both from what the feed holds.
    const b = stream(manager, METRICS, { jobId }, metricFrame);
    const c = stream(admin, METRICS, { jobId, after: a.items()[3]!.cursor }, metricFrame);
    await waitFor(() => b.items().length >= 10 && c.items().length >= 6, 10_000, 'the joiners’ catch-up');
    await report(jobId, { metrics: points(10, 5) });
    await waitFor(() => a.items().length >= 15 && b.items().length >= 15 && c.items().length >= 11, 10_000, 'live points for all three');
    expect(stats.upstreamOpened - opened).toBe(1);
    expect(stats.feedJoins - joined).toBe(3);

    // More points than the feed keeps (2000 at most): a viewer from the start is behind it, replays on
    // an upstream of its own as itself, and moves onto the feed once it reaches what the feed holds.
    await report(jobId, { metrics: points(15, 2500) });
    await waitFor(() => a.items().length >= 2515, 20_000, 'the big report');
    const d = stream(owner, METRICS, { jobId }, metricFrame);
    await waitFor(() => d.items().length >= 2515, 20_000, 'the late viewer’s replay');
    await report(jobId, { metrics: points(2515, 3) });
    await waitFor(() => [a, b, c, d].every((s) => s.items().length >= (s === c ? 2514 : 2518)), 10_000, 'the last points for all four');
    expect(stats.upstreamOpened - opened).toBe(2);
    await waitFor(() => stats.feedJoins - joined === 4, 10_000, 'the late viewer to join the feed');
    await sleep(300);

    const stored = await storedMetrics(jobId);
    expect(stored).toHaveLength(2518);
    for (const s of [a, b, d]) expect(s.items()).toEqual(stored);
    expect(c.items()).toEqual(stored.slice(4));
    for (const s of [a, b, c, d]) {
      expect(s.errors).toEqual([]);
      for (const frame of s.frames) expect(frame.cursor).toBe(frame.items[frame.items.length - 1]!.cursor);
    }
    // Catch-up frames are no bigger than the subgraph's (STREAM_BATCH_MAX, 1000).
    expect(Math.max(...d.frames.map((f) => f.items.length))).toBeLessThanOrEqual(1000);
    for (const s of [a, b, c, d]) s.drop();
  });

  it('keeps at most a few MB of a feed: a viewer from the start of 2.9 MB of long log lines replays on its own, then joins; every line once', async () => {
    const stats = stack.gateway.bridgeStats;
    const jobId = await runningJob('long lines');
    const long = (from: number, count: number) => Array.from({ length: count }, (_, i) => ({ level: 'INFO', message: `${from + i} `.padEnd(9000, 'x') }));
    const opened = stats.upstreamOpened;
    const joined = stats.feedJoins;
    const first = stream(owner, LOGS, { jobId }, logFrame);
    await sleep(300);
    await report(jobId, { logs: long(0, 160) });
    await report(jobId, { logs: long(160, 160) });
    await waitFor(() => first.items().length >= 320, 20_000, 'the long lines');
    const late = stream(owner, LOGS, { jobId }, logFrame);
    await waitFor(() => late.items().length >= 320, 20_000, 'the late viewer’s replay');
    await report(jobId, { logs: long(320, 2) });
    await waitFor(() => first.items().length >= 322 && late.items().length >= 322, 10_000, 'the last lines');
    await waitFor(() => stats.feedJoins - joined === 2, 10_000, 'the late viewer to join the feed');
    expect(stats.upstreamOpened - opened).toBe(2);
    await sleep(300);
    const numbers = (items: Line[]) => items.map((line) => Number(line.message.split(' ')[0]));
    const all = Array.from({ length: 322 }, (_, i) => i);
    expect(numbers(first.items())).toEqual(all);
    expect(numbers(late.items())).toEqual(all);
    expect([...first.errors, ...late.errors]).toEqual([]);
    first.drop();
    late.drop();
  });

  it('streams log lines of a level and above and resumes after a dropped socket; a LogLine.id works as a cursor too', async () => {
    const jobId = await runningJob('logs resume');
    const lines = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ level: (from + i) % 3 === 0 ? 'WARNING' : 'INFO', message: `line ${from + i}` }));
    await report(jobId, { logs: lines(0, 30) });

    const all = stream(owner, LOGS, { jobId }, logFrame);
    const warnings = stream(owner, LOGS, { jobId, level: 'WARNING' }, logFrame);
    await waitFor(() => all.items().length >= 30 && warnings.items().length >= 10, 10_000, 'the log history');
    const resumeFrom = all.frames[all.frames.length - 1]!.cursor;
    await all.drop();
    await report(jobId, { logs: lines(30, 12) });
    const resumed = stream(owner, LOGS, { jobId, after: resumeFrom }, logFrame);
    await waitFor(() => resumed.items().length >= 12 && warnings.items().length >= 14, 10_000, 'the missed lines');

    const messages = [...all.items(), ...resumed.items()].map((l) => l.message);
    expect(messages).toEqual(Array.from({ length: 42 }, (_, i) => `line ${i}`));
    expect(warnings.items().map((l) => l.level)).toEqual(Array(14).fill('WARNING'));
    expect(warnings.items().map((l) => l.message)).toEqual(Array.from({ length: 14 }, (_, i) => `line ${i * 3}`));

    // A page read with `logs` continues live from its endCursor (the plain LogLine.id).
    const tenth = all.items()[9]!;
    const fromId = stream(owner, LOGS, { jobId, after: tenth.id }, logFrame);
    await waitFor(() => fromId.items().length >= 32, 10_000, 'lines after a LogLine.id');
    expect(fromId.items()[0]!.message).toBe('line 10');
    fromId.drop();
    warnings.drop();
    resumed.drop();
  });

  it('streams system samples and ends every stream after the last item of an ended job', async () => {
    const jobId = await runningJob('system and end');
    await report(jobId, { system: [{ cpuPercent: 10 }, { cpuPercent: 20 }], metrics: points(0, 3) });
    const system = stream(owner, SYSTEM, { jobId }, (data) => {
      const batch = data.trainingJobSystem as { cursor: string; samples: Array<{ cursor: string; cpuPercent: number }> };
      return { items: batch.samples, cursor: batch.cursor, at: Date.now() };
    });
    const metrics = stream(owner, METRICS, { jobId }, metricFrame);
    await waitFor(() => system.items().length >= 2 && metrics.items().length >= 3, 10_000, 'first samples');
    await report(jobId, { system: [{ cpuPercent: 30 }] });
    expect((await worker(`/jobs/${jobId}/complete`, {})).status).toBe(200);
    await waitFor(() => system.isCompleted() && metrics.isCompleted(), 10_000, 'both streams to end');
    expect(system.items().map((s) => s.cpuPercent)).toEqual([10, 20, 30]);
    expect(metrics.items()).toHaveLength(3);

    // Subscribing to an ended job: its whole history, then the end.
    const late = stream(owner, METRICS, { jobId }, metricFrame);
    await waitFor(() => late.isCompleted(), 10_000, 'the stream of an ended job to end');
    expect(late.items()).toEqual(metrics.items());
  });

  it('coalesces a burst into at most ~10 frames per second and delivers every point; a long history comes in bounded frames', async () => {
    const jobId = await runningJob('burst');
    const live = stream(owner, METRICS, { jobId }, metricFrame);
    await sleep(500);
    const reports = 60;
    const started = Date.now();
    for (let i = 0; i < reports; i++) await report(jobId, { metrics: points(i * 25, 25) });
    await waitFor(() => live.items().length >= reports * 25, 20_000, 'every point of the burst');
    await sleep(300);
    const span = live.frames[live.frames.length - 1]!.at - live.frames[0]!.at;
    process.stdout.write(
      `[measure] burst: ${reports} reports (${reports * 25} points) in ${Date.now() - started} ms → ${live.frames.length} frames over ${span} ms\n`,
    );
    expect(live.items()).toEqual(await storedMetrics(jobId));
    expect(live.frames.length).toBeLessThan(reports);
    // The platform sends frames at least 100 ms apart; arrival may jitter by a frame or two.
    expect(live.frames.length).toBeLessThanOrEqual(Math.floor(span / 100) + 3);
    live.drop();

    // 1500 stored points, subscribed from the start: frames of at most 1000 (STREAM_BATCH_MAX).
    const history = stream(owner, METRICS, { jobId }, metricFrame);
    await waitFor(() => history.items().length >= reports * 25, 20_000, 'the whole history');
    expect(history.frames.map((f) => f.items.length)).toEqual([1000, 500]);
    history.drop();
  });

  it('answers NOT_FOUND for a job the caller may not see and for an unknown job, BAD_USER_INPUT for a forged cursor; a project viewer is served', async () => {
    const jobId = await runningJob('private stream');
    await report(jobId, { metrics: points(0, 2) });
    const stranger = await stack.login('standard_engineer@example.com');
    const viewer = await stack.login('guest@example.com');

    for (const [token, id, query] of [
      [stranger, jobId, METRICS],
      [stranger, jobId, LOGS],
      [stranger, jobId, SYSTEM],
      [owner, 'job_0000000000000000', METRICS],
    ] as const) {
      const refused = stream(token, query, { jobId: id }, metricFrame);
      await waitFor(() => refused.errors.length > 0, 10_000, 'the refusal');
      expect(refused.frames).toEqual([]);
      expect((refused.errors[0] as { extensions?: { code?: string }; message: string }).extensions?.code).toBe('NOT_FOUND');
      expect((refused.errors[0] as { message: string }).message).toBe(`Training job ${id} does not exist.`);
    }

    const forged = stream(owner, METRICS, { jobId, after: 'not-a-cursor' }, metricFrame);
    await waitFor(() => forged.errors.length > 0, 10_000, 'the refusal');
    expect((forged.errors[0] as { extensions?: { code?: string } }).extensions?.code).toBe('BAD_USER_INPUT');

    // The owner and the viewer share one upstream (the gateway's feed of this job's points).
    const opened = stack.gateway.bridgeStats.upstreamOpened;
    const watcher = stream(owner, METRICS, { jobId }, metricFrame);
    await waitFor(() => watcher.items().length >= 2, 10_000, 'the owner’s frames');
    const served = stream(viewer, METRICS, { jobId }, metricFrame);
    await waitFor(() => served.items().length >= 2, 10_000, 'the viewer’s frames');
    expect(served.errors).toEqual([]);
    expect(stack.gateway.bridgeStats.upstreamOpened - opened).toBe(1);

    // Removed from the project: the next frame is refused and the stream ends, with nothing of it sent.
    const manager = await stack.login('manager@example.com');
    const removed = await stack.graphql.request(
      'mutation($projectId: ID!, $userId: ID!) { removeProjectMember(projectId: $projectId, userId: $userId) }',
      { projectId: INSPECTION, userId: stack.userIds.guest },
      { token: manager },
    );
    expect(removed.errors).toBeUndefined();
    await report(jobId, { metrics: points(2, 1) });
    await waitFor(() => served.errors.length > 0 && served.isCompleted(), 10_000, 'the refusal after losing access');
    expect((served.errors[0] as { extensions?: { code?: string } }).extensions?.code).toBe('NOT_FOUND');
    expect(served.items()).toHaveLength(2);
    // The other viewer of the feed goes on.
    await waitFor(() => watcher.items().length >= 3, 10_000, 'the owner’s next point');
    expect(watcher.errors).toEqual([]);
    watcher.drop();
  });
});

describe('queueing', () => {
  const reasonOf = async (id: string) => {
    const body = await stack.graphql.request<{ trainingJob: { status: string; queueReason: string | null } }>(
      'query($id: ID!) { trainingJob(id: $id) { status queueReason } }',
      { id },
      { token: owner },
    );
    expect(body.errors).toBeUndefined();
    return body.data!.trainingJob;
  };

  it('says which worker a queued job waits for, from what connected workers declared when they claimed', async () => {
    const id = await createJob('needs ultralytics', { framework: 'ultralytics', model: 'yolov8n' });
    expect(await reasonOf(id)).toEqual({ status: 'QUEUED', queueReason: 'Waiting for a worker that runs ultralytics.' });

    // A worker that runs ultralytics, but only segmentation: the detection job still waits, and says why.
    const segmenter = await fetch(`${stack.worker.url}/jobs/claim`, {
      method: 'POST',
      headers: { authorization: `Bearer ${stack.worker.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ workerId: 'segmenter-1', frameworks: ['ultralytics'], tasks: ['segmentation'] }),
    });
    expect(segmenter.status).toBe(204);
    expect(await reasonOf(id)).toEqual({ status: 'QUEUED', queueReason: 'Waiting for a worker that runs ultralytics for detection.' });

    // A worker of the old protocol (no `tasks`) runs any task of its frameworks: it takes the job.
    // (The seed's older queued ultralytics job is claimed first.)
    let claimed: string | undefined;
    for (let i = 0; i < 5 && claimed !== id; i++) {
      const detector = await worker('/jobs/claim', { frameworks: ['ultralytics'] });
      expect(detector.status).toBe(200);
      claimed = (detector.body!.job as { id: string }).id;
    }
    expect(await reasonOf(id)).toEqual({ status: 'RUNNING', queueReason: null });

    // Another ultralytics job now waits for that (busy, connected) worker.
    const next = await createJob('waits its turn', { framework: 'ultralytics', model: 'yolov8n' });
    expect((await reasonOf(next)).queueReason).toBe('Waiting for a free ultralytics worker (1 connected).');

    // Workers not heard from within WORKER_PRESENCE_SECONDS no longer count as connected.
    const db = new pg.Pool({ connectionString: stack.dbUrls.platform, max: 1 });
    try {
      await db.query(`update workers set last_seen_at = now() - interval '10 minutes'`);
    } finally {
      await db.end();
    }
    expect((await reasonOf(next)).queueReason).toBe('Waiting for a worker that runs ultralytics.');
  });
});
