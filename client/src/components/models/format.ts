/** Display helpers of the model pages. */
export const metricsText = (metrics: ReadonlyArray<{ name: string; value: number }>) =>
  metrics.length === 0 ? '—' : metrics.map((m) => `${m.name} ${m.value.toPrecision(4)}`).join(' · ');

export const sizeText = (n: number) => (n > 1_000_000 ? `${(n / 1_000_000).toFixed(1)} MB` : `${(n / 1000).toFixed(1)} kB`);
