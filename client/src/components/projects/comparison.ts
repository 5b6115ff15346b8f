/**
 * The numbers of an experiment's comparison table: which configuration values get a column, and
 * which value of each metric column is best (lower for losses, higher for everything else).
 */

/** Configuration keys worth a column, in this order, when any compared job has them. */
export const KEY_CONFIG_FIELDS = ['epochs', 'learningRate', 'batchSize', 'imageSize', 'optimizer'] as const;

export type ConfigValues = Record<string, unknown>;

export function parseConfig(text: string): ConfigValues {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as ConfigValues) : {};
  } catch {
    return {};
  }
}

/** The key configuration fields that at least one job sets. */
export const configColumns = (configs: ConfigValues[]): string[] => KEY_CONFIG_FIELDS.filter((key) => configs.some((c) => c[key] !== undefined));

export const lowerIsBetter = (metricName: string): boolean => metricName.toLowerCase().includes('loss');

/**
 * A series that records a setting over time (the learning-rate schedule), not how good the model
 * is: no value of it is "best", so it is shown but never highlighted.
 */
export const isSettingSeries = (metricName: string): boolean => /(^|[_.\s-])(lr|learning[_ ]?rate)$/i.test(metricName);

/**
 * Per metric name, the best final value among the rows (absent when no row has the metric).
 * `rows` hold each job's final metric values by name.
 */
export function bestValues(metricNames: string[], rows: Array<Map<string, number>>): Map<string, number> {
  const best = new Map<string, number>();
  for (const name of metricNames) {
    if (isSettingSeries(name)) continue;
    const values = rows.map((row) => row.get(name)).filter((v): v is number => v !== undefined && Number.isFinite(v));
    if (values.length === 0) continue;
    best.set(name, lowerIsBetter(name) ? Math.min(...values) : Math.max(...values));
  }
  return best;
}

/**
 * How one metric column writes its values: four decimals for all of them when any is a fraction
 * (so `1.0000` above `0.8000`, not `1`), integers as they are when all are (counts, steps).
 */
export function metricFormat(values: ReadonlyArray<number | undefined>): (value: number) => string {
  const fractional = values.some((value) => value !== undefined && !Number.isInteger(value));
  return (value) => (fractional && Number.isFinite(value) ? value.toFixed(4) : String(value));
}

export const formatConfigValue = (value: unknown): string =>
  value === undefined || value === null ? '—' : typeof value === 'object' ? JSON.stringify(value) : String(value);
