/**
 * The pure parts of `npm run bench:subscriptions` (scripts/bench-subscriptions.ts): its options,
 * percentiles, one scenario's figures, the side-by-side table and the goals.
 */
import type { Goal } from './bench-goals';

export type ScenarioName = 'viewers' | 'idle' | 'compare' | 'all';
export type Sharing = 'shared' | 'per-viewer';

export interface BenchOptions {
  scenario: ScenarioName;
  /** Viewers (distinct users, one WebSocket each) of the busy job. */
  viewers: number;
  /** Worker reports per second on the busy job. */
  rate: number;
  /** Seconds each scenario reports for. */
  seconds: number;
  /** Idle subscriptions held by one gateway process. */
  idle: number;
  /** Reports per second during the idle scenario. */
  idleRate: number;
  /** Subscriptions per WebSocket in the idle scenario (one user per socket). */
  perSocket: number;
  /** Also subscribe every viewer to the metric delta stream (`trainingJobMetrics`). */
  metrics: boolean;
  /** Processes the viewers' sockets are shared out to (bench-subscriptions.viewers.child.ts). */
  clientProcesses: number;
  /** Seconds of reports at the measured rate before the measured window (not counted). */
  warmUp: number;
}

export const DEFAULT_OPTIONS: BenchOptions = {
  scenario: 'all',
  viewers: 500,
  rate: 50,
  seconds: 20,
  idle: 10_000,
  idleRate: 2,
  perSocket: 100,
  metrics: false,
  clientProcesses: 1,
  warmUp: 3,
};

export const USAGE = `usage: npm run bench:subscriptions -- [--scenario viewers|idle|compare|all] [--viewers N] [--rate N]
       [--seconds N] [--idle N] [--idle-rate N] [--per-socket N] [--warm-up N] [--client-processes N] [--metrics]
  viewers  N viewers (distinct users) × rate reports/s on one job, SUBSCRIPTION_SHARING=shared
  idle     N idle subscriptions in one gateway at idle-rate reports/s, SUBSCRIPTION_SHARING=shared
  compare  the viewers run with shared and with per-viewer sharing, side by side
  all      viewers, idle and the per-viewer viewers run (default)
defaults: --viewers ${DEFAULT_OPTIONS.viewers} --rate ${DEFAULT_OPTIONS.rate} --seconds ${DEFAULT_OPTIONS.seconds} --idle ${DEFAULT_OPTIONS.idle} --idle-rate ${DEFAULT_OPTIONS.idleRate} --per-socket ${DEFAULT_OPTIONS.perSocket} --warm-up ${DEFAULT_OPTIONS.warmUp} --client-processes ${DEFAULT_OPTIONS.clientProcesses}`;

const INTEGER_OPTIONS: Record<string, { key: keyof BenchOptions; min: number; max: number }> = {
  '--viewers': { key: 'viewers', min: 1, max: 5000 },
  '--rate': { key: 'rate', min: 1, max: 1000 },
  '--seconds': { key: 'seconds', min: 1, max: 600 },
  '--idle': { key: 'idle', min: 1, max: 100_000 },
  '--idle-rate': { key: 'idleRate', min: 1, max: 100 },
  '--per-socket': { key: 'perSocket', min: 1, max: 1000 },
  '--warm-up': { key: 'warmUp', min: 0, max: 60 },
  '--client-processes': { key: 'clientProcesses', min: 1, max: 16 },
};

/** `--name value` or `--name=value`; throws with a line saying what is wrong. */
export function parseArgs(argv: readonly string[]): BenchOptions {
  const options: BenchOptions = { ...DEFAULT_OPTIONS };
  const args = argv.flatMap((arg) => (arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg]));
  for (let i = 0; i < args.length; i++) {
    const name = args[i]!;
    if (name === '--metrics') {
      options.metrics = true;
      continue;
    }
    const value = args[i + 1];
    if (name === '--scenario') {
      if (value !== 'viewers' && value !== 'idle' && value !== 'compare' && value !== 'all')
        throw new Error(`--scenario must be viewers, idle, compare or all (got ${value ?? 'nothing'})`);
      options.scenario = value;
      i++;
      continue;
    }
    const spec = INTEGER_OPTIONS[name];
    if (!spec) throw new Error(`unknown option ${name}`);
    const number = Number(value);
    if (value === undefined || !/^\d+$/.test(value) || number < spec.min || number > spec.max)
      throw new Error(`${name} must be an integer from ${spec.min} to ${spec.max} (got ${value ?? 'nothing'})`);
    (options[spec.key] as number) = number;
    i++;
  }
  return options;
}

