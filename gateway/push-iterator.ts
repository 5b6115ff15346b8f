/**
 * An async iterator fed by `push`, as graphql-ws expects from `subscribe`. `onClose` runs exactly
 * once, whether the producer ends it or the consumer returns (client completes, socket closes),
 * so the bridge can drop its refcount in one place.
 */
export interface PushIterator<T> {
  push(value: T): void;
  /** End after the values already pushed have been read. */
  end(): void;
  readonly closed: boolean;
  iterator: AsyncIterableIterator<T>;
}

export function createPushIterator<T>(onClose: () => void): PushIterator<T> {
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
