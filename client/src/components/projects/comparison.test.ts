import { describe, it, expect } from '@jest/globals';
import { bestValues, configColumns, isSettingSeries, lowerIsBetter, metricFormat, parseConfig } from './comparison';

describe('experiment comparison', () => {
  it('treats metrics named like a loss as lower-is-better and every other metric as higher-is-better', () => {
    expect(lowerIsBetter('loss')).toBe(true);
    expect(lowerIsBetter('val_loss')).toBe(true);
    expect(lowerIsBetter('accuracy')).toBe(false);
  });

  it('picks the lowest loss and the highest accuracy, skipping jobs without the metric', () => {
    const rows = [
      new Map([
        ['loss', 0.4],
        ['accuracy', 0.7],
      ]),
      new Map([['loss', 0.2]]),
      new Map([
        ['loss', 0.9],
        ['accuracy', 0.8],
      ]),
    ];
    const best = bestValues(['accuracy', 'loss', 'mAP'], rows);
    expect(best.get('loss')).toBe(0.2);
    expect(best.get('accuracy')).toBe(0.8);
    expect(best.has('mAP')).toBe(false);
  });

  it('never calls a learning-rate schedule value best: it is a setting, not a result', () => {
    const rows = [new Map([['learning_rate', 0.5]]), new Map([['learning_rate', 0.05]])];
    expect(bestValues(['learning_rate'], rows).size).toBe(0);
    expect(isSettingSeries('lr')).toBe(true);
    expect(isSettingSeries('learningRate')).toBe(true);
    expect(isSettingSeries('accuracy')).toBe(false);
  });

  it('shows a column for each key configuration value any job sets, and survives a config that is not an object', () => {
    const configs = [parseConfig('{"epochs": 3, "learningRate": 0.5}'), parseConfig('[1]'), parseConfig('not json'), parseConfig('{"batchSize": 8}')];
    expect(configColumns(configs)).toEqual(['epochs', 'learningRate', 'batchSize']);
  });

  it('writes a metric column one way: four decimals for every value when any is a fraction, integers when all are', () => {
    const accuracy = metricFormat([1, 0.8, undefined, 0.9]);
    expect([1, 0.8, 0.9].map(accuracy)).toEqual(['1.0000', '0.8000', '0.9000']);
    const steps = metricFormat([120, 80]);
    expect([120, 80].map(steps)).toEqual(['120', '80']);
    expect(metricFormat([0.5])(Number.NaN)).toBe('NaN');
  });
});
