/**
 * Delta streams of a job's reports (`trainingJobMetrics`, `trainingJobLogs`, `trainingJobSystem`;
 * decisions.md, "Delta streams"). Every item is a stored `training_events` row; its cursor is the row
 * id, encoded. Rows of one job are inserted while the job row is locked (worker.service.ts), so ids
 * grow in commit order per job: "everything after cursor c" is exactly what a client has not seen.
 *
 * A stream listens first and reads second, so nothing committed after it started is missed; every
 * read takes all rows after the last cursor (at most `batchMax`), so notifications only say "look
 * again" and may be merged or lost without losing an item. Frames are at least `frameIntervalMs`
 * apart per subscriber: at high rates items are coalesced into bigger batches, never dropped.
 */
import { badInput } from '../../../lib/errors';
import type { PgPubSub } from '../../../lib/pubsub';
import { trainingJobEvents } from './training-job.events';

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
  if (!match) throw badInput('`after` is not a cursor returned by this API.', { after: 'invalid cursor' });
  return match[1]!;
}

/** One read of a stream: the job's state (read before the rows) and the rows after the cursor. */
export interface StreamPage<T> {
  /** The job had ended (COMPLETED, FAILED, CANCELLED) before the rows were read: no row can follow. */
  ended: boolean;
  items: T[];
  /** Row id of the last item. */
  lastId: string | null;
}

/** What the source stream yields: a batch, or the error that ends it (thrown by `resolve`, so it reaches the client as a GraphQL error). */
export type StreamEvent<T> = { batch: { jobId: string; items: T[]; cursor: string } } | { error: unknown };

const sleep = (ms: number, abort: Promise<void>) => Promise.race([new Promise<void>((resolve) => setTimeout(resolve, ms).unref()), abort]);

/**
 * The source iterator of one delta subscription. `read` runs in a fresh scope each time (it
 * re-checks the caller's account and right to see the job); it is called once the listener is up.
 */
export async function deltaStream<T>(opts: {
  pubsub: PgPubSub;
  jobId: string;
  after: string;
  settings: StreamSettings;
  read: (afterId: string, limit: number) => Promise<StreamPage<T>>;
}): Promise<AsyncIterableIterator<StreamEvent<T>>> {
  const { settings, jobId } = opts;
  const events = await trainingJobEvents(opts.pubsub, jobId);
  let closed = false;
  let close: () => void = () => undefined;
  const aborted = new Promise<void>((resolve) => (close = resolve));

  async function* run(): AsyncGenerator<StreamEvent<T>> {
    let cursor = opts.after;
    let lastFrame = 0;
    try {
      for (;;) {
        const wait = lastFrame + settings.frameIntervalMs - Date.now();
        if (wait > 0) await sleep(wait, aborted);
        if (closed) return;
        let page: StreamPage<T>;
        try {
          page = await opts.read(cursor, settings.batchMax);
        } catch (error) {
          yield { error };
          return;
        }
        if (closed) return;
        if (page.items.length > 0 && page.lastId) {
          cursor = page.lastId;
          lastFrame = Date.now();
          yield { batch: { jobId, items: page.items, cursor: encodeEventCursor(cursor) } };
          // A full frame: more rows are waiting (a backlog), read on without waiting for a notification.
          if (page.items.length >= settings.batchMax) continue;
        }
        // Ended before this read, and the read was not full: nothing can follow.
        if (page.ended) return;
        const next = await Promise.race([events.next(), aborted.then(() => ({ done: true as const, value: undefined }))]);
        if (next.done || closed) return;
      }
    } finally {
      await events.return?.();
    }
  }

  const generator = run();
  const iterator: AsyncIterableIterator<StreamEvent<T>> = {
    next: () => generator.next(),
    // The generator may be waiting for a notification or a frame slot: wake it, then end it.
    return: async () => {
      closed = true;
      close();
      await events.return?.();
      return generator.return(undefined);
    },
    throw: async (error?: unknown) => {
      closed = true;
      close();
      await events.return?.();
      return generator.throw(error);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}
