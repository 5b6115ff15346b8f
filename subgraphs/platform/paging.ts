/**
 * Keyset paging for connections ordered newest first by (created_at, id). Cursors are opaque to
 * clients (base64url JSON) so the ordering key can change without breaking the API.
 */
import { invalidCursor, wholeNumberIn } from '../../lib/errors';

export const DEFAULT_PAGE_SIZE = 20;
/** 500: a job list of 500 (issue #4 item 4) is one page, so one `_entities` fetch and ceil(distinct datasets / batch size) Labeler calls. */
export const MAX_PAGE_SIZE = 500;

export interface Cursor {
  createdAt: Date;
  id: string;
}

export interface Page<T> {
  nodes: T[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

export function encodeCursor(row: Cursor): string {
  return Buffer.from(JSON.stringify([row.createdAt.toISOString(), row.id])).toString('base64url');
}

/** Longer than any cursor `encodeCursor` makes (a timestamp and an id). */
const MAX_CURSOR_LENGTH = 256;
/** The ids this subgraph makes (`job_…`, `prj_…`): what a cursor's id can be. */
const CURSOR_ID = /^[\w.:-]{1,128}$/;
/** Years PostgreSQL's timestamptz and JavaScript's Date both hold, with room to spare. */
const inCursorRange = (date: Date) => !Number.isNaN(date.getTime()) && date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999;

/** A cursor made by `encodeCursor`; anything else (junk, a date out of range, a forged id) is BAD_USER_INPUT, never a failing query. */
export function decodeCursor(value: string): Cursor {
  try {
    const parsed: unknown = value.length <= MAX_CURSOR_LENGTH ? JSON.parse(Buffer.from(value, 'base64url').toString('utf8')) : null;
    if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && typeof parsed[1] === 'string' && CURSOR_ID.test(parsed[1])) {
      const createdAt = new Date(parsed[0]);
      if (inCursorRange(createdAt)) return { createdAt, id: parsed[1] };
    }
  } catch {
    // fall through to the client error below
  }
  throw invalidCursor();
}

export function pageSize(first: number | null | undefined): number {
  return wholeNumberIn('first', first ?? DEFAULT_PAGE_SIZE, 0, MAX_PAGE_SIZE);
}

/** Rows strictly after `cursor` in (created_at desc, id desc) order. */
export function afterCursor(cursor: Cursor | null) {
  if (!cursor) return {};
  return { $or: [{ createdAt: { $lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { $lt: cursor.id } }] };
}

/** What a list asks besides its rows: `count` false when the query does not select `totalCount` (lib/lookahead.ts). */
export interface ListOptions {
  count: boolean;
}

/**
 * The rows of a list and, when the query asks for it, their total: the count query runs beside the
 * rows query or not at all. An uncounted page's `totalCount` is NaN, which GraphQL refuses to
 * serialise as an Int: it can never reach anyone as a wrong number.
 */
export async function rowsAndCount<T>(rows: () => Promise<T[]>, count: () => Promise<number>, opts: ListOptions): Promise<[T[], number]> {
  return Promise.all([rows(), opts.count ? count() : Number.NaN]);
}

/** Build a page from `limit + 1` fetched rows (the extra row only tells whether more follow). */
export function toPage<T extends Cursor>(rows: T[], limit: number, totalCount: number): Page<T> {
  const nodes = rows.slice(0, limit);
  const last = nodes[nodes.length - 1];
  return {
    nodes,
    pageInfo: { hasNextPage: rows.length > limit, endCursor: last ? encodeCursor(last) : null },
    totalCount,
  };
}
