/**
 * What graphql-ws holds for one bridged subscription. Its events never pass through it: the bridge
 * writes them to the client's socket itself (ws-server.ts `eventWriter`: an event is serialised once
 * and the same bytes go to every listener of it), so this iterator yields nothing and only finishes,
 * when the bridge ends the subscription (graphql-ws then sends `complete`, after every frame already
 * written) or when the client leaves (graphql-ws calls `return`). `onClose` runs exactly once either
 * way, so the bridge drops its refcount in one place.
 */
export interface SubscriptionStream {
  /** Finish: graphql-ws completes the subscription. */
  end(): void;
  readonly closed: boolean;
  iterator: AsyncIterableIterator<never>;
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

export function createSubscriptionStream(onClose: () => void): SubscriptionStream {
  let closed = false;
  let waiting: ((result: IteratorReturnResult<undefined>) => void) | undefined;

  const finish = () => {
    if (closed) return;
    closed = true;
    waiting?.(DONE);
    waiting = undefined;
    onClose();
  };

  const iterator: AsyncIterableIterator<never> = {
    next: () => (closed ? Promise.resolve(DONE) : new Promise((resolve) => (waiting = resolve))),
    return: () => {
      finish();
      return Promise.resolve(DONE);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };

  return {
    get closed() {
      return closed;
    },
    end: finish,
    iterator,
  };
}
