/**
 * One model: its versions (newest first) with the metrics frozen at registration, lineage links
 * (training job → snapshot → dataset), weights, exports with their progress and downloads, and an
 * Export form per version (format, opset, precision, input size). While an export is queued or
 * running, the page re-reads the version's exports every second.
 */
import { useEffect, useState, type FormEvent } from 'react';
import { useMutation, useQuery } from 'urql';
import { graphql } from '../../gql';
import type { ExportFormat, ExportPrecision, ModelPageQuery as ModelPageResult, UserRole } from '../../gql/graphql';
import { Link, navigate } from '../navigation';
import { projectWorkDenial } from '../roles';
import { GuardedButton } from '../ui/GuardedButton';
import { ProgressBar } from '../ui/ProgressBar';
import { useDocumentTitle } from '../use-document-title';
import { metricsText } from '../ui/format-metric';
import { formatBytes } from '../ui/format-bytes';
import { formatTime } from '../training/times';
import { readFormErrors } from '../ui/form-errors';

const ModelPageQuery = graphql(`
  query ModelPage($id: ID!) {
    model(id: $id) {
      id
      name
      createdAt
      project {
        id
        name
        viewerCanCreateJobs
      }
      versions {
        id
        version
        description
        framework
        task
        architecture
        createdAt
        registeredBy {
          id
          email
        }
        metrics {
          name
          value
        }
        job {
          id
          name
        }
        datasetSnapshot {
          id
          objectCount
        }
        dataset {
          id
          name
        }
        artifacts {
          name
          sizeBytes
          downloadUrl
        }
        exports {
          id
          format
          status
          queueReason
          progress
          sizeBytes
          sha256
          fileName
          downloadUrl
          errorMessage
          options {
            opset
            precision
            inputSize
          }
        }
      }
    }
  }
`);

const CreateExportMutation = graphql(`
  mutation CreateExport($modelVersionId: ID!, $format: ExportFormat!, $options: ExportOptionsInput) {
    createExport(modelVersionId: $modelVersionId, format: $format, options: $options) {
      id
      status
    }
  }
`);

const FORMATS: ExportFormat[] = ['ONNX', 'TORCHSCRIPT', 'TENSORRT', 'COREML', 'TFLITE'];
const PRECISIONS: ExportPrecision[] = ['FP32', 'FP16', 'INT8'];
const ACTIVE = new Set(['QUEUED', 'RUNNING']);

type Version = NonNullable<ModelPageResult['model']>['versions'][number];

export function ModelPage({ id, role }: { id: string; role: UserRole }) {
  const [{ data, error, fetching }, refetch] = useQuery({ query: ModelPageQuery, variables: { id } });
  const model = data?.model;
  useDocumentTitle(model?.name ?? 'Model');
  const busy = model?.versions.some((v) => v.exports.some((e) => ACTIVE.has(e.status))) ?? false;
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => refetch({ requestPolicy: 'network-only' }), 1000);
    return () => clearInterval(timer);
  }, [busy, refetch]);

  if (error && !model)
    return (
      <p className="error" role="alert">
        Could not load the model: {error.message}
      </p>
    );
  if (!model) return fetching ? <p className="muted">Loading…</p> : <p className="notice">Model {id} does not exist or is not visible to you.</p>;
  const denial = projectWorkDenial(role, model.project.viewerCanCreateJobs);
  return (
    <section aria-labelledby="model-title" className="model-page">
      <p className="breadcrumb small">
        <Link to="/models">← All models</Link>
      </p>
      <div className="section-head">
        <h1 id="model-title">{model.name}</h1>
        <span className="muted">
          <Link to={`/projects/${encodeURIComponent(model.project.id)}`}>{model.project.name}</Link> · since {formatTime(model.createdAt)}
        </span>
      </div>
      {model.versions.map((version) => (
        <VersionCard key={version.id} version={version} denial={denial} onExported={() => refetch({ requestPolicy: 'network-only' })} />
      ))}
    </section>
  );
}

