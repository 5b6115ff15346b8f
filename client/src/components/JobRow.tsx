/**
 * One job. While it is QUEUED or RUNNING the row holds its own `trainingJobUpdated`
 * subscription (all rows share one WebSocket), so status and progress change without a reload.
 * Finished jobs never change again, so they do not subscribe. A queued job shows why it waits
 * (`queueReason`, e.g. no connected worker runs its framework).
 */
import { useState } from 'react';
import { useMutation, useSubscription } from 'urql';
import { graphql, useFragment, type FragmentType } from '../gql';
import type { TrainingJobStatus } from '../gql/graphql';
import { StatusBadge } from './ui/StatusBadge';
import { Link } from './navigation';
import { JobProgress } from './training/JobProgress';
import type { Denial } from './roles';
import { formatDuration, formatTime } from './training/times';
import { useNow } from './training/use-now';
import { GuardedButton } from './ui/GuardedButton';
import type { DatasetProblem } from './training/dataset-problem';
import { CancelJobDialog } from './training/CancelJobDialog';

export const JobRowFragment = graphql(`
  fragment JobRow_job on TrainingJob {
    id
    name
    status
    queueReason
    errorMessage
    createdAt
    updatedAt
    startedAt
    finishedAt
    ...JobProgress_job
    owner {
      id
      email
    }
    dataset {
      id
      name
    }
  }
`);

// Only the fields that change: owner and dataset stay put, so events stay cheap for the gateway.
const JobRowUpdatedSubscription = graphql(`
  subscription JobRowUpdated($id: ID!) {
    trainingJobUpdated(id: $id) {
      id
      status
      queueReason
      errorMessage
      updatedAt
      startedAt
      finishedAt
      ...JobProgress_job
    }
  }
`);

const CancelJobMutation = graphql(`
  mutation CancelJob($id: ID!) {
    cancelTrainingJob(id: $id) {
      id
      status
      updatedAt
    }
  }
`);

const ACTIVE: readonly TrainingJobStatus[] = ['QUEUED', 'RUNNING'];

interface JobRowProps {
  job: FragmentType<typeof JobRowFragment>;
  /** Set when the dataset field errored for this row. */
  datasetProblem: DatasetProblem | null;
  /** Set when the viewer may not cancel jobs; shown as the disabled button's tooltip. */
  cancelDenial: Denial;
}

export function JobRow(props: JobRowProps) {
  const job = useFragment(JobRowFragment, props.job);
  const subscribed = ACTIVE.includes(job.status);
  const [{ data: live }] = useSubscription({ query: JobRowUpdatedSubscription, variables: { id: job.id }, pause: !subscribed });
  const [cancel, cancelJob] = useMutation(CancelJobMutation);
  const [confirming, setConfirming] = useState(false);

  // Prefer whichever copy is newer: a refetched list may arrive after the last event.
  const update = live?.trainingJobUpdated;
  const current = update && update.updatedAt >= job.updatedAt ? { ...job, ...update } : job;
  const active = ACTIVE.includes(current.status);
  const now = useNow(active && !!current.startedAt);

  return (
    <tr data-testid="job-row" data-job-id={job.id} data-status={current.status}>
      <th scope="row" className="job-name">
        <Link to={`/jobs/${encodeURIComponent(job.id)}`}>{job.name}</Link>
        {current.errorMessage && <div className="muted small">{current.errorMessage}</div>}
      </th>
      <td>
        <StatusBadge status={current.status} />
        {current.status === 'QUEUED' && current.queueReason && (
          <div className="muted small" data-testid="job-queue-reason">
            {current.queueReason}
          </div>
        )}
      </td>
      <td>
        <JobProgress job={current} label={`${job.name} progress`} />
      </td>
      <td data-testid="job-owner">{job.owner.email}</td>
      <td data-testid="job-created">
        <time dateTime={job.createdAt}>{formatTime(job.createdAt).slice(0, 16)}</time>
      </td>
      <td data-testid="job-duration">
        {current.startedAt ? formatDuration((current.finishedAt ? Date.parse(current.finishedAt) : now) - Date.parse(current.startedAt)) : '—'}
      </td>
      <td data-testid="job-dataset">
        {job.dataset ? (
          <Link to={`/datasets/${encodeURIComponent(job.dataset.id)}`}>{job.dataset.name}</Link>
        ) : props.datasetProblem ? (
          <span className="unavailable" title={props.datasetProblem.detail}>
            {props.datasetProblem.label}
          </span>
        ) : (
          <span className="muted">—</span>
        )}
      </td>
      <td className="actions">
        {active && (
          <GuardedButton
            denial={props.cancelDenial}
            showHint={false}
            className="danger"
            disabled={cancel.fetching}
            title={`Cancel ${job.name}`}
            aria-label={`Cancel ${job.name}`}
            onClick={() => setConfirming(true)}
          >
            {cancel.fetching ? 'Cancelling…' : 'Cancel'}
          </GuardedButton>
        )}
        {confirming && (
          <CancelJobDialog
            name={job.name}
            busy={cancel.fetching}
            onConfirm={() => void cancelJob({ id: job.id }).then(() => setConfirming(false))}
            onCancel={() => setConfirming(false)}
          />
        )}
        {cancel.error && (
          <div className="error small" role="alert">
            {cancel.error.graphQLErrors[0]?.message ?? 'Could not cancel the job.'}
          </div>
        )}
      </td>
    </tr>
  );
}
