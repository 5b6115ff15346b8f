/**
 * An async iterator fed by `push`, as graphql-ws expects from `subscribe`. `onClose` runs exactly
 * once, whether the producer ends it or the consumer returns (client completes, socket closes),
 * so the bridge can drop its refcount in one place.
 * With `maxBuffered`, a push that would hold more values than that ends the iterator instead
 * (the buffer is dropped) and calls `onOverflow`: a consumer that stopped reading costs bounded
 * memory, and the producer never waits for it.
 */
export interface PushIterator<T> {
  push(value: T): void;
  /** End after the values already pushed have been read. */
  end(): void;
  readonly closed: boolean;
  iterator: AsyncIterableIterator<T>;
}

export interface PushIteratorBound {
  /** Most values held for the consumer; 0 = unbounded. */
  maxBuffered: number;
  /** `dropped`: the values discarded with the buffer, the one that overflowed it included. */
  onOverflow: (dropped: number) => void;
}

export function createPushIterator<T>(onClose: () => void, bound?: PushIteratorBound): PushIterator<T> {
  const buffered: T[] = [];
  let waiting: ((result: IteratorResult<T>) => void) | undefined;
  let ended = false;
  let closeNotified = false;

  const notifyClose = () => {
    if (closeNotified) return;
    closeNotified = true;
    onClose();
  };
  const finish = (): IteratorResult<T> => ({ value: undefined, done: true });

  const iterator: AsyncIterableIterator<T> = {
    next: () => {
      const value = buffered.shift();
      if (value !== undefined) return Promise.resolve({ value, done: false });
      if (ended) return Promise.resolve(finish());
      return new Promise((resolve) => {
        waiting = resolve;
      });
    },
    return: () => {
      ended = true;
      buffered.length = 0;
      waiting?.(finish());
      waiting = undefined;
      notifyClose();
      return Promise.resolve(finish());
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };

  return {
    get closed() {
      return ended;
    },
    push(value) {
      if (ended) return;
      if (waiting) {
        const resolve = waiting;
        waiting = undefined;
        resolve({ value, done: false });
      } else if (bound && bound.maxBuffered > 0 && buffered.length >= bound.maxBuffered) {
        const dropped = buffered.length + 1;
        ended = true;
        buffered.length = 0;
        notifyClose();
        bound.onOverflow(dropped);
      } else buffered.push(value);
    },
    end() {
      if (ended) return;
      ended = true;
      if (waiting && buffered.length === 0) {
        waiting(finish());
        waiting = undefined;
      }
      notifyClose();
    },
    iterator,
  };
}
