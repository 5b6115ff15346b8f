/** The models of every project the caller sees, newest first, with their latest version and its metrics. */
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { DataTable } from '../ui/DataTable';
import { Link } from '../navigation';
import { Pager, PageCount, useCursorPaging } from '../ui/paging';
import { useDocumentTitle } from '../use-document-title';
import { metricsText } from '../ui/format-metric';
import { formatTime } from '../training/times';

const MODELS_PAGE_SIZE = 20;

const ModelsQuery = graphql(`
  query Models($first: Int!, $after: String) {
    models(first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        name
        createdAt
        versionCount
        project {
          id
          name
        }
        latestVersion {
          id
          version
          metrics {
            name
            value
          }
        }
      }
    }
  }
`);

export function ModelsPage() {
  useDocumentTitle('Models');
  const paging = useCursorPaging('');
  const [{ data, error, fetching }] = useQuery({
    query: ModelsQuery,
    variables: { first: MODELS_PAGE_SIZE, after: paging.after },
    requestPolicy: 'cache-and-network',
  });
  const page = data?.models;
  return (
    <section aria-labelledby="models-title">
      <div className="section-head">
        <h1 id="models-title">Models</h1>
        <PageCount paging={paging} pageSize={MODELS_PAGE_SIZE} page={page} testId="models-count" />
      </div>
      {error && !page && (
        <p className="error" role="alert">
          Could not load models: {error.message}
        </p>
      )}
      {fetching && !page && <p className="muted">Loading…</p>}
      {page && page.nodes.length === 0 && <p className="muted">No models yet. Register a completed training job from its page.</p>}
      {page && page.nodes.length > 0 && (
        <DataTable columns={['Name', 'Project', 'Versions', 'Latest metrics', 'Created']} label="Models">
          {page.nodes.map((model) => (
            <tr key={model.id} data-testid="model-row" data-model-id={model.id}>
              <th scope="row" className="job-name">
                <Link to={`/models/${encodeURIComponent(model.id)}`}>{model.name}</Link>
              </th>
              <td>
                <Link to={`/projects/${encodeURIComponent(model.project.id)}`}>{model.project.name}</Link>
              </td>
              <td>{model.versionCount}</td>
              <td>{model.latestVersion ? `v${model.latestVersion.version}: ${metricsText(model.latestVersion.metrics)}` : '—'}</td>
              <td>{formatTime(model.createdAt)}</td>
            </tr>
          ))}
        </DataTable>
      )}
      {page && <Pager paging={paging} pageInfo={page.pageInfo} busy={fetching} label="Model pages" />}
    </section>
  );
}
