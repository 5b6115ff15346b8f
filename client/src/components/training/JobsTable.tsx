/** The table of training job rows shared by the jobs list, a project's and an experiment's page. */
import type { ComponentProps } from 'react';
import { DataTable } from '../ui/DataTable';
import { JobRow } from '../JobRow';
import type { Denial } from '../roles';
import type { DatasetProblem } from './dataset-problem';

interface JobsTableProps {
  jobs: Array<ComponentProps<typeof JobRow>['job'] & { id: string }>;
  /** Null when the viewer may cancel jobs. */
  cancelDenial: Denial;
  /** Row index → message, for rows whose dataset could not be resolved. */
  datasetProblems?: Map<number, DatasetProblem>;
}

const COLUMNS = [
  'Name',
  'Status',
  'Progress',
  'Owner',
  'Created',
  { label: 'Duration', title: 'From the first claim to the end (so far, while active)' },
  'Dataset',
  { label: 'Actions', hidden: true },
];

export function JobsTable({ jobs, cancelDenial, datasetProblems }: JobsTableProps) {
  return (
    <DataTable columns={COLUMNS}>
      {jobs.map((job, index) => (
        <JobRow key={job.id} job={job} datasetProblem={datasetProblems?.get(index) ?? null} cancelDenial={cancelDenial} />
      ))}
    </DataTable>
  );
}
