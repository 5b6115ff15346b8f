import { describe, expect, it } from '@jest/globals';
import { goalsLine } from './bench-goals';
import { cpuShown, gatewayGoals, type Figures, type Lookup, type Who } from './bench-gateway.report';

const figures = (over: Partial<Figures> = {}): Figures => ({ rps: 100, p50: 3, p99: 10, errors: 0, worstP99: 12, ...over });

/** A lookup over `workload|c|who` keys, as the bench keeps its results. */
function lookup(rows: Record<string, Figures>): Lookup {
  return (workload: string, c: number, who: Who) => rows[`${workload}|${c}|${who}`];
}

describe('bench:gateway goals', () => {
  it('judges each goal on its own figures and shows them', () => {
    const rows = {
      'dashboard|10|ours': figures({ rps: 240, p99: 20 }),
      'dashboard|10|hive': figures({ rps: 200, p99: 20 }),
      'dashboard|50|ours': figures({ rps: 300, p99: 60 }),
      'dashboard|50|hive': figures({ rps: 200, p99: 50 }),
      'platform-only|1|ours': figures({ rps: 99, p50: 3.1 }),
      'platform-only|1|hive': figures({ rps: 100 }),
      'platform-only|1|subgraph': figures({ p50: 2 }),
      'platform-only|10|ours': figures({ rps: 100 }),
      'platform-only|10|hive': figures({ rps: 100 }),
    };
    const ours = Object.entries(rows)
      .filter(([k]) => k.endsWith('|ours'))
      .map(([, f]) => f);
    expect(goalsLine(gatewayGoals(lookup(rows), ours))).toBe(
      'goals: 3/6 met — ✓ dashboard c=10 ≥ 1.2x Hive Gateway req/s, p99 no worse (1.20x, p99 20.0 vs 20.0 ms)' +
        ' · ✗ dashboard c=50 ≥ 1.2x Hive Gateway req/s, p99 no worse (1.50x, p99 60.0 vs 50.0 ms)' +
        ' · ✗ platform-only c=1 ≥ 1.0x Hive Gateway req/s (0.99x)' +
        ' · ✓ platform-only c=10 ≥ 1.0x Hive Gateway req/s (1.00x)' +
        ' · – platform-only c=50 ≥ 1.0x Hive Gateway req/s (not run)' +
        ' · ✗ gateway overhead ≤ 1.5x (1.55x)' +
        ' · ✓ no round of ours with p99 over 1 s (worst 12.0 ms)',
    );
  });

  it('meets the overhead at exactly 1.5x and fails a round just over 1 s', () => {
    const rows = { 'platform-only|1|ours': figures({ p50: 3 }), 'platform-only|1|subgraph': figures({ p50: 2 }) };
    const goals = gatewayGoals(lookup(rows), [figures({ worstP99: 1000.1 })]);
    expect(goals.filter((g) => !g.skipped).map((g) => [g.name, g.met])).toEqual([
      ['gateway overhead ≤ 1.5x (1.50x)', true],
      ['no round of ours with p99 over 1 s (worst 1000.1 ms)', false],
    ]);
  });

  it('skips every goal when only the other gateways ran', () => {
    expect(gatewayGoals(lookup({ 'dashboard|10|hive': figures() }), []).every((g) => g.skipped)).toBe(true);
  });
});

describe('cpuShown', () => {
  const f = { rps: 1, p50: 1, p99: 1, errors: 0, worstP99: 1 };
  it('prints the CPU per request with its kernel part, and nothing when the CPU was not counted', () => {
    expect(cpuShown({ ...f, cpuMsPerRequest: 0.4123, systemMsPerRequest: 0.0712 }, '  ')).toBe('  CPU 0.41 ms/req, 0.07 of it system');
    expect(cpuShown({ ...f, cpuMsPerRequest: 0.4 }, '')).toBe('CPU 0.40 ms/req');
    expect(cpuShown(f, '  ')).toBe('');
  });
});
