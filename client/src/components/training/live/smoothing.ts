/** Smoothing of metric curves. */

/** Exponential moving average with weight `alpha` on the previous value (0 = raw values). */
export function ema(values: number[], alpha: number): number[] {
  const out = new Array<number>(values.length);
  let last = values[0] ?? 0;
  for (let i = 0; i < values.length; i++) {
    last = i === 0 ? values[0]! : alpha * last + (1 - alpha) * values[i]!;
    out[i] = last;
  }
  return out;
}
