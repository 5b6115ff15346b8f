import { describe, it, expect } from '@jest/globals';
import { DeltaItems } from './delta-items';
import { Fold } from './fold';
import { ema } from './smoothing';
import { formatClockTick, formatDay, formatDuration, formatRemaining, formatTime } from '../times';

describe('the job page’s live series', () => {
  it('keeps each stream item once: a frame replayed after a reconnect adds nothing, a partly new one only its new items', () => {
    const received = new DeltaItems<{ cursor: string; value: number }>();
    const frame = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => ({ cursor: `c${from + i}`, value: from + i }));
    expect(received.append(frame(0, 3))).toBe(3);
    expect(received.append(frame(0, 3))).toBe(0);
    expect(received.append(frame(2, 6))).toBe(3);
    expect(received.items.map((item) => item.value)).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('folds each item of a growing array once per variant', () => {
    let calls = 0;
    const sum = new Fold<number, { total: number }>(
      () => ({ total: 0 }),
      (acc, item) => {
        calls++;
        acc.total += item;
      },
    );
    const items = [1, 2, 3];
    expect(sum.of(items).total).toBe(6);
    items.push(4);
    expect(sum.of(items).total).toBe(10);
    expect(calls).toBe(4);
    expect(sum.of(items, 'other').total).toBe(10);
    expect(sum.of([5]).total).toBe(5);
  });

  it('smooths with an exponential moving average that starts at the first value; weight 0 keeps the raw values', () => {
    expect(ema([1, 3, 3], 0)).toEqual([1, 3, 3]);
    expect(ema([1, 3, 3], 0.5)).toEqual([1, 2, 2.5]);
    expect(ema([], 0.9)).toEqual([]);
  });

  it('writes durations in seconds, minutes or hours', () => {
    expect(formatDuration(0)).toBe('< 1 s');
    expect(formatDuration(499)).toBe('< 1 s');
    expect(formatDuration(500)).toBe('1 s');
    expect(formatDuration(42_400)).toBe('42 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(7_620_000)).toBe('2 h 07 min');
  });

  it('says how long a run has left the way durations read, not as thousands of seconds', () => {
    expect(formatRemaining(0)).toBe('less than a second left');
    expect(formatRemaining(0.4)).toBe('about 1 s left');
    expect(formatRemaining(8)).toBe('about 8 s left');
    expect(formatRemaining(185)).toBe('about 3 min 05 s left');
    expect(formatRemaining(7620)).toBe('about 2 h 07 min left');
  });

  it("writes times and days one way, in the viewer's time zone, and leaves text that is no time as it is", () => {
    const local = new Date(2026, 11, 5, 20, 41, 7).toISOString();
    expect(formatTime(local)).toBe('2026-12-05 20:41:07');
    expect(formatDay(local)).toBe('2026-12-05');
    expect(formatTime('soon')).toBe('soon');
    expect(formatDay('')).toBe('');
  });

  it('labels time ticks less than a second apart with the decimals their spacing needs, and whole-second ticks without', () => {
    const at = new Date(2026, 11, 5, 20, 41, 7).getTime() / 1000;
    expect(formatClockTick(at, 1)).toBe('20:41:07');
    expect(formatClockTick(at + 0.3, 0.1)).toBe('20:41:07.3');
    // A tick of 20:41:07.9999999 (a float's error) is 20:41:08.0, not 20:41:07.0.
    expect(formatClockTick(at + 0.9999999, 0.1)).toBe('20:41:08.0');
    expect(formatClockTick(at, 0.5)).toBe('20:41:07.0');
    expect(formatClockTick(at + 0.05, 0.05)).toBe('20:41:07.05');
    expect(formatClockTick(at + 0.35, 0.01)).toBe('20:41:07.35');
  });
});