function VersionCard({ version, denial, onExported }: { version: Version; denial: string | null; onExported(): void }) {
  const [exporting, setExporting] = useState(false);
  return (
    <article className="model-version" data-testid="model-version" data-version={version.version} aria-label={`Version ${version.version}`}>
      <h2>
        Version {version.version}
        {version.description && <span className="muted"> · {version.description}</span>}
      </h2>
      <dl className="job-facts">
        <dt>Metrics</dt>
        <dd data-testid="version-metrics">{metricsText(version.metrics)}</dd>
        <dt>Training job</dt>
        <dd>{version.job ? <Link to={`/jobs/${encodeURIComponent(version.job.id)}`}>{version.job.name}</Link> : 'not visible to you'}</dd>
        <dt>Snapshot</dt>
        <dd>{version.datasetSnapshot ? `${version.datasetSnapshot.id} · ${version.datasetSnapshot.objectCount} objects` : 'none'}</dd>
        <dt>Dataset</dt>
        <dd>{version.dataset ? <Link to={`/datasets/${encodeURIComponent(version.dataset.id)}`}>{version.dataset.name}</Link> : '—'}</dd>
        <dt>Model</dt>
        <dd>
          {version.framework} · {version.task} · {version.architecture}
        </dd>
        <dt>Registered</dt>
        <dd>
          {formatTime(version.createdAt)} by {version.registeredBy.email}
        </dd>
        <dt>Weights</dt>
        <dd>
          {version.artifacts.length === 0
            ? '—'
            : version.artifacts.map((a) => (
                <a key={a.name} href={a.downloadUrl} download={a.name} className="artifact-link">
                  {a.name} <span className="muted">{formatBytes(a.sizeBytes)}</span>
                </a>
              ))}
        </dd>
      </dl>
      <div className="section-head">
        <h3>Exports</h3>
        <span>
          <GuardedButton denial={denial} onClick={() => setExporting(true)} disabled={exporting}>
            Export
          </GuardedButton>{' '}
          <GuardedButton denial={denial} onClick={() => navigate(`/deployments?version=${encodeURIComponent(version.id)}`)}>
            Deploy
          </GuardedButton>
        </span>
      </div>
      {exporting && (
        <ExportForm
          versionId={version.id}
          onDone={() => {
            setExporting(false);
            onExported();
          }}
          onCancel={() => setExporting(false)}
        />
      )}
      {version.exports.length === 0 ? (
        <p className="muted">No exports yet.</p>
      ) : (
        <ul className="exports">
          {version.exports.map((e) => (
            <li key={e.id} data-testid="export-row" data-status={e.status}>
              <strong>{e.format}</strong>{' '}
              <span className={`badge badge-${e.status.toLowerCase()}`} data-testid="export-status">
                {e.status}
              </span>{' '}
              <span className="muted">
                {[e.options.opset && `opset ${e.options.opset}`, e.options.precision, e.options.inputSize && `${e.options.inputSize}px`]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
              {ACTIVE.has(e.status) && <ProgressBar value={e.progress} label={`${e.format} export progress`} detail={e.queueReason ?? null} />}
              {e.status === 'COMPLETED' && e.downloadUrl && (
                <>
                  {' '}
                  <a href={e.downloadUrl} download={e.fileName} data-testid="export-download">
                    {e.fileName}
                  </a>{' '}
                  <span className="muted" data-testid="export-file">
                    {formatBytes(e.sizeBytes ?? 0)} · SHA-256 {e.sha256?.slice(0, 12)}…
                  </span>
                </>
              )}
              {e.errorMessage && (
                <p className="notice" data-testid="export-error">
                  {e.errorMessage}
                </p>
              )}
            </li>
          ))}
        </ul>
      )}
    </article>
  );
}

/** The export form's labels, by the option names the API gives in `extensions.fields`. */
const OPTION_LABELS: Record<string, string> = { opset: 'Opset', precision: 'Precision', inputSize: 'Input size' };

function ExportForm({ versionId, onDone, onCancel }: { versionId: string; onDone(): void; onCancel(): void }) {
  const [format, setFormat] = useState<ExportFormat>('ONNX');
  const [precision, setPrecision] = useState<ExportPrecision | ''>('');
  const [opset, setOpset] = useState('');
  const [inputSize, setInputSize] = useState('');
  const [state, create] = useMutation(CreateExportMutation);
  const errors = readFormErrors(state.error);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const options = {
      ...(opset ? { opset: Number(opset) } : {}),
      ...(precision ? { precision } : {}),
      ...(inputSize ? { inputSize: Number(inputSize) } : {}),
    };
    const result = await create({ modelVersionId: versionId, format, options });
    if (result.data) onDone();
  }
  return (
    <form className="export-form" onSubmit={(e) => void submit(e)} aria-label="Export" noValidate>
      <label>
        Format
        <select value={format} onChange={(e) => setFormat(e.target.value as ExportFormat)}>
          {FORMATS.map((f) => (
            <option key={f} value={f}>
              {f}
            </option>
          ))}
        </select>
      </label>
      <label>
        Precision
        <select value={precision} onChange={(e) => setPrecision(e.target.value as ExportPrecision | '')}>
          <option value="">Default</option>
          {PRECISIONS.map((p) => (
            <option key={p} value={p}>
              {p}
            </option>
          ))}
        </select>
      </label>
      {format === 'ONNX' && (
        <label>
          Opset
          <input type="number" min={7} max={21} value={opset} onChange={(e) => setOpset(e.target.value)} placeholder="default" />
        </label>
      )}
      <label>
        Input size (px)
        <input type="number" min={8} max={4096} value={inputSize} onChange={(e) => setInputSize(e.target.value)} placeholder="model's own" />
      </label>
      <button type="submit" className="primary" disabled={state.fetching}>
        Start export
      </button>
      <button type="button" className="secondary" onClick={onCancel}>
        Cancel
      </button>
      {/* The server checks the ranges and names each option at fault (`options.opset` → "between 7 and 21"). */}
      {Object.entries(errors.fields).map(([name, message]) => (
        <p key={name} className="error" role="alert" data-testid="export-field-error">
          {OPTION_LABELS[name.replace(/^options\./, '')] ?? name}: {message}
        </p>
      ))}
      {errors.form && (
        <p className="error" role="alert">
          {errors.form}
        </p>
      )}
    </form>
  );
}
