/**
 * `npm run bench:datasets`: the shapes of its measurements and the report it prints (the bench
 * itself is scripts/bench-datasets.ts).
 */
import os from 'node:os';

export interface Scenario {
  name: string;
  query: string;
  variables?: Record<string, unknown>;
  /** p95 targets in ms: the seed's and ours (ten times lower); none for the baseline. */
  seedP95: number | null;
  ourP95: number | null;
  /** Checks the probe answer; returns a one-line description. */
  describe(data: Record<string, unknown>): string;
}

export interface Run {
  /** Every response time in ms, sorted. */
  latencies: number[];
  requestsPerSecond: number;
  total: number;
  transportErrors: number;
  non2xx: number;
  graphqlErrors: number;
}

export interface Measured {
  scenario: Scenario;
  /** One connection: the latency one user sees, which the p95 targets are about (every round pooled). */
  single: Run;
  /** Each round's own p95, in round order. */
  roundP95s: number[];
  /** BENCH_CONNECTIONS at once: throughput, and latency with queueing on this machine's cores. */
  loaded: Run;
  exactErrors: number;
  labelerPerRequest: number;
  batchPerRequest: number;
  permissionPerRequest: number;
  /** Where the time of one request goes, when each service runs in its own process. */
  perService: Array<{ name: string; calls: number; ms: number; cpuMs: number }> | null;
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Every round's responses pooled into one run. */
export function pooled(runs: Run[]): Run {
  return {
    latencies: runs.flatMap((r) => r.latencies).sort((a, b) => a - b),
    requestsPerSecond: runs.reduce((n, r) => n + r.requestsPerSecond, 0) / runs.length,
    total: runs.reduce((n, r) => n + r.total, 0),
    transportErrors: runs.reduce((n, r) => n + r.transportErrors, 0),
    non2xx: runs.reduce((n, r) => n + r.non2xx, 0),
    graphqlErrors: runs.reduce((n, r) => n + r.graphqlErrors, 0),
  };
}

export const errorsOf = (r: Measured) => [r.single, r.loaded].reduce((n, run) => n + run.transportErrors + run.non2xx + run.graphqlErrors, r.exactErrors);

export interface ReportSettings {
  setup: string;
  viewer: string;
  rounds: number;
  connections: number;
  durationSeconds: number;
  /** Load per scenario before the measurements (0: none). */
  warmupSeconds: number;
  counted: number;
}

/** The table, each round's p95, where the time goes, and the error details. */
export function report(results: Measured[], o: ReportSettings): string {
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  const col = (text: string, width: number) => text.padStart(width);
  const load = os
    .loadavg()
    .map((n) => n.toFixed(1))
    .join(' ');
  const lines = [
    `machine  ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, load average ${load}; viewer ${o.viewer}`,
    `setup    ${o.setup}`,
    `         latency with 1 connection in ${o.rounds} interleaved rounds (pooled), throughput with ${o.connections}; ${o.durationSeconds} s per run`,
    `         ${o.warmupSeconds > 0 ? `after a warm-up of ${o.warmupSeconds} s per scenario with ${o.connections} connections` : 'no warm-up: the services are measured from their first requests'}`,
    '',
    `${'scenario'.padEnd(21)}${col('p50', 10)}${col('p95', 10)}${col('p99', 10)}${col('req/s', 8)}${col(`p95@${o.connections}`, 10)}${col('req/s', 8)}  errors  ${'Labeler calls/req'.padEnd(30)}p95 target seed / ours`,
  ];
  for (const r of results) {
    const p95 = percentile(r.single.latencies, 95);
    const { seedP95, ourP95 } = r.scenario;
    const verdict = seedP95 === null || ourP95 === null ? '' : p95 <= ourP95 ? '✓ within ours' : p95 <= seedP95 ? '~ within seed only' : '✗ over both';
    const target = seedP95 === null ? '—' : `${seedP95} / ${ourP95} ms`;
    const calls = `${r.labelerPerRequest.toFixed(2)} (${r.batchPerRequest.toFixed(2)} batch, ${r.permissionPerRequest.toFixed(2)} perm)`;
    lines.push(
      `${r.scenario.name.padEnd(21)}${col(ms(percentile(r.single.latencies, 50)), 10)}${col(ms(p95), 10)}${col(ms(percentile(r.single.latencies, 99)), 10)}` +
        `${col(r.single.requestsPerSecond.toFixed(0), 8)}${col(ms(percentile(r.loaded.latencies, 95)), 10)}${col(r.loaded.requestsPerSecond.toFixed(0), 8)}` +
        `  ${String(errorsOf(r)).padEnd(6)}  ${calls.padEnd(30)}${target.padEnd(13)}${verdict}`,
    );
  }
  lines.push('', `p95 of each round (1 connection), in order: the spread the machine's background load causes`);
  for (const r of results) lines.push(`${r.scenario.name.padEnd(21)}${r.roundP95s.map((p) => ms(p)).join(' · ')}`);
  const breakdown = results.flatMap((r) =>
    r.perService
      ? [
          `${r.scenario.name.padEnd(21)}${r.perService
            .filter((p) => p.calls > 0.005)
            .map((p) => `${p.name} ${p.calls.toFixed(2)}× ${ms(p.ms)} (CPU ${ms(p.cpuMs)})`)
            .join(' · ')}`,
        ]
      : [],
  );
  if (breakdown.length) {
    lines.push(
      '',
      "where the time goes, per request of the 1-connection runs: calls each service answered, time inside it (nested: the gateway's includes the",
      "subgraphs', the datasets subgraph's the Labeler's), and its CPU (all of its threads, work after the response included)",
      ...breakdown,
    );
  }
  const details = results.map((r) => {
    const runs = [r.single, r.loaded];
    const sum = (pick: (run: Run) => number) => runs.reduce((n, run) => n + pick(run), 0);
    return `${r.scenario.name}: ${sum((run) => run.total)} timed requests; ${sum((run) => run.transportErrors)} transport errors/timeouts, ${sum((run) => run.non2xx)} non-2xx, ${sum((run) => run.graphqlErrors)} with GraphQL errors; counted run ${o.counted} requests, ${r.exactErrors} failed`;
  });
  return [...lines, '', ...details].map((l) => `  ${l}`).join('\n');
}
