import { describe, it, expect } from '@jest/globals';
import {
  DEFAULT_OPTIONS,
  behaveAlike,
  clientBound,
  endReason,
  goals,
  parseArgs,
  percentile,
  plannedRuns,
  latenciesOf,
  rssPerSubscriberKb,
  shareSockets,
  subscriptionEnd,
  summarise,
  table,
  type RunResult,
} from './bench-subscriptions.report';
import { goalsLine } from './bench-goals';

const result = (over: Partial<RunResult> = {}): RunResult => ({
  plan: { label: '500 viewers · shared', kind: 'viewers', sharing: 'shared' },
  subscribers: 500,
  sockets: 500,
  sent: 1000,
  sentPerSecond: 50,
  delivered: 500_000,
  expected: 500_000,
  sawLast: 500,
  latency: { count: 500_000, p50: 20, p99: 80, max: 120 },
  gatewayRssBeforeMb: 200,
  gatewayRssPeakMb: 210,
  gatewayCpuPercent: 60,
  platformCpuPercent: 20,
  benchCpuPercent: 40,
  clientCpuPercents: [19, 18],
  machineCpuPercent: 70,
  drainSeconds: 0.2,
  setupRetries: { count: 0, last: '' },
  errors: [],
  ...over,
});

describe('bench:subscriptions options', () => {
  it('defaults to the goals of the load: 500 viewers × 50 reports/s for 20 s, 10,000 idle, every scenario', () => {
    expect(parseArgs([])).toEqual(DEFAULT_OPTIONS);
    expect(DEFAULT_OPTIONS).toMatchObject({ scenario: 'all', viewers: 500, rate: 50, seconds: 20, idle: 10_000, idleRate: 2 });
  });

  it('reads a quick run, in both spellings', () => {
    expect(parseArgs(['--viewers', '50', '--seconds=5', '--scenario', 'compare', '--metrics'])).toEqual({
      ...DEFAULT_OPTIONS,
      viewers: 50,
      seconds: 5,
      scenario: 'compare',
      metrics: true,
    });
    expect(parseArgs(['--idle=2000', '--per-socket', '50', '--idle-rate', '4', '--rate', '10', '--client-processes=2', '--warm-up', '0'])).toMatchObject({
      clientProcesses: 2,
      warmUp: 0,
      idle: 2000,
      perSocket: 50,
      idleRate: 4,
      rate: 10,
    });
  });

  it('refuses unknown options, missing values, non-integers and out-of-range numbers', () => {
    expect(() => parseArgs(['--viewer', '5'])).toThrow('unknown option --viewer');
    expect(() => parseArgs(['--viewers'])).toThrow('--viewers must be an integer from 1 to 5000 (got nothing)');
    expect(() => parseArgs(['--seconds', '2.5'])).toThrow('--seconds must be an integer');
    expect(() => parseArgs(['--rate', '0'])).toThrow('--rate must be an integer from 1 to 1000 (got 0)');
    expect(() => parseArgs(['--client-processes', '17'])).toThrow('--client-processes must be an integer from 1 to 16 (got 17)');
    expect(() => parseArgs(['--scenario', 'busy'])).toThrow('--scenario must be viewers, idle, compare or all (got busy)');
  });

  it('plans the runs of each scenario; compare and all put shared and per-viewer side by side', () => {
    const runs = (scenario: string) => plannedRuns(parseArgs(['--scenario', scenario, '--viewers', '50'])).map((r) => `${r.kind}/${r.sharing}`);
    expect(runs('viewers')).toEqual(['viewers/shared']);
    expect(runs('idle')).toEqual(['idle/shared']);
    expect(runs('compare')).toEqual(['viewers/shared', 'viewers/per-viewer']);
    expect(runs('all')).toEqual(['viewers/shared', 'idle/shared', 'viewers/per-viewer']);
    expect(plannedRuns(parseArgs(['--viewers', '50']))[0]!.label).toBe('50 viewers · shared');
  });
});

