/**
 * One dataset: what it holds, who owns it, what the viewer may do, its images with their annotations
 * and statistics (DatasetViewer, its own query) and a download. Missing, not visible and "Labeler
 * down" each get a clear message, never a broken page. A legacy dataset (served from the Platform DB,
 * also while the Labeler is down) is marked as such and shows only its stored metadata.
 */
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { Link } from '../navigation';
import { LabeledBadge, PermissionBadge, VisibilityBadge } from './DatasetBadges';
import { DatasetViewer } from './DatasetViewer';
import { DownloadButton } from './DownloadButton';
import { classifyError, problemMessage } from './dataset-errors';
import { useDocumentTitle } from '../use-document-title';
import { formatTime } from '../training/times';

const DatasetDetailQuery = graphql(`
  query DatasetDetail($id: ID!) {
    dataset(id: $id) {
      id
      name
      description
      format
      labeled
      visibility
      storageType
      storagePath
      numImages
      numClasses
      classNames
      tags
      createdAt
      updatedAt
      owner {
        id
        email
      }
      myPermission
      isLegacy
    }
  }
`);

export function DatasetDetailPage({ id }: { id: string }) {
  const [{ data, error, fetching }, refetch] = useQuery({
    query: DatasetDetailQuery,
    variables: { id },
    requestPolicy: 'cache-and-network',
  });
  const dataset = data?.dataset;
  useDocumentTitle(dataset?.name ?? 'Dataset');
  const problem = dataset ? null : classifyError(error);

  return (
    <section aria-labelledby="dataset-title" className="dataset-detail">
      <p className="breadcrumb small">
        <Link to="/datasets">← All datasets</Link>
      </p>
      {!dataset && problem && (
        <div className={problem === 'upstream' ? 'notice notice-warning' : 'card problem'} role="alert" data-testid="dataset-problem" data-problem={problem}>
          <h1 id="dataset-title">
            {problem === 'upstream' ? 'Dataset details unavailable' : problem === 'other' ? 'Could not load the dataset' : 'Dataset not available'}
          </h1>
          <p>{problemMessage(problem, error)}</p>
          {problem === 'upstream' && (
            <button type="button" className="secondary" onClick={() => refetch({ requestPolicy: 'network-only' })} disabled={fetching}>
              Try again
            </button>
          )}
        </div>
      )}
      {!dataset && !problem && fetching && <p className="muted">Loading…</p>}
      {!dataset && !problem && !fetching && data && (
        <div className="card problem" role="alert" data-testid="dataset-problem" data-problem="not-found">
          <h1 id="dataset-title">Dataset not available</h1>
          <p>{problemMessage('not-found', error)}</p>
        </div>
      )}
      {dataset && (
        <>
          <div className="section-head">
            <h1 id="dataset-title" data-testid="dataset-title">
              {dataset.name}
            </h1>
            <VisibilityBadge visibility={dataset.visibility} />
            <LabeledBadge labeled={dataset.labeled} />
            {dataset.isLegacy && (
              <span className="badge badge-legacy" data-testid="dataset-legacy">
                legacy
              </span>
            )}
            {!dataset.isLegacy && <DownloadButton datasetId={dataset.id} datasetName={dataset.name} />}
          </div>
          {dataset.isLegacy && (
            <p className="notice notice-warning" data-testid="dataset-legacy-notice">
              A legacy dataset from before the Labeler: read-only history kept in the platform&apos;s database. Only its stored metadata is shown; its images
              and archive are not in the Labeler.
            </p>
          )}
          {dataset.description && <p className="description">{dataset.description}</p>}
          <dl className="dataset-facts card">
            <div>
              <dt>Images</dt>
              <dd data-testid="dataset-images">{dataset.numImages}</dd>
            </div>
            <div>
              <dt>Classes</dt>
              <dd data-testid="dataset-classes">{dataset.numClasses}</dd>
            </div>
            <div>
              <dt>Format</dt>
              <dd>{dataset.format.toUpperCase()}</dd>
            </div>
            <div>
              <dt>Owner</dt>
              <dd>{dataset.owner?.email ?? '—'}</dd>
            </div>
            <div>
              <dt>Your permission</dt>
              <dd>
                <PermissionBadge level={dataset.myPermission} />
              </dd>
            </div>
            <div>
              <dt>Storage</dt>
              <dd className="small" title={dataset.storagePath}>
                {dataset.storageType} · <code>{dataset.storagePath}</code>
              </dd>
            </div>
            <div>
              <dt>Updated</dt>
              <dd className="small">{formatTime(dataset.updatedAt)}</dd>
            </div>
          </dl>
          <h2>Classes</h2>
          {dataset.classNames.length > 0 ? (
            <div className="tag-list" data-testid="dataset-class-names">
              {dataset.classNames.map((name) => (
                <span key={name} className="tag tag-class">
                  {name}
                </span>
              ))}
            </div>
          ) : (
            <p className="muted">No classes yet{dataset.labeled ? '' : ' — the dataset is not labeled'}.</p>
          )}
          <h2>Tags</h2>
          {dataset.tags.length > 0 ? (
            <div className="tag-list" data-testid="dataset-tags">
              {dataset.tags.map((tag) => (
                <span key={tag} className="tag">
                  {tag}
                </span>
              ))}
            </div>
          ) : (
            <p className="muted">No tags.</p>
          )}
          {!dataset.isLegacy && <DatasetViewer id={dataset.id} classNames={dataset.classNames} />}
        </>
      )}
    </section>
  );
}
