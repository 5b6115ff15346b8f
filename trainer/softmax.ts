/**
 * A real softmax (multinomial logistic regression) classifier trained by mini-batch gradient
 * descent with L2 weight decay, in plain TypeScript. Features are standardised and scaled by
 * 1/√d, which keeps the gradient's Lipschitz constant near 1 so learning rates around 0.1–1 are stable.
 */
export interface Normaliser {
  mean: number[];
  std: number[];
  scale: number;
}

export interface SoftmaxModel {
  classes: string[];
  weights: number[][];
  bias: number[];
  normaliser: Normaliser;
}

export interface EpochResult {
  epoch: number;
  loss: number;
  accuracy: number;
}

export function fitNormaliser(rows: number[][]): Normaliser {
  const d = rows[0]?.length ?? 0;
  const mean = new Array<number>(d).fill(0);
  const std = new Array<number>(d).fill(0);
  for (const row of rows) row.forEach((v, j) => (mean[j]! += v / rows.length));
  for (const row of rows) row.forEach((v, j) => (std[j]! += (v - mean[j]!) ** 2 / rows.length));
  return { mean, std: std.map((v) => Math.sqrt(v) || 1), scale: 1 / Math.sqrt(Math.max(1, d)) };
}

export const normalise = (row: number[], n: Normaliser) => row.map((v, j) => ((v - n.mean[j]!) / n.std[j]!) * n.scale);

/** Class probabilities for one normalised feature row. */
export function probabilities(model: SoftmaxModel, x: number[]): number[] {
  const logits = model.weights.map((w, c) => w.reduce((sum, wj, j) => sum + wj * x[j]!, model.bias[c]!));
  const max = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

/** Mean cross-entropy (plus the L2 term) and accuracy over a set. */
export function evaluate(model: SoftmaxModel, xs: number[][], ys: number[], weightDecay: number): { loss: number; accuracy: number } {
  let loss = 0;
  let correct = 0;
  xs.forEach((x, i) => {
    const p = probabilities(model, x);
    loss -= Math.log(Math.max(p[ys[i]!]!, 1e-12));
    if (p.indexOf(Math.max(...p)) === ys[i]) correct += 1;
  });
  const l2 = (weightDecay / 2) * model.weights.reduce((sum, w) => sum + w.reduce((s, v) => s + v * v, 0), 0);
  return { loss: loss / Math.max(1, xs.length) + l2, accuracy: correct / Math.max(1, xs.length) };
}

export function createModel(classes: string[], dims: number, normaliser: Normaliser, random: () => number): SoftmaxModel {
  return {
    classes,
    weights: classes.map(() => Array.from({ length: dims }, () => (random() - 0.5) * 0.01)),
    bias: classes.map(() => 0),
    normaliser,
  };
}

/** One pass over the data in shuffled mini-batches. */
export function trainEpoch(
  model: SoftmaxModel,
  xs: number[][],
  ys: number[],
  opts: { learningRate: number; batchSize: number; weightDecay: number; random: () => number },
): void {
  const order = xs.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(opts.random() * (i + 1));
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const dims = model.weights[0]?.length ?? 0;
  for (let start = 0; start < order.length; start += opts.batchSize) {
    const batch = order.slice(start, start + opts.batchSize);
    const gradW = model.weights.map(() => new Float64Array(dims));
    const gradB = new Float64Array(model.classes.length);
    for (const index of batch) {
      const x = xs[index]!;
      const p = probabilities(model, x);
      p.forEach((pc, c) => {
        const error = pc - (c === ys[index] ? 1 : 0);
        gradB[c] = gradB[c]! + error;
        const g = gradW[c]!;
        for (let j = 0; j < dims; j++) g[j] = g[j]! + error * x[j]!;
      });
    }
    const step = opts.learningRate / batch.length;
    model.weights.forEach((w, c) => {
      for (let j = 0; j < dims; j++) w[j] = w[j]! * (1 - opts.learningRate * opts.weightDecay) - step * gradW[c]![j]!;
      model.bias[c] = model.bias[c]! - step * gradB[c]!;
    });
  }
}
