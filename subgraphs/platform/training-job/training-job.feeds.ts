/**
 * One reader per delta source for every viewer of this process (decisions.md #65). A feed follows
 * one (job, stream, log level): it LISTENs once, reads the rows after its head once per notification
 * (at most every quarter of `frameIntervalMs`, on at once while a read comes back full) and keeps the last
 * rows it read, so each viewer whose cursor falls within them takes its frame from memory. A viewer
 * whose cursor does not (a history to replay, a resume from an old cursor, a feed not yet started)
 * reads on its own until it does; the first such read that reaches the end starts the feed.
 *
 * Rows of one job are inserted in commit order (training-job.streams.ts), so "every row after c",
 * read once, stays true: the feed holds every row with an id in (base, head], and what it hands out
 * is what a viewer's own read would have found. Who may see what is not decided here: each viewer's
 * stream checks its viewer before each frame it sends.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../../../lib/log';
import type { PgPubSub } from '../../../lib/pubsub';
import { trainingJobEvents } from './training-job.events';
import { deltaRowsAfter, type DeltaRows, type DeltaSource } from './training-job.reports';
import type { StreamSettings } from './training-job.streams';

export interface DeltaFeed {
  /**
   * The rows after `cursor` (at most `limit`) when the feed holds them all, with `ended` once the job
   * has ended and none follow; null when it cannot say (not started, or `cursor` outside (base, head]).
   */
  take(cursor: bigint, limit: number): DeltaRows | null;
  /** A viewer's own read (the job's state and the rows after `cursor`); one that reaches the end starts a feed not yet started. */
  readOwn(cursor: bigint, limit: number): Promise<DeltaRows>;
  /** Grows on every read of the feed (and, until it has started, on every notification). */
  version(): number;
  /** Resolves once `version()` has passed `seen`, or when `abort` does. */
  changed(seen: number, abort: Promise<void>): Promise<void>;
}

export interface DeltaFeeds {
  /** The feed of `source`, LISTENing before this resolves (nothing committed after it is missed); `release` it once. */
  acquire(source: DeltaSource): Promise<DeltaFeed>;
  release(feed: DeltaFeed): void;
  /** Reads by the feeds (one for all their viewers) and by viewers on their own; feeds open. */
  stats: { sharedReads: number; ownReads: number; open(): number };
}

interface FeedState extends DeltaFeed {
  key: string;
  close(): void;
}

/** A feed and the streams holding it (counted from `acquire`, before it has opened). */
interface FeedEntry {
  opening: Promise<FeedState>;
  refs: number;
  state: FeedState | null;
}

const keyOf = (source: DeltaSource) => `${source.jobId}:${source.kind}:${source.kind === 'log' ? (source.level ?? '') : ''}`;

