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
});
