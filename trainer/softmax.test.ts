import { describe, it, expect } from '@jest/globals';
import { createModel, evaluate, fitNormaliser, normalise, trainEpoch } from './softmax';
import { seededRandom } from '../lib/prng';

describe('softmax classifier', () => {
  it('learns a linearly separable problem: loss falls every epoch and accuracy reaches 100 %', () => {
    const random = seededRandom(7);
    const raw = Array.from({ length: 60 }, (_, i) => {
      const label = i % 3;
      return { x: [label * 2 + random() * 0.5, -label + random() * 0.5, random()], y: label };
    });
    const normaliser = fitNormaliser(raw.map((r) => r.x));
    const xs = raw.map((r) => normalise(r.x, normaliser));
    const ys = raw.map((r) => r.y);
    const model = createModel(['a', 'b', 'c'], 3, normaliser, random);
    const losses: number[] = [];
    for (let epoch = 0; epoch < 200; epoch++) {
      trainEpoch(model, xs, ys, { learningRate: 0.5, batchSize: 60, weightDecay: 0, random });
      losses.push(evaluate(model, xs, ys, 0).loss);
    }
    for (let i = 1; i < losses.length; i++) expect(losses[i]!).toBeLessThan(losses[i - 1]!);
    expect(evaluate(model, xs, ys, 0).accuracy).toBe(1);
  });

  it('starts near chance: the initial loss is about ln(classes)', () => {
    const normaliser = fitNormaliser([
      [0, 1],
      [1, 0],
    ]);
    const model = createModel(['a', 'b', 'c', 'd'], 2, normaliser, seededRandom(1));
    const { loss } = evaluate(model, [normalise([0, 1], normaliser)], [2], 0);
    expect(loss).toBeCloseTo(Math.log(4), 1);
  });
});
