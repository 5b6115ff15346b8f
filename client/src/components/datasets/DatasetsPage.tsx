/**
 * The dataset browser: the datasets the caller may read, filtered (kept in the address bar) and
 * paged 20 at a time with the connection's cursors. Dataset metadata comes from the Labeler
 * through the datasets subgraph; when the Labeler is down the page says so and stays usable.
 */
import { useState } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { navigate } from '../navigation';
import { useSearch } from './use-search';
import { DatasetFiltersForm } from './DatasetFiltersForm';
import { DatasetRow } from './DatasetRow';
import { classifyError, problemMessage } from './dataset-errors';
import { filtersToSearch, readFilters, toDatasetFilter, type FilterState } from './filters';

export const DATASETS_PAGE_SIZE = 20;

const DatasetsQuery = graphql(`
  query Datasets($filter: DatasetFilter, $first: Int!, $after: String) {
    datasets(filter: $filter, first: $first, after: $after) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        ...DatasetRow_dataset
      }
    }
  }
`);

/** `after` of each page visited so far (page 1 has none); reset whenever the filters change. */
interface Paging {
  key: string;
  cursors: (string | null)[];
}

export function DatasetsPage() {
  const search = useSearch();
  const filters = readFilters(search);
  const key = filtersToSearch(filters);
  const [paging, setPaging] = useState<Paging>({ key, cursors: [null] });
  const cursors = paging.key === key ? paging.cursors : [null];
  const pageIndex = cursors.length - 1;

  const [{ data, error, fetching }, refetch] = useQuery({
    query: DatasetsQuery,
    variables: { filter: toDatasetFilter(filters), first: DATASETS_PAGE_SIZE, after: cursors[pageIndex] ?? null },
    requestPolicy: 'cache-and-network',
  });
  const page = data?.datasets;
  const problem = classifyError(error);

  const applyFilters = (next: FilterState) => navigate(`/datasets${filtersToSearch(next)}`);
  const next = () => page?.pageInfo.endCursor && setPaging({ key, cursors: [...cursors, page.pageInfo.endCursor] });
  const previous = () => setPaging({ key, cursors: cursors.slice(0, -1) });
  const from = pageIndex * DATASETS_PAGE_SIZE + 1;

  return (
    <section aria-labelledby="datasets-title">
      <div className="section-head">
        <h1 id="datasets-title">Datasets</h1>
        {page && (
          <span className="muted" data-testid="datasets-count">
            {page.nodes.length > 0 ? `${from}–${from + page.nodes.length - 1} of ${page.totalCount}` : `0 of ${page.totalCount}`}
          </span>
        )}
        <button type="button" className="secondary" onClick={() => refetch({ requestPolicy: 'network-only' })} disabled={fetching}>
          Refresh
        </button>
      </div>
      <DatasetFiltersForm value={filters} onChange={applyFilters} />
      {problem && !page && (
        <p className={problem === 'upstream' ? 'notice notice-warning' : 'error'} role="alert" data-testid="datasets-problem">
          {problemMessage(problem, error)}
        </p>
      )}
      {fetching && !page && !problem && <p className="muted">Loading…</p>}
      {page && page.nodes.length === 0 && (
        <p className="muted" data-testid="datasets-empty">
          {toDatasetFilter(filters) ? 'No datasets match these filters.' : 'No datasets yet.'}
        </p>
      )}
      {page && page.nodes.length > 0 && (
        <div className="table-wrap">
          <table className="jobs datasets">
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Format</th>
                <th scope="col">Labeled</th>
                <th scope="col">Visibility</th>
                <th scope="col" className="numeric">
                  Images
                </th>
                <th scope="col" className="numeric">
                  Classes
                </th>
                <th scope="col">Owner</th>
              </tr>
            </thead>
            <tbody>
              {page.nodes.map((dataset) => (
                <DatasetRow key={dataset.id} dataset={dataset} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {page && (pageIndex > 0 || page.pageInfo.hasNextPage) && (
        <nav className="pager" aria-label="Dataset pages">
          <button type="button" className="secondary" onClick={previous} disabled={pageIndex === 0 || fetching}>
            ← Previous
          </button>
          <span className="muted">Page {pageIndex + 1}</span>
          <button type="button" className="secondary" onClick={next} disabled={!page.pageInfo.hasNextPage || fetching}>
            Next →
          </button>
        </nav>
      )}
    </section>
  );
}
