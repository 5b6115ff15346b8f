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
}

function HeaderCell({ column }: { column: Column }) {
  if (typeof column === 'string') return <th scope="col">{column}</th>;
  return (
    <th scope="col" className={column.className} title={column.title}>
      {column.hidden ? <span className="visually-hidden">{column.label}</span> : column.label}
    </th>
  );
}

export function DataTable({ columns, children, className = 'jobs', label }: DataTableProps) {
  return (
    <div className="table-wrap">
      <table className={className} aria-label={label}>
        <thead>
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
