/**
 * Delta streams of a job's reports (`trainingJobMetrics`, `trainingJobLogs`, `trainingJobSystem`;
 * decisions.md, "Delta streams"). Every item is a stored `training_events` row; its cursor is the row
 * id, encoded. Rows of one job are inserted while the job row is locked (worker.service.ts), so ids
 * grow in commit order per job: "everything after cursor c" is exactly what a client has not seen.
 *
 * A stream listens first and reads second, so nothing committed after it started is missed; every
 * read takes all rows after the last cursor (at most `batchMax`), so notifications only say "look
 * again" and may be merged or lost without losing an item. The reads are shared: the viewers of one
 * job and stream take their rows from one feed (training-job.feeds.ts) and read on their own only
 * to catch up. Frames are at least `frameIntervalMs` apart per subscriber: at high rates items are
 * coalesced into bigger batches, never dropped.
 */
import { invalidCursor } from '../../../lib/errors';
import type { DeltaFeeds } from './training-job.feeds';
import type { DeltaItem, DeltaRows, DeltaSource } from './training-job.reports';

export interface StreamSettings {
  /** Least time between two frames of one subscriber (100 ms: at most 10 frames/s). */
  frameIntervalMs: number;
  /** Most items in one frame (a backlog is sent in frames of this size). */
  batchMax: number;
}

const CURSOR_PREFIX = 'ev:';

/** An opaque cursor for a stored report row. */
export const encodeEventCursor = (id: string | number): string => Buffer.from(`${CURSOR_PREFIX}${id}`).toString('base64url');

/**
 * The row id behind `after` ('0' when omitted: from the start). `LogLine.id` (a plain number, also
 * `logs { pageInfo { endCursor } }`) is accepted too, so a log page can be continued live.
 */
export function decodeEventCursor(after: string | null | undefined): string {
  if (after === null || after === undefined || after === '') return '0';
  if (/^\d{1,18}$/.test(after)) return after;
  const match = /^ev:(\d{1,18})$/.exec(Buffer.from(after, 'base64url').toString());
  if (!match) throw invalidCursor();
  return match[1]!;
}

/** What the source stream yields: a batch, or the error that ends it (thrown by `resolve`, so it reaches the client as a GraphQL error). */
export type StreamEvent<T> = { batch: { jobId: string; items: T[]; cursor: string } } | { error: unknown };

const sleep = (ms: number, abort: Promise<void>) => Promise.race([new Promise<void>((resolve) => setTimeout(resolve, ms).unref()), abort]);

/**
 * The source iterator of one delta subscription. Its rows come from the source's shared feed
 * (training-job.feeds.ts) when it holds them, else from a read of its own. `beforeFrame` runs before
 * each frame that carries rows (the viewer's access check; throwing ends the stream with that error,
 * with nothing of the frame sent).
 */
export async function deltaStream(opts: {
  feeds: DeltaFeeds;
  source: DeltaSource;
  after: string;
  settings: StreamSettings;
  beforeFrame: () => Promise<void>;
}): Promise<AsyncIterableIterator<StreamEvent<DeltaItem>>> {
  const { settings, source } = opts;
  // LISTENing before the first read: nothing committed after it is missed.
  const feed = await opts.feeds.acquire(source);
  let released = false;
  const release = () => {
    if (!released) opts.feeds.release(feed);
    released = true;
  };
  let closed = false;
  let close: () => void = () => undefined;
  const aborted = new Promise<void>((resolve) => (close = resolve));

  async function* run(): AsyncGenerator<StreamEvent<DeltaItem>> {
    let cursor = BigInt(opts.after);
    let lastFrame = 0;
    try {
      for (;;) {
        const wait = lastFrame + settings.frameIntervalMs - Date.now();
        if (wait > 0) await sleep(wait, aborted);
        if (closed) return;
        // Taken before looking: a notification or read from here on wakes the wait below.
        const seen = feed.version();
        let page: DeltaRows;
        try {
          page = feed.take(cursor, settings.batchMax) ?? (await feed.readOwn(cursor, settings.batchMax));
          if (page.rows.length > 0) await opts.beforeFrame();
        } catch (error) {
          yield { error };
          return;
        }
        if (closed) return;
        const full = page.rows.length >= settings.batchMax;
        if (page.rows.length > 0) {
          cursor = page.rows[page.rows.length - 1]!.id;
          lastFrame = Date.now();
          yield { batch: { jobId: source.jobId, items: page.rows.map((row) => row.item), cursor: encodeEventCursor(String(cursor)) } };
          // A full frame: more rows are waiting (a backlog), read on without waiting for a notification.
          if (full) continue;
        }
        // Ended before this read, and the read was not full: nothing can follow.
        if (page.ended) return;
        await feed.changed(seen, aborted);
        if (closed) return;
      }
    } finally {
      release();
    }
  }

  const generator = run();
  const iterator: AsyncIterableIterator<StreamEvent<DeltaItem>> = {
    next: () => generator.next(),
    // The generator may be waiting for the feed or a frame slot: wake it, then end it.
    return: async () => {
      closed = true;
      close();
      release();
      return generator.return(undefined);
    },
    throw: async (error?: unknown) => {
      closed = true;
      close();
      release();
      return generator.throw(error);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
