/** What the console keeps of a delta stream: every item once, in arrival order. */

export interface DeltaItem {
  /** Position in the job's report stream; unique per item. */
  cursor: string;
}

/** The items of one stream in arrival order, each cursor once (a replayed frame adds nothing). */
export class DeltaItems<T extends DeltaItem> {
  readonly items: T[] = [];
  private readonly seen = new Set<string>();

  /** Appends the items not received before; returns how many. */
  append(batch: readonly T[]): number {
    let added = 0;
    for (const item of batch) {
      if (this.seen.has(item.cursor)) continue;
      this.seen.add(item.cursor);
      this.items.push(item);
      added++;
    }
    return added;
  }
}