/** One run of a scenario: which load, with which sharing setting. */
export interface RunPlan {
  label: string;
  kind: 'viewers' | 'idle';
  sharing: Sharing;
}

export function plannedRuns(options: BenchOptions): RunPlan[] {
  const shared: RunPlan = { label: `${options.viewers} viewers · shared`, kind: 'viewers', sharing: 'shared' };
  const perViewer: RunPlan = { label: `${options.viewers} viewers · per-viewer`, kind: 'viewers', sharing: 'per-viewer' };
  const idle: RunPlan = { label: `${options.idle} idle · shared`, kind: 'idle', sharing: 'shared' };
  switch (options.scenario) {
    case 'viewers':
      return [shared];
    case 'idle':
      return [idle];
    case 'compare':
      return [shared, perViewer];
    case 'all':
      return [shared, idle, perViewer];
  }
}

/** The sockets each client process opens: `processes` runs of consecutive socket indexes, as even as can be (none empty). */
export function shareSockets(sockets: number, processes: number): Array<{ first: number; count: number }> {
  const n = Math.max(1, Math.min(processes, sockets));
  return Array.from({ length: n }, (_, k) => {
    const first = Math.floor((k * sockets) / n);
    return { first, count: Math.floor(((k + 1) * sockets) / n) - first };
  });
}

/** The machine's clock in ms, the same in every process: the bench stamps each report with it, the client processes each receipt. */
export const machineClock = () => performance.timeOrigin + performance.now();

/** What the bench tells one client process to open (bench-subscriptions.viewers.child.ts). */
export interface ViewersInit {
  /** The gateway's WebSocket URL. */
  url: string;
  /** One access token per socket of this process; `firstSocket` is the index of the first among all. */
  tokens: string[];
  firstSocket: number;
  perSocket: number;
  /** Subscriptions of this process (its last socket may hold fewer than `perSocket`). */
  subscriptions: number;
  jobId: string;
  updated: string;
  /** The metric stream's subscription, when every viewer also follows it. */
  metrics?: string;
}

/** What the bench asks a client process (answered over IPC, bench-ipc.ts). */
export type ViewersAsk = { type: 'init'; init: ViewersInit } | { type: 'phase'; phase: RunPhase } | { type: 'status' } | { type: 'collect'; lastEpoch: number };

/** A client process's answer to `status`. */
export interface ViewersStatus {
  live: number;
  received: number;
  /** Metric points received while measuring (`--metrics`). */
  metricPoints: number;
  /** When the last event arrived, ms on the machine's clock (0: none yet). */
  lastEventAt: number;
  setupErrors: number;
}

/** A client process's answer to `collect`; receipts are pairs (epoch or step, when it arrived, ms on the machine's clock). */
export interface ViewersCollected {
  received: number;
  metricPoints: number;
  sawLast: number;
  receipts: Float64Array;
  metricReceipts: Float64Array;
  setupRetries: { count: number; last: string };
  errors: string[];
}

/** Latencies of receipts ([key, at, key, at, …]) against the moment each key was sent; keys never sent are skipped. */
export function latenciesOf(receipts: Float64Array, sentAt: readonly (number | undefined)[], into: number[] = []): number[] {
  for (let i = 0; i + 1 < receipts.length; i += 2) {
    const sent = sentAt[receipts[i]!];
    if (sent !== undefined) into.push(receipts[i + 1]! - sent);
  }
  return into;
}

/** Nearest-rank percentile (p in 0–100) of unsorted values; NaN when there are none. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))]!;
}

export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
}

/** Count, p50, p99 and max; safe for millions of values (no spreading into Math.max). */
export function summarise(values: readonly number[]): LatencySummary {
  const max = values.reduce((a, b) => (b > a ? b : a), Number.NEGATIVE_INFINITY);
  return { count: values.length, p50: percentile(values, 50), p99: percentile(values, 99), max: values.length ? max : Number.NaN };
}

