/**
 * A filtered, paged list of training jobs: the console's jobs page and a project's page both
 * show it. Filters live in the address bar under `basePath`; a fixed `projectId` (project page)
 * narrows every query and hides the project picker. Each row keeps itself live (`JobRow`), and
 * `trainingJobCreated` tells the list about new jobs: the first page is then read again (once per
 * burst of creations), so it shows them in their place, under the filters, without Refresh.
 */
import { useEffect, type ReactNode } from 'react';
import { useQuery, useSubscription, type CombinedError } from 'urql';
import { graphql } from '../../gql';
import { navigate } from '../navigation';
import { Pager, PageCount, useCursorPaging } from '../ui/paging';
import { useSearch } from '../datasets/use-search';
import type { Denial } from '../roles';
import { JobFiltersForm } from './JobFiltersForm';
import { JobsTable } from './JobsTable';
import { NewJobOptionsQuery } from './NewJobPage';
import { describeJobFilters, jobFiltersToSearch, readJobFilters, toTrainingJobFilter, type JobFilterState } from './job-filters';
import { datasetProblemOf, type DatasetProblem } from './dataset-problem';

export const JOBS_PAGE_SIZE = 20;

const FilteredJobsQuery = graphql(`
  query TrainingJobs($first: Int!, $after: String, $filter: TrainingJobFilter) {
    trainingJobs(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        ...JobRow_job
      }
    }
  }
`);

// Only the id: the list is read again, so the event resolves nothing else (no dataset look-up).
const JobsListCreated = graphql(`
  subscription JobsListCreated($projectId: ID) {
    trainingJobCreated(projectId: $projectId) {
      id
    }
  }
`);

/** New jobs arriving within this time cause one re-read of the page. */
const CREATED_REREAD_DELAY_MS = 300;

/**
 * The datasets subgraph may fail for one job (Labeler down, dataset deleted or not readable) while
 * the rest of the page is fine; map row index → what that row says instead (dataset-problem.ts).
 */
function datasetProblemsByRow(error: CombinedError | undefined): Map<number, DatasetProblem> {
  const byRow = new Map<number, DatasetProblem>();
  for (const e of error?.graphQLErrors ?? []) {
    const [root, nodes, index, field] = e.path ?? [];
    if (root === 'trainingJobs' && nodes === 'nodes' && typeof index === 'number' && field === 'dataset') byRow.set(index, datasetProblemOf(e));
  }
  return byRow;
}

interface JobsListProps {
  /** Where the filters are written, e.g. `/` or `/projects/prj_…`. */
  basePath: string;
  /** Set on a project's page: every query is narrowed to it. */
  projectId?: string;
  title: ReactNode;
  /** Buttons and links beside the title. */
  actions?: ReactNode;
  /** Null when the viewer may cancel jobs; otherwise shown above the list and on each Cancel. */
  cancelDenial: Denial;
}

export function JobsList({ basePath, projectId, title, actions, cancelDenial }: JobsListProps) {
  // On a project's page the project is the page, not a filter the user set (or can clear).
  const fromUrl = readJobFilters(useSearch());
  const chosen: JobFilterState = projectId ? { ...fromUrl, projectId: '' } : fromUrl;
  const filters: JobFilterState = projectId ? { ...chosen, projectId } : chosen;
  const key = jobFiltersToSearch(filters);
  const paging = useCursorPaging(key);
  const filter = toTrainingJobFilter(filters);
  const [{ data, error, fetching }, refetch] = useQuery({
    query: FilteredJobsQuery,
    variables: { first: JOBS_PAGE_SIZE, after: paging.after, filter },
    requestPolicy: 'cache-and-network',
  });
  const [{ data: created }] = useSubscription({ query: JobsListCreated, variables: { projectId: filters.projectId || null } });
  const onFirstPage = !paging.after;
  useEffect(() => {
    if (!created || !onFirstPage) return undefined;
    const timer = setTimeout(() => refetch({ requestPolicy: 'network-only' }), CREATED_REREAD_DELAY_MS);
    return () => clearTimeout(timer);
  }, [created, onFirstPage, refetch]);
  // The pickers are a convenience: the list works without them (e.g. with the Labeler down).
  const [{ data: options }] = useQuery({ query: NewJobOptionsQuery });
  const projects = options?.projects.nodes ?? [];
  const datasets = options?.datasets.nodes ?? [];
  const jobs = data?.trainingJobs;
  const datasetProblems = datasetProblemsByRow(error);

  const apply = (next: JobFilterState) => navigate(`${basePath}${jobFiltersToSearch(next)}`);
  const hiding = describeJobFilters(chosen, {
    project: projects.find((p) => p.id === filters.projectId)?.name,
    dataset: datasets.find((d) => d.id === filters.datasetId)?.name,
  });

  return (
    <section aria-labelledby="jobs-title" className="jobs-list">
      <div className="section-head">
        {title}
        <PageCount paging={paging} pageSize={JOBS_PAGE_SIZE} page={jobs} testId="jobs-count" />
        <button type="button" className="secondary" onClick={() => refetch({ requestPolicy: 'network-only' })} disabled={fetching}>
          Refresh
        </button>
        {actions}
      </div>
      {cancelDenial && <p className="notice">{cancelDenial}</p>}
      <JobFiltersForm value={chosen} onChange={apply} projects={projectId ? undefined : projects} datasets={datasets} />
      {error && !jobs && (
        <p className="error" role="alert">
          Could not load training jobs: {error.message}
        </p>
      )}
      {fetching && !jobs && <p className="muted">Loading…</p>}
      {jobs && jobs.nodes.length === 0 && (
        <p className="muted" data-testid="jobs-empty">
          {hiding.length ? `No training jobs match these filters: ${hiding.join('; ')}.` : 'No training jobs yet.'}
        </p>
      )}
      {jobs && jobs.nodes.length > 0 && <JobsTable jobs={jobs.nodes} cancelDenial={cancelDenial} datasetProblems={datasetProblems} />}
      {jobs && <Pager paging={paging} pageInfo={jobs.pageInfo} busy={fetching} label="Job pages" />}
    </section>
  );
}
