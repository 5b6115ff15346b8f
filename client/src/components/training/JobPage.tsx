/**
 * One job: configuration, snapshot, times, metric charts, system panel, logs and checkpoints
 * (download). The page data (dataset included) is read once per visit; while the job is active,
 * `trainingJobUpdated` carries only what changes (status, progress, times), which is laid over that
 * data, and the series come from the delta streams (`trainingJobMetrics`, `trainingJobLogs`,
 * `trainingJobSystem`), appended as they arrive. Nothing is re-read per event, so watching a run
 * costs no dataset (Labeler) look-ups. Cancel and retry.
 */
import { useEffect, useRef, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { graphql } from '../../gql';
import type { UserRole } from '../../gql/graphql';
import { Link, navigate } from '../navigation';
import { cancelDenial, projectWorkDenial } from '../roles';
import { GuardedButton } from '../ui/GuardedButton';
import { JobProgress } from './JobProgress';
import { StatusBadge } from '../ui/StatusBadge';
import { JobExperiment } from './JobExperiment';
import { useDocumentTitle } from '../use-document-title';
import { useDeltaStream } from './live/use-delta-stream';
import { JobMetricsStream, MetricCharts, metricBatch } from './live/MetricCharts';
import { JobSystemStream, SystemPanel, systemBatch } from './live/SystemPanel';
import { JobLogsStream, LogViewer, logBatch } from './live/LogViewer';
import { formatDuration, formatRemaining, formatTime } from './times';
import { metricsText } from '../ui/format-metric';
import { useNow } from './use-now';
import { RegisterModel } from '../models/RegisterModelForm';
import { CancelJobDialog } from './CancelJobDialog';
import { datasetProblemAt } from './dataset-problem';
import { formatBytes } from '../ui/format-bytes';

const JobPageQuery = graphql(`
  query JobPage($id: ID!) {
    trainingJob(id: $id) {
      id
      name
      status
      queueReason
      epoch
      totalEpochs
      etaSeconds
      errorMessage
      framework
      task
      model
      config
      attempts
      createdAt
      updatedAt
      startedAt
      finishedAt
      ...JobProgress_job
      dataset {
        id
        name
      }
      datasetSnapshot {
        id
        objectCount
        totalBytes
        createdAt
      }
      retryOf {
        id
        name
      }
      project {
        id
        viewerCanCreateJobs
      }
    }
  }
`);

/** Platform fields only: re-read when the job ends (new checkpoints), never the dataset. */
const JobCheckpointsQuery = graphql(`
  query JobCheckpoints($id: ID!) {
    trainingJob(id: $id) {
      id
      checkpoints {
        name
        sizeBytes
        downloadUrl
      }
    }
  }
`);

// Only what changes while a job runs: the dataset and the rest stay as the page read them.
const JobPageUpdated = graphql(`
  subscription JobPageUpdated($id: ID!) {
    trainingJobUpdated(id: $id) {
      id
      status
      queueReason
      epoch
      totalEpochs
      etaSeconds
      errorMessage
      attempts
      updatedAt
      startedAt
      finishedAt
      ...JobProgress_job
    }
  }
`);

const CancelFromPage = graphql(`
  mutation CancelFromJobPage($id: ID!) {
    cancelTrainingJob(id: $id) {
      id
      status
    }
  }
`);

const RetryFromPage = graphql(`
  mutation RetryFromJobPage($id: ID!) {
    retryTrainingJob(id: $id) {
      id
    }
  }
`);

const ACTIVE = new Set(['QUEUED', 'RUNNING']);

export function JobPage({ id, role }: { id: string; role: UserRole }) {
  const [{ data, error, fetching }] = useQuery({ query: JobPageQuery, variables: { id } });
  const [{ data: checkpointData }, refetchCheckpoints] = useQuery({ query: JobCheckpointsQuery, variables: { id } });
  const loaded = data?.trainingJob;
  useDocumentTitle(loaded?.name ?? 'Training job');
  const [{ data: event }] = useSubscription({ query: JobPageUpdated, variables: { id }, pause: !loaded || !ACTIVE.has(loaded.status) });
  // The newest of the page data and the last event wins (a cancel re-reads the page, an event may be older).
  const update = event?.trainingJobUpdated;
  const job = loaded && update && update.id === loaded.id && update.updatedAt >= loaded.updatedAt ? { ...loaded, ...update } : loaded;
  const status = job?.status;
  const active = status != null && ACTIVE.has(status);
  const now = useNow(active && !!job?.startedAt);

  const metrics = useDeltaStream(JobMetricsStream, { jobId: id }, metricBatch);
  const system = useDeltaStream(JobSystemStream, { jobId: id }, systemBatch);
  const logs = useDeltaStream(JobLogsStream, { jobId: id }, logBatch);

  const previous = useRef(status);
  useEffect(() => {
    if (previous.current && ACTIVE.has(previous.current) && status && !ACTIVE.has(status)) refetchCheckpoints({ requestPolicy: 'network-only' });
    previous.current = status;
  }, [status, refetchCheckpoints]);

  const [cancelState, cancel] = useMutation(CancelFromPage);
  const [retryState, retry] = useMutation(RetryFromPage);
  const [confirmingCancel, setConfirmingCancel] = useState(false);

  if (error && !job)
    return (
      <p className="error" role="alert">
        Could not load the job: {error.message}
      </p>
    );
  if (!job) return fetching ? <p className="muted">Loading…</p> : <p className="notice">Training job {id} does not exist or is not visible to you.</p>;
  const actionError = cancelState.error ?? retryState.error;
  const datasetProblem = datasetProblemAt(error?.graphQLErrors, ['trainingJob', 'dataset']);
  const checkpoints = checkpointData?.trainingJob?.checkpoints ?? [];
  const finalMetrics = new Map<string, number>();
  if (!active) for (const point of metrics.items) finalMetrics.set(point.name, point.value);
  const started = job.startedAt ? Date.parse(job.startedAt) : null;
  const finished = job.finishedAt ? Date.parse(job.finishedAt) : null;

  return (
    <section aria-labelledby="job-title" className="job-page">
      <div className="section-head">
        <h1 id="job-title">{job.name}</h1>
        <StatusBadge status={job.status} />
        {active && (
          <GuardedButton denial={cancelDenial(role)} className="secondary" onClick={() => setConfirmingCancel(true)} disabled={cancelState.fetching}>
            Cancel
          </GuardedButton>
        )}
        {confirmingCancel && (
          <CancelJobDialog
            name={job.name}
            busy={cancelState.fetching}
            onConfirm={() => void cancel({ id }).then(() => setConfirmingCancel(false))}
            onCancel={() => setConfirmingCancel(false)}
          />
        )}
        {(job.status === 'FAILED' || job.status === 'CANCELLED') && (
          <GuardedButton
            denial={projectWorkDenial(role, job.project.viewerCanCreateJobs)}
            onClick={async () => {
              const result = await retry({ id });
              if (result.data) navigate(`/jobs/${result.data.retryTrainingJob.id}`);
            }}
            disabled={retryState.fetching}
          >
            Retry
          </GuardedButton>
        )}
      </div>
      {actionError && (
        <p className="error" role="alert">
          {actionError.graphQLErrors[0]?.message ?? actionError.message}
        </p>
      )}
      {job.errorMessage && (
        <p className="notice job-error" data-testid="job-error">
          {job.errorMessage}
        </p>
      )}
      {job.status === 'QUEUED' && job.queueReason && (
        <p className="notice" data-testid="job-queue-reason">
          {job.queueReason}
        </p>
      )}
      {job.status === 'COMPLETED' && <RegisterModel jobId={job.id} jobName={job.name} role={role} viewerCanCreateJobs={job.project.viewerCanCreateJobs} />}
      <JobProgress job={job} label={`${job.name} progress`} />
      <p className="muted" data-testid="job-progress">
        Epoch {job.epoch} of {job.totalEpochs}
        {active && job.etaSeconds != null ? ` · ${formatRemaining(job.etaSeconds)}` : ''} · attempt {job.attempts}
      </p>
      <dl className="job-facts">
        <JobExperiment id={job.id} />
        <dt>Framework</dt>
        <dd>
          {job.framework} · {job.task} · {job.model}
        </dd>
        <dt>Dataset</dt>
        <dd>
          {job.dataset ? (
            <Link to={`/datasets/${encodeURIComponent(job.dataset.id)}`}>{job.dataset.name}</Link>
          ) : (
            <span className="unavailable" title={datasetProblem?.detail}>
              {datasetProblem?.label ?? 'unavailable'}
            </span>
          )}
        </dd>
        <dt>Snapshot</dt>
        <dd data-testid="job-snapshot">
          {job.datasetSnapshot
            ? `${job.datasetSnapshot.id} · ${job.datasetSnapshot.objectCount} objects · ${formatBytes(job.datasetSnapshot.totalBytes)}`
            : 'none'}
        </dd>
        {job.retryOf && (
          <>
            <dt>Retry of</dt>
            <dd>
              <Link to={`/jobs/${job.retryOf.id}`}>{job.retryOf.name}</Link>
            </dd>
          </>
        )}
        <dt>Created</dt>
        <dd data-testid="job-created">{formatTime(job.createdAt)}</dd>
        <dt>Started</dt>
        <dd data-testid="job-started">{job.startedAt ? formatTime(job.startedAt) : 'not yet'}</dd>
        <dt>Finished</dt>
        <dd data-testid="job-finished">{job.finishedAt ? formatTime(job.finishedAt) : active ? 'still active' : '—'}</dd>
        <dt>Duration</dt>
        <dd data-testid="job-duration">{started != null ? formatDuration((finished ?? now) - started) : '—'}</dd>
        {!active && (
          <>
            <dt>Final metrics</dt>
            <dd data-testid="job-metrics">{metricsText([...finalMetrics].sort(([a], [b]) => a.localeCompare(b)).map(([name, value]) => ({ name, value })))}</dd>
          </>
        )}
      </dl>
      <MetricCharts stream={metrics} />
      <SystemPanel stream={system} />
      <LogViewer stream={logs} fileName={`${job.name.replace(/[^\w.-]+/g, '_') || job.id}.log`} />
      <h2>Configuration</h2>
      <pre className="config">{JSON.stringify(JSON.parse(job.config), null, 2)}</pre>
      <h2>Checkpoints</h2>
      {checkpoints.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul className="checkpoints">
          {checkpoints.map((c) => (
            <li key={c.name}>
              <a href={c.downloadUrl} download={c.name}>
                {c.name}
              </a>{' '}
              <span className="muted">{formatBytes(c.sizeBytes)}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
