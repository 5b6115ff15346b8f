/**
 * Folds each item of a growing array into an accumulator exactly once: the delta streams append
 * to one array, so grouping 10,000 metric points or filtering 100,000 log lines costs only the new
 * items per frame. Accumulators are kept per array (and per `variant`, e.g. a filter) and dropped
 * with the array.
 */
interface Entry<A> {
  seen: number;
  acc: A;
}

export class Fold<T, A> {
  private readonly byArray = new WeakMap<readonly T[], Map<string, Entry<A>>>();

  constructor(
    private readonly init: () => A,
    private readonly add: (acc: A, item: T, index: number) => void,
  ) {}

  /** The accumulator of `items` (under `variant`) with every item folded in. */
  of(items: readonly T[], variant = ''): A {
    let variants = this.byArray.get(items);
    if (!variants) this.byArray.set(items, (variants = new Map()));
    let entry = variants.get(variant);
    if (!entry) variants.set(variant, (entry = { seen: 0, acc: this.init() }));
    for (; entry.seen < items.length; entry.seen++) this.add(entry.acc, items[entry.seen]!, entry.seen);
    return entry.acc;
  }
}
