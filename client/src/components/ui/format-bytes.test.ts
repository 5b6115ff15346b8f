import { describe, expect, it } from '@jest/globals';
import { formatBytes } from './format-bytes';

describe('sizes', () => {
  it('are written in B, kB, MB or GB (powers of 1000), a small file never as 0.0 MB', () => {
    expect([0, 99, 999, 1000, 4300, 999_999, 15_600_000, 2_100_000_000].map(formatBytes)).toEqual([
      '0 B',
      '99 B',
      '999 B',
      '1.0 kB',
      '4.3 kB',
      '1.0 MB',
      '15.6 MB',
      '2.1 GB',
    ]);
  });
});
