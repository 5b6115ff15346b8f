/**
 * One job: configuration, snapshot, final metrics, loss curve, logs (level filter) and checkpoints
 * (download). While the job is active it follows `trainingJobUpdated` and re-reads the page data
 * on each event, so progress, metrics and logs arrive live. Cancel and retry.
 */
import { useEffect, useState } from 'react';
import { useMutation, useQuery, useSubscription } from 'urql';
import { graphql } from '../../gql';
import type { LogLevel, UserRole } from '../../gql/graphql';
import { Link, navigate } from '../navigation';
import { cancelDenial, projectWorkDenial } from '../roles';
import { GuardedButton } from '../ui/GuardedButton';
import { JobProgress } from './JobProgress';
import { StatusBadge } from '../ui/StatusBadge';
import { JobExperiment } from './JobExperiment';
import { useDocumentTitle } from '../use-document-title';

const JobPageQuery = graphql(`
  query JobPage($id: ID!, $level: LogLevel) {
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
      loss: metrics(name: "loss") {
        epoch
        value
      }
      accuracy: metrics(name: "accuracy") {
        epoch
        value
      }
      logs(first: 500, level: $level) {
        nodes {
          id
          level
          message
          time
        }
      }
      checkpoints {
        name
        sizeBytes
        downloadUrl
      }
    }
  }
`);

const JobPageUpdated = graphql(`
  subscription JobPageUpdated($id: ID!) {
    trainingJobUpdated(id: $id) {
      id
      status
      progress
      epoch
      updatedAt
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

const LEVELS: LogLevel[] = ['DEBUG', 'INFO', 'WARNING', 'ERROR'];

/** A tiny SVG line chart of one metric series (no chart library needed for one line). */
function Sparkline({ points, label }: { points: Array<{ epoch?: number | null; value: number }>; label: string }) {
  if (points.length < 2) return null;
  const values = points.map((p) => p.value);
  const [min, max] = [Math.min(...values), Math.max(...values)];
  const path = values.map((v, i) => `${(i / (values.length - 1)) * 300},${80 - ((v - min) / (max - min || 1)) * 76 - 2}`).join(' ');
  return (
    <figure className="sparkline">
      <svg viewBox="0 0 300 80" width="300" height="80" role="img" aria-label={`${label} per epoch`}>
        <polyline points={path} fill="none" stroke="currentColor" strokeWidth="2" />
      </svg>
      <figcaption>
        {label}: {values[0]!.toFixed(4)} → {values[values.length - 1]!.toFixed(4)}
      </figcaption>
    </figure>
  );
}

const bytes = (n: number) => (n > 1_000_000 ? `${(n / 1_000_000).toFixed(1)} MB` : `${(n / 1000).toFixed(1)} kB`);

export function JobPage({ id, role }: { id: string; role: UserRole }) {
  const [level, setLevel] = useState<LogLevel | ''>('');
  const [{ data, error, fetching }, refetch] = useQuery({ query: JobPageQuery, variables: { id, level: level || null } });
  const job = data?.trainingJob;
  useDocumentTitle(job?.name ?? 'Training job');
  const active = job?.status === 'QUEUED' || job?.status === 'RUNNING';
  const [{ data: event }] = useSubscription({ query: JobPageUpdated, variables: { id }, pause: !active });
  useEffect(() => {
    if (event) refetch({ requestPolicy: 'network-only' });
  }, [event, refetch]);
  const [cancelState, cancel] = useMutation(CancelFromPage);
  const [retryState, retry] = useMutation(RetryFromPage);

  if (error && !job)
    return (
      <p className="error" role="alert">
        Could not load the job: {error.message}
      </p>
    );
  if (!job) return fetching ? <p className="muted">Loading…</p> : <p className="notice">Training job {id} does not exist or is not visible to you.</p>;
  const lastLoss = job.loss.at(-1);
  const lastAccuracy = job.accuracy.at(-1);
  const actionError = cancelState.error ?? retryState.error;

  return (
    <section aria-labelledby="job-title" className="job-page">
      <div className="section-head">
        <h1 id="job-title">{job.name}</h1>
        <StatusBadge status={job.status} />
        {active && (
          <GuardedButton denial={cancelDenial(role)} className="secondary" onClick={() => void cancel({ id })} disabled={cancelState.fetching}>
            Cancel
          </GuardedButton>
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
        <p className="notice" data-testid="job-error">
          {job.errorMessage}
        </p>
      )}
      {job.status === 'QUEUED' && job.queueReason && (
        <p className="notice" data-testid="job-queue-reason">
          {job.queueReason}
        </p>
      )}
      <JobProgress job={job} label={`${job.name} progress`} />
      <p className="muted" data-testid="job-progress">
        Epoch {job.epoch} of {job.totalEpochs}
        {active && job.etaSeconds != null ? ` · about ${Math.ceil(job.etaSeconds)} s left` : ''} · attempt {job.attempts}
      </p>
      <dl className="job-facts">
        <JobExperiment id={job.id} />
        <dt>Framework</dt>
        <dd>
          {job.framework} · {job.task} · {job.model}
        </dd>
        <dt>Dataset</dt>
        <dd>{job.dataset ? <Link to={`/datasets/${encodeURIComponent(job.dataset.id)}`}>{job.dataset.name}</Link> : 'unavailable'}</dd>
        <dt>Snapshot</dt>
        <dd data-testid="job-snapshot">
          {job.datasetSnapshot ? `${job.datasetSnapshot.id} · ${job.datasetSnapshot.objectCount} objects · ${bytes(job.datasetSnapshot.totalBytes)}` : 'none'}
        </dd>
        {job.retryOf && (
          <>
            <dt>Retry of</dt>
            <dd>
              <Link to={`/jobs/${job.retryOf.id}`}>{job.retryOf.name}</Link>
            </dd>
          </>
        )}
        <dt>Final metrics</dt>
        <dd data-testid="job-metrics">
          {lastLoss ? `loss ${lastLoss.value.toFixed(4)}` : '—'}
          {lastAccuracy ? ` · accuracy ${(lastAccuracy.value * 100).toFixed(1)} %` : ''}
        </dd>
      </dl>
      <Sparkline points={job.loss} label="loss" />
      <h2>Configuration</h2>
      <pre className="config">{JSON.stringify(JSON.parse(job.config), null, 2)}</pre>
      <h2>Checkpoints</h2>
      {job.checkpoints.length === 0 ? (
        <p className="muted">None yet.</p>
      ) : (
        <ul className="checkpoints">
          {job.checkpoints.map((c) => (
            <li key={c.name}>
              <a href={c.downloadUrl} download={c.name}>
                {c.name}
              </a>{' '}
              <span className="muted">{bytes(c.sizeBytes)}</span>
            </li>
          ))}
        </ul>
      )}
      <div className="section-head">
        <h2>Logs</h2>
        <label>
          Level{' '}
          <select value={level} onChange={(e) => setLevel(e.target.value as LogLevel | '')} aria-label="Log level">
            <option value="">all</option>
            {LEVELS.map((l) => (
              <option key={l} value={l}>
                {l} and above
              </option>
            ))}
          </select>
        </label>
      </div>
      <pre className="logs" data-testid="job-logs">
        {job.logs.nodes.map((l) => `${l.time.slice(11, 19)} ${l.level.padEnd(7)} ${l.message}`).join('\n') || 'No log lines.'}
      </pre>
    </section>
  );
}
