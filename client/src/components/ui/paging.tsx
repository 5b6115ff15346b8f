/**
 * Cursor paging for lists whose filters live in the address bar: the `after` of each page visited
 * so far (page 1 has none), forgotten whenever the filters (`key`) change, and the Previous/Next
 * bar under the table.
 */
import { useState } from 'react';

interface PagingState {
  key: string;
  cursors: (string | null)[];
}

export interface CursorPaging {
  /** `after` for the current page. */
  after: string | null;
  /** 0 for the first page. */
  pageIndex: number;
  next(endCursor: string | null | undefined): void;
  previous(): void;
}

export function useCursorPaging(key: string): CursorPaging {
  const [paging, setPaging] = useState<PagingState>({ key, cursors: [null] });
  const cursors = paging.key === key ? paging.cursors : [null];
  const pageIndex = cursors.length - 1;
  return {
    after: cursors[pageIndex] ?? null,
    pageIndex,
    next: (endCursor) => endCursor && setPaging({ key, cursors: [...cursors, endCursor] }),
    previous: () => setPaging({ key, cursors: cursors.slice(0, -1) }),
  };
}

/** "a–b of n" for the current page, beside a list's title; nothing until the first page arrives. */
export function PageCount({
  paging,
  pageSize,
  page,
  testId,
}: {
  paging: CursorPaging;
  pageSize: number;
  page: { nodes: unknown[]; totalCount: number } | undefined;
  testId: string;
}) {
  if (!page) return null;
  const from = paging.pageIndex * pageSize + 1;
  return (
    <span className="muted" data-testid={testId}>
      {page.nodes.length > 0 ? `${from}–${from + page.nodes.length - 1} of ${page.totalCount}` : `0 of ${page.totalCount}`}
    </span>
  );
}

interface PagerProps {
  paging: CursorPaging;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
  busy: boolean;
  /** Accessible name of the bar, e.g. "Dataset pages". */
  label: string;
}

/** Shown only when there is more than one page. */
export function Pager({ paging, pageInfo, busy, label }: PagerProps) {
  if (paging.pageIndex === 0 && !pageInfo.hasNextPage) return null;
  return (
    <nav className="pager" aria-label={label}>
      <button type="button" className="secondary" onClick={paging.previous} disabled={paging.pageIndex === 0 || busy}>
        ← Previous
      </button>
      <span className="muted">Page {paging.pageIndex + 1}</span>
      <button type="button" className="secondary" onClick={() => paging.next(pageInfo.endCursor)} disabled={!pageInfo.hasNextPage || busy}>
        Next →
      </button>
    </nav>
  );
}