export function createDeltaFeeds(opts: {
  pubsub: PgPubSub;
  /** A fresh EntityManager for one read (raw SQL only). */
  fork: () => EntityManager;
  settings: StreamSettings;
  log: Logger;
}): DeltaFeeds {
  const { frameIntervalMs, batchMax } = opts.settings;
  /**
   * Least time between two reads of a feed: a quarter of a frame interval, so each viewer finds at its
   * own frame slot what was stored until just before (reading once per frame interval instead, a
   * viewer whose slot fell just before the feed's read waited for the next read: metric p50 124 vs
   * 78–86 ms in the bench, decisions.md #65).
   */
  const readIntervalMs = Math.max(1, Math.floor(frameIntervalMs / 4));
  /** Rows a feed keeps: two full frames' worth, so a viewer a frame behind still takes from memory. */
  const keep = 2 * batchMax;
  const feeds = new Map<string, FeedEntry>();
  const stats = { sharedReads: 0, ownReads: 0, open: () => feeds.size };

  async function openFeed(source: DeltaSource): Promise<FeedState> {
    const events = await trainingJobEvents(opts.pubsub, source.jobId);
    // The rows held: every row with an id in (base, head]; head null: not started (or restarting after a failed read).
    let base = 0n;
    let head: bigint | null = null;
    let rows: DeltaRows['rows'] = [];
    let ended = false;
    let version = 0;
    let waiters: Array<() => void> = [];
    let lastRead = 0;
    let reading = false;
    let due = false;
    let timer: NodeJS.Timeout | null = null;
    let closed = false;

    const bump = () => {
      version += 1;
      const woken = waiters;
      waiters = [];
      for (const wake of woken) wake();
    };
    const append = (more: DeltaRows['rows']) => {
      if (more.length === 0) return;
      rows = rows.concat(more);
      head = more[more.length - 1]!.id;
      if (rows.length > keep) {
        const dropped = rows.length - keep;
        base = rows[dropped - 1]!.id;
        rows = rows.slice(dropped);
      }
    };
    /** First row index with an id above `cursor`. */
    const indexAfter = (cursor: bigint) => {
      let lo = 0;
      let hi = rows.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (rows[mid]!.id <= cursor) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };

    const schedule = () => {
      due = true;
      if (reading || timer || closed || head === null || ended) return;
      const wait = lastRead + readIntervalMs - Date.now();
      if (wait > 0) timer = setTimeout(read, wait);
      else void read();
    };
    async function read() {
      timer = null;
      if (!due || closed || head === null || ended) return;
      due = false;
      reading = true;
      lastRead = Date.now();
      const from = head;
      try {
        const page = await deltaRowsAfter(opts.fork(), source, String(from), batchMax);
        stats.sharedReads += 1;
        if (head === from) {
          append(page.rows);
          // A full read: more rows are waiting. Not full, and the job had ended: none follow.
          if (page.rows.length >= batchMax) due = true;
          else if (page.ended) ended = true;
        }
      } catch (error) {
        // The viewers read on their own (and meet the error themselves, or restart the feed).
        opts.log.warn(
          { err: error instanceof Error ? error.message : String(error), jobId: source.jobId },
          'delta feed read failed; its viewers read on their own',
        );
        head = null;
        rows = [];
      } finally {
        reading = false;
        bump();
        if (due) schedule();
      }
    }

    void (async () => {
      for await (const _event of events) {
        // A started feed wakes its viewers when it has read; until then they read on their own, woken here.
        if (head === null) bump();
        schedule();
      }
    })();

    return {
      key: keyOf(source),
      take(cursor, limit) {
        if (head === null || cursor < base || cursor > head) return null;
        const from = indexAfter(cursor);
        const taken = rows.slice(from, from + limit);
        return { rows: taken, ended: ended && from + taken.length === rows.length };
      },
      async readOwn(cursor, limit) {
        const page = await deltaRowsAfter(opts.fork(), source, String(cursor), limit);
        stats.ownReads += 1;
        if (head === null && page.rows.length < limit && !closed) {
          // Everything up to here is read: the feed starts after it, and reads once now (a notification
          // may have come while nobody followed).
          head = base = page.rows.length > 0 ? page.rows[page.rows.length - 1]!.id : cursor;
          rows = [];
          ended = page.ended;
          schedule();
        }
        return page;
      },
      version: () => version,
      changed(seen, abort) {
        if (version > seen) return Promise.resolve();
        return Promise.race([new Promise<void>((resolve) => waiters.push(resolve)), abort]);
      },
      close() {
        closed = true;
        if (timer) clearTimeout(timer);
        timer = null;
        bump();
        void events.return?.();
      },
    };
  }

  return {
    async acquire(source) {
      const key = keyOf(source);
      let entry = feeds.get(key);
      if (!entry) {
        const opened: FeedEntry = { opening: openFeed(source), refs: 0, state: null };
        opened.opening.then(
          (state) => void (opened.state = state),
          () => feeds.get(key) === opened && feeds.delete(key),
        );
        feeds.set(key, (entry = opened));
      }
      entry.refs += 1;
      try {
        return await entry.opening;
      } catch (error) {
        entry.refs -= 1;
        throw error;
      }
    },
    release(feed) {
      const state = feed as FeedState;
      const entry = feeds.get(state.key);
      if (!entry || entry.state !== state) return;
      entry.refs -= 1;
      if (entry.refs > 0) return;
      feeds.delete(state.key);
      state.close();
    },
    stats,
  };
}
