/**
 * A metric value as every console page writes it: four significant digits without trailing zeros
 * (`0.92`, `0.03175`, `0.6237`), whole from 1000 up (`12345`, never `1.235e+4`).
 */
export function formatMetric(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1000) return String(Math.round(value));
  return String(Number(value.toPrecision(4)));
}

/** `accuracy 0.92 · loss 0.03175`, or `—` when there is none. */
export const metricsText = (metrics: ReadonlyArray<{ name: string; value: number }>): string =>
  metrics.length === 0 ? '—' : metrics.map((m) => `${m.name} ${formatMetric(m.value)}`).join(' · ');
