import { describe, it, expect } from '@jest/globals';
import { createPushIterator } from './push-iterator';

describe('createPushIterator', () => {
  it('delivers pushed values in order, then ends after the buffered ones', async () => {
    let closed = 0;
    const it = createPushIterator<number>(() => void (closed += 1));
    it.push(1);
    const pending = it.iterator.next();
    it.push(2);
    it.end();
    expect(await pending).toEqual({ value: 1, done: false });
    expect(await it.iterator.next()).toEqual({ value: 2, done: false });
    expect(await it.iterator.next()).toEqual({ value: undefined, done: true });
    expect(closed).toBe(1);
  });

  it('calls onClose once when the consumer returns while waiting', async () => {
    let closed = 0;
    const it = createPushIterator<number>(() => void (closed += 1));
    const pending = it.iterator.next();
    await it.iterator.return!();
    it.end();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(closed).toBe(1);
  });

  it('ends a consumer that stopped reading once its buffer would exceed the bound, and reports the overflow once with the values dropped', async () => {
    let closed = 0;
    let overflows = 0;
    let dropped = 0;
    const it = createPushIterator<number>(() => void (closed += 1), {
      maxBuffered: 3,
      onOverflow: (count) => {
        overflows += 1;
        dropped += count;
      },
    });
    for (let i = 1; i <= 3; i += 1) it.push(i);
    expect(it.closed).toBe(false);
    it.push(4);
    it.push(5);
    expect(it.closed).toBe(true);
    expect(overflows).toBe(1);
    expect(dropped).toBe(4); // the three buffered and the one that did not fit
    expect(closed).toBe(1);
    expect(await it.iterator.next()).toEqual({ value: undefined, done: true });
  });

  it('never overflows a consumer that keeps reading', async () => {
    let overflows = 0;
    const it = createPushIterator<number>(() => undefined, { maxBuffered: 2, onOverflow: () => void (overflows += 1) });
    for (let i = 0; i < 100; i += 1) {
      it.push(i);
      expect(await it.iterator.next()).toEqual({ value: i, done: false });
    }
    expect(overflows).toBe(0);
  });
});
