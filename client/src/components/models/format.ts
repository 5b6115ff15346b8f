/** Display helpers of the model pages. */
export const metricsText = (metrics: ReadonlyArray<{ name: string; value: number }>) =>
  metrics.length === 0 ? '—' : metrics.map((m) => `${m.name} ${m.value.toPrecision(4)}`).join(' · ');
