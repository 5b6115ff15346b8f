/**
 * The dataset browser: the datasets the caller may read, filtered (kept in the address bar) and
 * paged 20 at a time with the connection's cursors. Dataset metadata comes from the Labeler
 * through the datasets subgraph; when the Labeler is down the page says so and stays usable.
 */
import { useQuery } from 'urql';
import { graphql } from '../../gql';
import { DataTable, type Column } from '../ui/DataTable';
import { navigate } from '../navigation';
import { Pager, PageCount, useCursorPaging } from '../ui/paging';
import { useSearch } from './use-search';
import { DatasetFiltersForm } from './DatasetFiltersForm';
import { DatasetRow } from './DatasetRow';
import { classifyError, problemMessage } from './dataset-errors';
import { filtersToSearch, readFilters, toDatasetFilter, type FilterState } from './filters';
import { useDocumentTitle } from '../use-document-title';
import type { UserRole } from '../../gql/graphql';
import { createDatasetDenial } from '../roles';
import { GuardedLink } from '../ui/GuardedLink';

export const DATASETS_PAGE_SIZE = 20;

const COLUMNS: Column[] = [
  'Name',
  'Format',
  'Labeled',
  'Visibility',
  { label: 'Images', className: 'numeric' },
  { label: 'Classes', className: 'numeric' },
  'Owner',
];

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

export function DatasetsPage({ role }: { role: UserRole }) {
  useDocumentTitle('Datasets');
  const search = useSearch();
  const filters = readFilters(search);
  const key = filtersToSearch(filters);
  const paging = useCursorPaging(key);

  const [{ data, error, fetching }, refetch] = useQuery({
    query: DatasetsQuery,
    variables: { filter: toDatasetFilter(filters), first: DATASETS_PAGE_SIZE, after: paging.after },
    requestPolicy: 'cache-and-network',
  });
  const page = data?.datasets;
  const problem = classifyError(error);

  const applyFilters = (next: FilterState) => navigate(`/datasets${filtersToSearch(next)}`);

  return (
    <section aria-labelledby="datasets-title">
      <div className="section-head">
        <h1 id="datasets-title">Datasets</h1>
        <PageCount paging={paging} pageSize={DATASETS_PAGE_SIZE} page={page} testId="datasets-count" />
        <button type="button" className="secondary" onClick={() => refetch({ requestPolicy: 'network-only' })} disabled={fetching}>
          Refresh
        </button>
        <GuardedLink to="/datasets/new" denial={createDatasetDenial(role)} testId="new-dataset">
          New dataset
        </GuardedLink>
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
        <DataTable columns={COLUMNS} className="jobs datasets">
          {page.nodes.map((dataset) => (
            <DatasetRow key={dataset.id} dataset={dataset} />
          ))}
        </DataTable>
      )}
      {page && <Pager paging={paging} pageInfo={page.pageInfo} busy={fetching} label="Dataset pages" />}
    </section>
  );
}
