/**
 * The job's log lines from the `trainingJobLogs` delta stream, all of them (no cap): only the rows
 * in view are in the DOM (fixed-height rows, windowed by hand), so 100,000 lines scroll like 100.
 * A message of several lines (a traceback) takes one row per line, its first with the time and level.
 * The view follows the tail until the user scrolls up ("Jump to latest" brings it back). The level
 * filter and the search (matches highlighted) work on the lines already received; Download saves
 * every line as a .log file.
 */
import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { graphql } from '../../../gql';
import type { JobLogsStreamSubscription, LogLevel } from '../../../gql/graphql';
import type { DeltaStream } from './use-delta-stream';
import { Fold } from './fold';

export const JobLogsStream = graphql(`
  subscription JobLogsStream($jobId: ID!, $after: String) {
    trainingJobLogs(jobId: $jobId, after: $after) {
      cursor
      lines {
        cursor
        id
        level
        message
        time
      }
    }
  }
`);

export type LogLineItem = JobLogsStreamSubscription['trainingJobLogs']['lines'][number];
export const logBatch = (data: JobLogsStreamSubscription) => ({ items: data.trainingJobLogs.lines, cursor: data.trainingJobLogs.cursor });

const LEVELS: LogLevel[] = ['DEBUG', 'INFO', 'WARNING', 'ERROR'];
const RANK: Record<LogLevel, number> = { DEBUG: 0, INFO: 1, WARNING: 2, ERROR: 3 };
export const ROW_HEIGHT = 18;
const VIEW_HEIGHT = 360;
const OVERSCAN = 10;

export const formatLogLine = (line: LogLineItem) => `${line.time} ${line.level.padEnd(7)} ${line.message}`;

/** The rows a filter shows: for each line that passes it, one row per line of its message. */
interface Rows {
  /** The log line (index in the stream's items) of each row. */
  item: number[];
  /** Which line of that message each row is (0: the first, shown with the time and level). */
  part: number[];
  /** How many log lines passed the filter. */
  lines: number;
}

const partsOf = (message: string) => message.split('\n');
/** How many lines `message` has, without splitting it (the fold runs over every line received). */
function lineCount(message: string): number {
  let count = 1;
  for (let at = message.indexOf('\n'); at >= 0; at = message.indexOf('\n', at + 1)) count += 1;
  return count;
}

/** The rows of the lines that pass a filter (variant `level\nsearch`), extended as lines arrive. */
const matching = new Map<string, Fold<LogLineItem, Rows>>();
function visibleRows(items: readonly LogLineItem[], level: LogLevel | '', search: string): Rows {
  const variant = `${level}\n${search.toLowerCase()}`;
  let fold = matching.get(variant);
  if (!fold) {
    const min = level ? RANK[level] : 0;
    const needle = search.toLowerCase();
    fold = new Fold<LogLineItem, Rows>(
      () => ({ item: [], part: [], lines: 0 }),
      (rows, line, index) => {
        if (RANK[line.level] < min || (needle && !line.message.toLowerCase().includes(needle))) return;
        rows.lines += 1;
        const parts = lineCount(line.message);
        for (let part = 0; part < parts; part++) {
          rows.item.push(index);
          rows.part.push(part);
        }
      },
    );
    // A handful of filters per visit; forget them all when many were typed.
    if (matching.size > 50) matching.clear();
    matching.set(variant, fold);
  }
  return fold.of(items);
}

function highlight(text: string, search: string): ReactNode {
  if (!search) return text;
  const lower = text.toLowerCase();
  const needle = search.toLowerCase();
  const parts: ReactNode[] = [];
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
    if (at > from) parts.push(text.slice(from, at));
    parts.push(<mark key={at}>{text.slice(at, at + needle.length)}</mark>);
    from = at + needle.length;
  }
  if (from < text.length) parts.push(text.slice(from));
  return parts;
}

export function LogViewer({ stream, fileName }: { stream: DeltaStream<LogLineItem>; fileName: string }) {
  const [level, setLevel] = useState<LogLevel | ''>('');
  const [search, setSearch] = useState('');
  const [follow, setFollow] = useState(true);
  const [scrollTop, setScrollTop] = useState(0);
  const box = useRef<HTMLDivElement>(null);
  const rows = visibleRows(stream.items, level, search.trim());
  const total = rows.item.length * ROW_HEIGHT;

  useLayoutEffect(() => {
    const element = box.current;
    if (follow && element) {
      element.scrollTop = element.scrollHeight;
      setScrollTop(element.scrollTop);
    }
  }, [follow, total]);

  const first = Math.max(0, Math.floor(scrollTop / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.item.length, Math.ceil((scrollTop + VIEW_HEIGHT) / ROW_HEIGHT) + OVERSCAN);
  const needle = search.trim();

  const download = () => {
    const text = stream.items.map(formatLogLine).join('\n') + (stream.items.length ? '\n' : '');
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = fileName;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  };

  return (
    <section className="log-viewer" aria-labelledby="logs-title">
      <div className="section-head">
        <h2 id="logs-title">Logs</h2>
        <label>
          Level{' '}
          <select value={level} onChange={(e) => setLevel(e.target.value as LogLevel | '')} aria-label="Log level">
            <option value="">all</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l} and above
              </option>
            ))}
          </select>
        </label>
        <input type="search" placeholder="Search logs" aria-label="Search logs" value={search} onChange={(e) => setSearch(e.target.value)} />
        <span className="muted" data-testid="log-count">
          {needle || level ? `${rows.lines} of ${stream.items.length} lines` : `${stream.items.length} lines`}
        </span>
        <button type="button" className="secondary" onClick={download} disabled={stream.items.length === 0}>
          Download
        </button>
        {!follow && (
          <button type="button" onClick={() => setFollow(true)}>
            Jump to latest
          </button>
        )}
      </div>
      <div
        className="logs"
        data-testid="job-logs"
        data-following={follow}
        ref={box}
        role="log"
        aria-label="Log lines"
        tabIndex={0}
        style={{ height: VIEW_HEIGHT }}
        onScroll={(e) => {
          const element = e.currentTarget;
          setScrollTop(element.scrollTop);
          setFollow(element.scrollTop + element.clientHeight >= element.scrollHeight - ROW_HEIGHT);
        }}
      >
        {rows.lines === 0 ? (
          <div className="muted log-empty">{stream.items.length ? 'No line matches.' : 'No log lines.'}</div>
        ) : (
          <div className="log-rows" style={{ height: total }}>
            {rows.item.slice(first, last).map((index, i) => {
              const line = stream.items[index]!;
              const part = rows.part[first + i]!;
              const text = partsOf(line.message)[part]!;
              return (
                <div
                  key={`${line.id}:${part}`}
                  className={`log-row log-${line.level.toLowerCase()}`}
                  data-testid="log-row"
                  style={{ top: (first + i) * ROW_HEIGHT }}
                >
                  {/* A continued row keeps the columns of the first: blank time and level. */}
                  <span className="log-time">{part ? ' '.repeat(8) : line.time.slice(11, 19)}</span>{' '}
                  <span className="log-level">{part ? ' '.repeat(7) : line.level.padEnd(7)}</span>{' '}
                  <span className="log-message">{highlight(text, needle)}</span>
                </div>
              );
            })}
          </div>
        )}
      </div>
    </section>
  );
}
