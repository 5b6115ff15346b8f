/**
 * Deployments: `/deployments` (the caller's deployments and a Deploy form for a model version) and
 * `/deployments/<id>` (status, request figures, API keys, and a "Try it" panel that uploads an
 * image to the deployment's endpoint and shows the predictions).
 */
import { useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import { readToken } from '../../session';
import { Link, navigate } from '../navigation';
import { useDocumentTitle } from '../use-document-title';
import { DataTable } from '../ui/DataTable';
import { formatTime } from '../training/times';
import type { UserRole } from '../../gql/graphql';
import { projectWorkDenial, type Denial } from '../roles';
import { GuardedButton } from '../ui/GuardedButton';

const DEPLOYMENT_PATH = /^\/deployments\/([^/]+)\/?$/;
export const isDeploymentsPath = (path: string) => /^\/deployments\/?$/.test(path) || DEPLOYMENT_PATH.test(path);

const DeploymentsQuery = graphql(`
  query Deployments {
    deployments(first: 50) {
      id
      name
      status
      createdAt
      modelVersion {
        id
        version
        model {
          id
          name
        }
      }
    }
    models(first: 50) {
      nodes {
        id
        name
        project {
          id
          viewerCanCreateJobs
        }
        versions {
          id
          version
        }
      }
    }
  }
`);

const DeploymentQuery = graphql(`
  query DeploymentPage($id: ID!) {
    deployment(id: $id) {
      id
      name
      status
      statusReason
      endpointPath
      modelSha256
      createdAt
      project {
        id
        viewerCanCreateJobs
      }
      modelVersion {
        id
        version
        model {
          id
          name
        }
      }
      metrics {
        requestCount
        errorCount
        predictionCount
        latencyP50Ms
        latencyP99Ms
      }
    }
  }
`);

const CreateDeploymentMutation = graphql(`
  mutation CreateDeployment($modelVersionId: ID!, $name: String!) {
    createDeployment(modelVersionId: $modelVersionId, name: $name) {
      id
      status
    }
  }
`);

const StopDeploymentMutation = graphql(`
  mutation StopDeployment($id: ID!) {
    stopDeployment(id: $id) {
      id
      status
      statusReason
    }
  }
`);

/** The Deploy form; `?version=<id>` (the model page's Deploy button) preselects that version. */
function DeployForm({ versions, denial }: { versions: Array<{ id: string; label: string }>; denial: Denial }) {
  const [versionId, setVersionId] = useState(() => new URLSearchParams(window.location.search).get('version') ?? '');
  const [name, setName] = useState('');
  const [{ fetching, error }, create] = useMutation(CreateDeploymentMutation);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await create({ modelVersionId: versionId || versions[0]!.id, name });
    const id = result.data?.createDeployment.id;
    if (id) navigate(`/deployments/${id}`);
  };
  if (versions.length === 0 && !denial) return <p className="muted">Register a model version to deploy it.</p>;
  return (
    <form onSubmit={submit} aria-label="Deploy a model version" className="export-form">
      <fieldset disabled={!!denial} className="plain">
        <label>
          Model version
          <select value={versionId} onChange={(e) => setVersionId(e.target.value)} data-testid="deploy-version">
            {versions.map((v) => (
              <option key={v.id} value={v.id}>
                {v.label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Name
          <input
            value={name}
            onChange={(e) => setName(e.target.value)}
            required
            maxLength={120}
            placeholder="e.g. parts-classifier-prod"
            data-testid="deploy-name"
          />
        </label>
      </fieldset>
      <GuardedButton type="submit" className="primary" denial={denial} disabled={fetching}>
        Deploy
      </GuardedButton>
      {error && (
        <p className="error" role="alert">
          {error.graphQLErrors[0]?.message ?? error.message}
        </p>
      )}
    </form>
  );
}

function DeploymentsPage({ role }: { role: UserRole }) {
  useDocumentTitle('Deployments');
  const [{ data, error }] = useQuery({ query: DeploymentsQuery, requestPolicy: 'cache-and-network' });
  // Versions of projects where the viewer may deploy (owners and members, managers and admins); the rest are only listed below.
  const models = data?.models.nodes ?? [];
  const deployable = models.filter((m) => m.project.viewerCanCreateJobs);
  const versions = deployable.flatMap((m) => m.versions.map((v) => ({ id: v.id, label: `${m.name} v${v.version}` })));
  // Refused by role, or because every version there is belongs to a project the viewer only sees.
  const denial = projectWorkDenial(role, versions.length > 0 || models.every((m) => m.versions.length === 0));
  return (
    <section aria-labelledby="deployments-title">
      <div className="section-head">
        <h1 id="deployments-title">Deployments</h1>
      </div>
      {error && !data && (
        <p className="error" role="alert">
          Could not load deployments: {error.message}
        </p>
      )}
      <DeployForm versions={versions} denial={denial} />
      {data && data.deployments.length === 0 && <p className="muted">No deployments yet.</p>}
      {data && data.deployments.length > 0 && (
        <DataTable columns={['Name', 'Model version', 'Status', 'Created']} label="Deployments">
          {data.deployments.map((d) => (
            <tr key={d.id} data-testid="deployment-row">
              <th scope="row" className="job-name">
                <Link to={`/deployments/${d.id}`}>{d.name}</Link>
              </th>
              <td>
                <Link to={`/models/${encodeURIComponent(d.modelVersion.model.id)}`}>
                  {d.modelVersion.model.name} v{d.modelVersion.version}
                </Link>
              </td>
              <td data-testid="deployment-status">{d.status}</td>
              <td>{formatTime(d.createdAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}

interface Prediction {
  source: string;
  classes: Array<{ label: string; score: number }>;
}

function TryIt({ endpointPath, onDone }: { endpointPath: string; onDone: () => void }) {
  const [file, setFile] = useState<File | null>(null);
  const [predictions, setPredictions] = useState<Prediction[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!file) return;
    setBusy(true);
    setProblem(null);
    setPredictions(null);
    try {
      const body = new FormData();
      body.append('image', file, file.name);
      const token = readToken();
      const res = await fetch(endpointPath, { method: 'POST', body, headers: token ? { authorization: `Bearer ${token}` } : {} });
      const answer = (await res.json()) as { predictions?: Prediction[]; errors?: Array<{ message: string; extensions?: { code?: string } }> };
      if (res.ok && answer.predictions) setPredictions(answer.predictions);
      else setProblem(`${answer.errors?.[0]?.extensions?.code ?? res.status}: ${answer.errors?.[0]?.message ?? 'the request failed'}`);
    } catch {
      setProblem('The endpoint could not be reached.');
    } finally {
      setBusy(false);
      onDone();
    }
  };
  return (
    <section aria-labelledby="try-it-title" className="panel">
      <h2 id="try-it-title">Try it</h2>
      <form onSubmit={submit}>
        <input type="file" accept="image/png" aria-label="Image to classify" onChange={(e) => setFile(e.target.files?.[0] ?? null)} data-testid="try-it-file" />{' '}
        <button type="submit" disabled={!file || busy}>
          Predict
        </button>
      </form>
      {problem && (
        <p className="error" role="alert" data-testid="try-it-error">
          {problem}
        </p>
      )}
      {predictions?.map((p) => (
        <table key={p.source} data-testid="try-it-predictions">
          <caption>{p.source}</caption>
          <thead>
            <tr>
              <th>Class</th>
              <th>Score</th>
            </tr>
          </thead>
          <tbody>
            {p.classes.map((c) => (
              <tr key={c.label}>
                <td>{c.label}</td>
                <td>{(c.score * 100).toFixed(1)} %</td>
              </tr>
            ))}
          </tbody>
        </table>
      ))}
    </section>
  );
}

function DeploymentPage({ id, role }: { id: string; role: UserRole }) {
  const [{ data, error }, refresh] = useQuery({ query: DeploymentQuery, variables: { id }, requestPolicy: 'cache-and-network' });
  const [stopping, stop] = useMutation(StopDeploymentMutation);
  const deployment = data?.deployment;
  useDocumentTitle(deployment ? `Deployment ${deployment.name}` : 'Deployment');
  if (error && !data)
    return (
      <p className="error" role="alert">
        Could not load the deployment: {error.message}
      </p>
    );
  if (data && !deployment) return <p>Deployment {id} does not exist or is not visible to you.</p>;
  if (!deployment) return <p className="muted">Loading…</p>;
  const m = deployment.metrics;
  return (
    <section aria-labelledby="deployment-title">
      <p className="breadcrumb small">
        <Link to="/deployments">← All deployments</Link>
      </p>
      <h1 id="deployment-title">{deployment.name}</h1>
      <p>
        Status <strong data-testid="deployment-status">{deployment.status}</strong>
        {deployment.statusReason && <span className="muted"> — {deployment.statusReason}</span>}{' '}
        {deployment.status === 'PENDING' && (
          <button type="button" onClick={() => refresh({ requestPolicy: 'network-only' })}>
            Refresh
          </button>
        )}
        {(deployment.status === 'READY' || deployment.status === 'PENDING') && (
          <GuardedButton
            denial={projectWorkDenial(role, deployment.project.viewerCanCreateJobs)}
            disabled={stopping.fetching}
            onClick={() => void stop({ id })}
          >
            Stop
          </GuardedButton>
        )}
      </p>
      <p>
        Serves <Link to={`/models/${deployment.modelVersion.model.id}`}>{deployment.modelVersion.model.name}</Link> v{deployment.modelVersion.version} at{' '}
        <code>POST {deployment.endpointPath}</code>
      </p>
      <dl className="job-facts" data-testid="deployment-metrics">
        <dt>Requests</dt>
        <dd>{m.requestCount}</dd>
        <dt>Errors</dt>
        <dd>{m.errorCount}</dd>
        <dt>Predictions</dt>
        <dd>{m.predictionCount}</dd>
        <dt>Latency p50 / p99</dt>
        <dd>{m.latencyP50Ms === null || m.latencyP50Ms === undefined ? '—' : `${m.latencyP50Ms.toFixed(1)} ms / ${(m.latencyP99Ms ?? 0).toFixed(1)} ms`}</dd>
      </dl>
      {deployment.status === 'READY' && <TryIt endpointPath={deployment.endpointPath} onDone={() => refresh({ requestPolicy: 'network-only' })} />}
    </section>
  );
}

export function DeploymentsSection({ path, role }: { path: string; role: UserRole }) {
  const id = DEPLOYMENT_PATH.exec(path)?.[1];
  if (id) return <DeploymentPage key={id} id={decodeURIComponent(id)} role={role} />;
  return <DeploymentsPage role={role} />;
}
