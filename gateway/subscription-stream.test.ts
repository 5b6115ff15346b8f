import { describe, it, expect } from '@jest/globals';
import { createSubscriptionStream } from './subscription-stream';

describe('createSubscriptionStream', () => {
  it('yields nothing and finishes when ended, calling onClose once', async () => {
    let closed = 0;
    const stream = createSubscriptionStream(() => void (closed += 1));
    const pending = stream.iterator.next();
    let settled = false;
    void pending.then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    stream.end();
    stream.end();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(await stream.iterator.next()).toEqual({ value: undefined, done: true });
    expect(stream.closed).toBe(true);
    expect(closed).toBe(1);
  });

  it('calls onClose once when the consumer returns while waiting, and ending it afterwards changes nothing', async () => {
    let closed = 0;
    const stream = createSubscriptionStream(() => void (closed += 1));
    const pending = stream.iterator.next();
    expect(await stream.iterator.return!()).toEqual({ value: undefined, done: true });
    stream.end();
    expect(await pending).toEqual({ value: undefined, done: true });
    expect(closed).toBe(1);
  });
});