describe('bench:subscriptions figures', () => {
  it('takes nearest-rank percentiles of unsorted values', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([3, 1, 2], 0)).toBe(1);
    expect(percentile([], 50)).toBeNaN();
  });

  it('summarises latencies: count, p50, p99 and max; an empty run has no figures', () => {
    expect(summarise([5, 1, 9, 3])).toEqual({ count: 4, p50: 3, p99: 9, max: 9 });
    const many = Array.from({ length: 1_000_000 }, (_, i) => i % 1000);
    expect(summarise(many)).toEqual({ count: 1_000_000, p50: 499, p99: 989, max: 999 });
    const empty = summarise([]);
    expect(empty.count).toBe(0);
    expect(empty.p99).toBeNaN();
  });

  it('shares the sockets out to the client processes in even runs, never an empty one', () => {
    expect(shareSockets(500, 2)).toEqual([
      { first: 0, count: 250 },
      { first: 250, count: 250 },
    ]);
    expect(shareSockets(5, 3)).toEqual([
      { first: 0, count: 1 },
      { first: 1, count: 2 },
      { first: 3, count: 2 },
    ]);
    expect(shareSockets(1, 4)).toEqual([{ first: 0, count: 1 }]);
  });

  it('measures each receipt against the moment its report was sent, skipping reports never sent', () => {
    const sentAt: Array<number | undefined> = [];
    sentAt[1] = 1000;
    sentAt[2] = 1020.5;
    expect(latenciesOf(new Float64Array([1, 1012, 2, 1030, 1, 1015.25, 7, 2000]), sentAt)).toEqual([12, 9.5, 15.25]);
  });

  it('derives RSS per subscriber in KB and flags a client that used most of a core', () => {
    expect(rssPerSubscriberKb({ gatewayRssBeforeMb: 100, gatewayRssPeakMb: 200, subscribers: 10_000 })).toBeCloseTo(10.24);
    expect(rssPerSubscriberKb({ gatewayRssBeforeMb: 100, gatewayRssPeakMb: 200, subscribers: 0 })).toBeNaN();
    expect(clientBound({ clientCpuPercents: [40, 95] })).toBe(true);
    expect(clientBound({ clientCpuPercents: [80, 84] })).toBe(false);
  });

  it('judges the goals on the runs made and says which were not run', () => {
    const idle = result({
      plan: { label: '10000 idle · shared', kind: 'idle', sharing: 'shared' },
      subscribers: 10_000,
      gatewayRssPeakMb: 400,
      latency: { count: 1, p50: 30, p99: 240, max: 300 },
    });
    const list = goals([result(), idle], { viewers: 500, idle: 10_000 });
    expect(list.map((g) => [g.name, g.met])).toEqual([
      ['500 viewers p99 < 100 ms', true],
      ['500 viewers 100 % delivered', true],
      ['10000 idle p99 < 250 ms', true],
      ['10000 idle ≤ 30 KB RSS each', true],
    ]);
    const missed = goals([result({ delivered: 499_999, latency: { count: 1, p50: 50, p99: 100, max: 100 } })], { viewers: 500, idle: 10_000 });
    expect(missed.map((g) => g.met)).toEqual([false, false, false, false]);
    expect(goalsLine(missed)).toBe(
      'goals: 0/2 met — ✗ 500 viewers p99 < 100 ms · ✗ 500 viewers 100 % delivered · – 10000 idle p99 < 250 ms (not run) · – 10000 idle ≤ 30 KB RSS each (not run)',
    );
  });

  it('does not count a per-viewer run as the shared one', () => {
    const perViewer = result({ plan: { label: '500 viewers · per-viewer', kind: 'viewers', sharing: 'per-viewer' } });
    expect(goals([perViewer], { viewers: 500, idle: 10_000 })[0]).toMatchObject({ skipped: true });
  });

  it('tells runs that behaved alike from runs that did not', () => {
    expect(behaveAlike(result(), result({ gatewayRssPeakMb: 211, platformCpuPercent: 22 }))).toBe(true);
    expect(behaveAlike(result(), result({ gatewayRssPeakMb: 400, platformCpuPercent: 90 }))).toBe(false);
  });

  it('prints one column per run, every row aligned', () => {
    const lines = table([
      result(),
      result({ plan: { label: '500 viewers · per-viewer', kind: 'viewers', sharing: 'per-viewer' }, benchCpuPercent: 99, clientCpuPercents: [97] }),
    ]);
    expect(lines[0]).toContain('500 viewers · shared');
    expect(lines[0]).toContain('500 viewers · per-viewer');
    expect(lines.find((l) => l.startsWith('delivered/expected'))).toContain('500000/500000 (100.0 %)');
    expect(lines.find((l) => l.startsWith('latency p50 / p99'))).toContain('20 / 80 ms');
    expect(lines.find((l) => l.startsWith('bench CPU'))).toContain('40 % (clients 19 + 18)');
    expect(lines.find((l) => l.startsWith('bench CPU'))).toContain('99 % (clients 97) (client-bound)');
    const bars = lines.map((l) => l.indexOf('│'));
    expect(new Set(bars).size).toBe(1);
  });
});

describe('bench:subscriptions subscription ends', () => {
  it('opens a subscription that ended while viewers arrived again, at most three times, then counts an error', () => {
    expect([0, 1, 2, 3].map((attempt) => subscriptionEnd('setup', attempt))).toEqual(['retry', 'retry', 'retry', 'error']);
  });

  it('counts every end during the measured window as an error', () => {
    expect(subscriptionEnd('measuring', 0)).toBe('error');
  });

  it('ignores the ends caused by the bench closing its own sockets after the window', () => {
    // Disposing a graphql-ws client completes each of its subscriptions: neither a retry nor an error.
    expect([0, 3].map((attempt) => subscriptionEnd('done', attempt))).toEqual(['ignore', 'ignore']);
  });

  it("names the refusal's code and message when an event with errors came just before the end", () => {
    expect(endReason('the subscription completed', undefined)).toBe('the subscription completed');
    expect(
      endReason('the subscription completed', [{ message: 'Your account cannot be checked right now.', extensions: { code: 'UPSTREAM_UNAVAILABLE' } }]),
    ).toBe('the subscription completed after UPSTREAM_UNAVAILABLE: Your account cannot be checked right now.');
  });
});
