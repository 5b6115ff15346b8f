/** The console's table frame: scrollable card, column headers, and the rows the caller renders. */
import type { ReactNode } from 'react';

interface DataTableProps {
  /** Header texts; a `{ hidden }` column has a name for screen readers only (e.g. actions). */
  columns: Array<string | { hidden: string }>;
  children: ReactNode;
  className?: string;
  /** Accessible name of the table. */
  label?: string;
}

export function DataTable({ columns, children, className = 'jobs', label }: DataTableProps) {
  return (
    <div className="table-wrap">
      <table className={className} aria-label={label}>
        <thead>
          <tr>
            {columns.map((column) =>
              typeof column === 'string' ? (
                <th key={column} scope="col">
                  {column}
                </th>
              ) : (
                <th key={column.hidden} scope="col">
                  <span className="visually-hidden">{column.hidden}</span>
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
