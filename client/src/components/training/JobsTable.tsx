/** The table of training job rows shared by the jobs list, a project's and an experiment's page. */
import type { ComponentProps } from 'react';
import { DataTable } from '../ui/DataTable';
import { JobRow } from '../JobRow';
import { CANCEL_FORBIDDEN_REASON } from '../roles';

interface JobsTableProps {
  jobs: Array<ComponentProps<typeof JobRow>['job'] & { id: string }>;
  canCancel: boolean;
  /** Row index → message, for rows whose dataset could not be resolved. */
  datasetErrors?: Map<number, string>;
}

const COLUMNS = ['Name', 'Status', 'Progress', 'Owner', 'Dataset', { label: 'Actions', hidden: true }];

export function JobsTable({ jobs, canCancel, datasetErrors }: JobsTableProps) {
  return (
    <DataTable columns={COLUMNS}>
      {jobs.map((job, index) => (
        <JobRow key={job.id} job={job} datasetError={datasetErrors?.get(index) ?? null} cancelForbiddenReason={canCancel ? null : CANCEL_FORBIDDEN_REASON} />
      ))}
    </DataTable>
  );
}