/** What one run measured. */
export interface RunResult {
  plan: RunPlan;
  /** Subscriptions that were live (had received the warm-up report) when measuring began. */
  subscribers: number;
  sockets: number;
  /** Reports the worker sent during the measured window, and its achieved rate. */
  sent: number;
  sentPerSecond: number;
  /** Events received by all subscribers / sent × subscribers. */
  delivered: number;
  expected: number;
  /** Subscribers whose last event showed the last report. */
  sawLast: number;
  latency: LatencySummary;
  /** Metric points received by all subscribers of the delta stream, and their latency (with --metrics). */
  metricPoints?: { delivered: number; expected: number; latency: LatencySummary };
  /** Gateway process: RSS before any subscriber, with all of them (peak while measuring), CPU % of one core while measuring. */
  gatewayRssBeforeMb: number;
  gatewayRssPeakMb: number;
  gatewayCpuPercent: number;
  platformCpuPercent: number;
  /** The bench's processes (client processes and this one, the hand-played worker), % of one core while measuring. */
  benchCpuPercent: number;
  /** Each client process, % of one core while measuring. */
  clientCpuPercents: number[];
  /** The whole machine, % of all cores busy while measuring. */
  machineCpuPercent: number;
  /** Seconds waited after the last report for events still on their way. */
  drainSeconds: number;
  /** Subscriptions opened again after a refusal before measuring began, and the last refusal. */
  setupRetries: { count: number; last: string };
  errors: string[];
}

/** Where a run is: viewers arriving, the measured window, or done (the bench is closing its own sockets). */
export type RunPhase = 'setup' | 'measuring' | 'done';

/** Times a subscription that ended before measuring began is opened again. */
export const SETUP_RETRIES = 3;

/**
 * What a subscription's end (its `error` or `complete`) means, by phase and attempt: while viewers
 * arrive it is opened again (at most SETUP_RETRIES times, as a console would); during the measured
 * window, or after its last retry, it is an error; once the run is done it means nothing — disposing
 * the bench's own clients completes every subscription, which is not a refusal by the gateway.
 */
export function subscriptionEnd(phase: RunPhase, attempt: number): 'retry' | 'error' | 'ignore' {
  if (phase === 'done') return 'ignore';
  return phase === 'setup' && attempt < SETUP_RETRIES ? 'retry' : 'error';
}

/**
 * Why a subscription ended: the errors of the event it received just before (a refusal arrives as
 * an event with errors followed by `complete`), else what ended it.
 */
export function endReason(ending: string, lastErrors: readonly { message?: string; extensions?: { code?: unknown } }[] | undefined): string {
  if (!lastErrors?.length) return ending;
  const [first] = lastErrors;
  return `${ending} after ${String(first?.extensions?.code ?? 'an error')}: ${first?.message ?? ''}`.slice(0, 240);
}

/** RSS the gateway added per subscriber, in KB. */
export const rssPerSubscriberKb = (r: Pick<RunResult, 'gatewayRssBeforeMb' | 'gatewayRssPeakMb' | 'subscribers'>) =>
  r.subscribers > 0 ? ((r.gatewayRssPeakMb - r.gatewayRssBeforeMb) * 1024) / r.subscribers : Number.NaN;

/** A client process used most of a core: the bench's own figures (latency above all) are then not the service's. */
export const clientBound = (r: Pick<RunResult, 'clientCpuPercents'>) => r.clientCpuPercents.some((percent) => percent >= 85);

const fixed = (value: number, digits = 0) => (Number.isFinite(value) ? value.toFixed(digits) : '—');
const ratio = (delivered: number, expected: number) => `${delivered}/${expected} (${expected > 0 ? fixed((100 * delivered) / expected, 1) : '—'} %)`;

