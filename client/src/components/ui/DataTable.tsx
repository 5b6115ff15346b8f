/** The console's table frame: scrollable card, column headers, and the rows the caller renders. */
import type { ReactNode } from 'react';

/** A header text, or a header with options: `hidden` names it for screen readers only (e.g. actions). */
export type Column = string | { label: string; key?: string; hidden?: boolean; className?: string; title?: string };

interface DataTableProps {
  columns: readonly Column[];
  children: ReactNode;
  /** Classes of the `<table>`: `jobs` (the shared look) plus the table's own, e.g. `jobs datasets`. */
  className?: string;
  /** Accessible name of the table. */
  label?: string;
  /** Column groups above the headers, left to right (e.g. run | config | metrics); an empty label leaves the span blank. */
  groups?: ReadonlyArray<{ label: string; span: number }>;
}

function HeaderCell({ column }: { column: Column }) {
  if (typeof column === 'string') return <th scope="col">{column}</th>;
  return (
    <th scope="col" className={column.className} title={column.title}>
      {column.hidden ? <span className="visually-hidden">{column.label}</span> : column.label}
    </th>
  );
}

export function DataTable({ columns, children, className = 'jobs', label, groups }: DataTableProps) {
  return (
    <div className="table-wrap">
      <table className={className} aria-label={label}>
        <thead>
          {groups && (
            <tr className="column-groups">
              {groups
                .filter((group) => group.span > 0)
                .map((group, index) =>
                  group.label ? (
                    <th key={index} scope="colgroup" colSpan={group.span} data-testid="column-group">
                      {group.label}
                    </th>
                  ) : (
                    <td key={index} colSpan={group.span} />
                  ),
                )}
            </tr>
          )}
          <tr>
            {columns.map((column) => (
              <HeaderCell key={typeof column === 'string' ? column : (column.key ?? column.label)} column={column} />
            ))}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
