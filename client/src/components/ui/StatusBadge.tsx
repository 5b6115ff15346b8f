import type { TrainingJobStatus } from '../../gql/graphql';

export function StatusBadge({ status }: { status: TrainingJobStatus }) {
  return (
    <span className={`badge badge-${status.toLowerCase()}`} data-testid="job-status">
      {status}
    </span>
  );
}
