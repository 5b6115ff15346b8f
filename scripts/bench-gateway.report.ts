/**
 * The pure parts of `npm run bench:gateway` (scripts/bench-gateway.ts): one run's figures and the
 * issue's goals judged on them.
 */
import type { Goal } from './bench-goals';

/** One server's figures for one workload at one connection count, pooled over its rounds. */
export interface Figures {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  /** The worst round's p99. */
  worstP99: number;
  /** Milliseconds of the server's CPU per answered request, when every run counted it. */
  cpuMsPerRequest?: number;
  /** The kernel's part of it (system calls: the sockets' reads and writes). */
  systemMsPerRequest?: number;
}

/** `CPU 0.41 ms/req, 0.07 of it system`, after `lead`; nothing when the CPU was not counted. */
export function cpuShown(f: Figures, lead: string): string {
  if (f.cpuMsPerRequest === undefined) return '';
  const system = f.systemMsPerRequest === undefined ? '' : `, ${f.systemMsPerRequest.toFixed(2)} of it system`;
  return `${lead}CPU ${f.cpuMsPerRequest.toFixed(2)} ms/req${system}`;
}

/** Who a row of figures belongs to: a gateway, or the floors beside them. */
export type Who = 'ours' | 'hive' | 'apollo' | 'subgraph' | 'relay';
export type Lookup = (workload: string, connections: number, who: Who) => Figures | undefined;

const times = (a: number, b: number) => `${(a / b).toFixed(2)}x`;

/**
 * The goals, on the runs made (a goal whose runs were not made is `skipped`): the dashboard at
 * least 1.2× Hive Gateway's req/s with a p99 no worse at 10 and 50 connections; the platform-only
 * query at least 1.0× Hive Gateway's at each connection count; the gateway overhead (platform-only
 * p50 through our gateway / straight to the subgraph, one connection) at most 1.5×; no round of
 * ours with a p99 over 1 s. Each name carries the figure it was judged on.
 */
export function gatewayGoals(figures: Lookup, ours: readonly Figures[]): Goal[] {
  const out: Goal[] = [];
  const versusHive = (workload: string, c: number, name: string, met: (o: Figures, h: Figures) => boolean, shown: (o: Figures, h: Figures) => string) => {
    const o = figures(workload, c, 'ours');
    const h = figures(workload, c, 'hive');
    out.push(o && h ? { name: `${name} (${shown(o, h)})`, met: met(o, h) } : { name, met: false, skipped: true });
  };
  for (const c of [10, 50])
    versusHive(
      'dashboard',
      c,
      `dashboard c=${c} ≥ 1.2x Hive Gateway req/s, p99 no worse`,
      (o, h) => o.rps >= 1.2 * h.rps && o.p99 <= h.p99,
      (o, h) => `${times(o.rps, h.rps)}, p99 ${o.p99.toFixed(1)} vs ${h.p99.toFixed(1)} ms`,
    );
  for (const c of [1, 10, 50])
    versusHive(
      'platform-only',
      c,
      `platform-only c=${c} ≥ 1.0x Hive Gateway req/s`,
      (o, h) => o.rps >= h.rps,
      (o, h) => times(o.rps, h.rps),
    );
  const gateway = figures('platform-only', 1, 'ours');
  const subgraph = figures('platform-only', 1, 'subgraph');
  out.push(
    gateway && subgraph
      ? { name: `gateway overhead ≤ 1.5x (${times(gateway.p50, subgraph.p50)})`, met: gateway.p50 <= 1.5 * subgraph.p50 }
      : { name: 'gateway overhead ≤ 1.5x', met: false, skipped: true },
  );
  const worst = Math.max(...ours.map((f) => f.worstP99));
  out.push(
    ours.length > 0
      ? { name: `no round of ours with p99 over 1 s (worst ${worst.toFixed(1)} ms)`, met: worst <= 1000 }
      : { name: 'no round of ours with p99 over 1 s', met: false, skipped: true },
  );
  return out;
}