/** Rows of figures, one column per run. */
export function table(results: readonly RunResult[]): string[] {
  const rows: Array<[string, (r: RunResult) => string]> = [
    ['subscribers (sockets)', (r) => `${r.subscribers} (${r.sockets})`],
    ['reports sent', (r) => `${r.sent} (${fixed(r.sentPerSecond, 1)}/s)`],
    ['delivered/expected', (r) => ratio(r.delivered, r.expected)],
    ['saw the last report', (r) => `${r.sawLast}/${r.subscribers}`],
    ['latency p50 / p99', (r) => `${fixed(r.latency.p50)} / ${fixed(r.latency.p99)} ms`],
    ['latency max', (r) => `${fixed(r.latency.max)} ms`],
    ...(results.some((r) => r.metricPoints)
      ? ([
          ['metric points delivered', (r) => (r.metricPoints ? ratio(r.metricPoints.delivered, r.metricPoints.expected) : '—')],
          ['metric p50 / p99', (r) => (r.metricPoints ? `${fixed(r.metricPoints.latency.p50)} / ${fixed(r.metricPoints.latency.p99)} ms` : '—')],
        ] as Array<[string, (r: RunResult) => string]>)
      : []),
    ['gateway RSS before → peak', (r) => `${fixed(r.gatewayRssBeforeMb)} → ${fixed(r.gatewayRssPeakMb)} MB`],
    ['gateway RSS per subscriber', (r) => `${fixed(rssPerSubscriberKb(r), 1)} KB`],
    ['gateway CPU (one core)', (r) => `${fixed(r.gatewayCpuPercent)} %`],
    ['platform CPU (one core)', (r) => `${fixed(r.platformCpuPercent)} %`],
    [
      'bench CPU (one core)',
      (r) => `${fixed(r.benchCpuPercent)} % (clients ${r.clientCpuPercents.map((p) => fixed(p)).join(' + ')})${clientBound(r) ? ' (client-bound)' : ''}`,
    ],
    ['machine CPU (all cores)', (r) => `${fixed(r.machineCpuPercent)} %`],
    ['drain after last report', (r) => `${fixed(r.drainSeconds, 1)} s`],
    ['set-up refusals retried', (r) => String(r.setupRetries.count)],
    ['errors, given-up subscriptions', (r) => String(r.errors.length)],
  ];
  const columns = results.map((r) => [r.plan.label, ...rows.map(([, cell]) => cell(r))]);
  const labels = ['', ...rows.map(([label]) => label)];
  const widths = [Math.max(...labels.map((l) => l.length)), ...columns.map((column) => Math.max(...column.map((cell) => cell.length)))];
  return labels.map((label, i) => [label.padEnd(widths[0]!), ...columns.map((column, c) => column[i]!.padEnd(widths[c + 1]!))].join('  │ ').trimEnd());
}

/** The goals, judged on the runs made: busy job shared (p99 < 100 ms, 100 % delivered), idle (p99 < 250 ms, ≤ 30 KB each). */
export function goals(results: readonly RunResult[], options: Pick<BenchOptions, 'viewers' | 'idle'>): Goal[] {
  const viewers = results.find((r) => r.plan.kind === 'viewers' && r.plan.sharing === 'shared');
  const idle = results.find((r) => r.plan.kind === 'idle');
  const out: Goal[] = [];
  const judged = (name: string, run: RunResult | undefined, met: (r: RunResult) => boolean) =>
    out.push(run ? { name, met: met(run) } : { name, met: false, skipped: true });
  judged(`${options.viewers} viewers p99 < 100 ms`, viewers, (r) => r.latency.p99 < 100);
  judged(`${options.viewers} viewers 100 % delivered`, viewers, (r) => r.expected > 0 && r.delivered === r.expected);
  judged(`${options.idle} idle p99 < 250 ms`, idle, (r) => r.latency.p99 < 250);
  judged(`${options.idle} idle ≤ 30 KB RSS each`, idle, (r) => rssPerSubscriberKb(r) <= 30);
  return out;
}

/** Per-viewer and shared runs of the same load whose gateway figures are within noise of each other. */
export function behaveAlike(a: RunResult, b: RunResult): boolean {
  const close = (x: number, y: number, tolerance: number) => Math.abs(x - y) <= tolerance * Math.max(Math.abs(x), Math.abs(y), 1);
  return (
    close(a.gatewayRssPeakMb - a.gatewayRssBeforeMb, b.gatewayRssPeakMb - b.gatewayRssBeforeMb, 0.25) && close(a.platformCpuPercent, b.platformCpuPercent, 0.25)
  );
}
