import { describe, expect, it } from '@jest/globals';
import { formatMetric, metricsText } from './format-metric';

describe('metric values', () => {
  it('keep four significant digits without trailing zeros and never switch to exponent notation for large values', () => {
    expect(formatMetric(0.8)).toBe('0.8');
    expect(formatMetric(1)).toBe('1');
    expect(formatMetric(0.623712)).toBe('0.6237');
    expect(formatMetric(0.0317549)).toBe('0.03175');
    expect(formatMetric(123.456)).toBe('123.5');
    expect(formatMetric(12345.6)).toBe('12346');
    expect(formatMetric(-2.5e6)).toBe('-2500000');
    expect(formatMetric(Number.NaN)).toBe('NaN');
  });

  it('list name and value pairs, or a dash for none', () => {
    expect(metricsText([])).toBe('—');
    expect(
      metricsText([
        { name: 'accuracy', value: 0.92 },
        { name: 'loss', value: 0.0317549 },
      ]),
    ).toBe('accuracy 0.92 · loss 0.03175');
  });
});
