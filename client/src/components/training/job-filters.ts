/**
 * The jobs list's filters live in the address bar (`/?status=RUNNING,QUEUED&mine=1&q=yolo`), so a
 * filtered view can be shared, reloaded and reached with the back button. The same filters serve
 * the project page, where the project is fixed by the path and not part of the query string.
 */
import type { TrainingJobFilter, TrainingJobStatus } from '../../gql/graphql';

export const JOB_STATUSES: readonly TrainingJobStatus[] = ['QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED'];

export interface JobFilterState {
  status: TrainingJobStatus[];
  projectId: string;
  datasetId: string;
  mine: boolean;
  /** Part of the job name, as typed. */
  search: string;
}

export const NO_JOB_FILTERS: JobFilterState = { status: [], projectId: '', datasetId: '', mine: false, search: '' };

const isStatus = (value: string): value is TrainingJobStatus => (JOB_STATUSES as readonly string[]).includes(value);

export function readJobFilters(search: URLSearchParams): JobFilterState {
  const status = (search.get('status') ?? '')
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(isStatus);
  return {
    // Keep the canonical order so `?status=RUNNING,QUEUED` and `?status=QUEUED,RUNNING` are one view.
    status: JOB_STATUSES.filter((s) => status.includes(s)),
    projectId: search.get('project') ?? '',
    datasetId: search.get('dataset') ?? '',
    mine: search.get('mine') === '1',
    search: search.get('q') ?? '',
  };
}

export function jobFiltersToSearch(filters: JobFilterState): string {
  const params = new URLSearchParams();
  if (filters.status.length) params.set('status', filters.status.join(','));
  if (filters.projectId) params.set('project', filters.projectId);
  if (filters.datasetId) params.set('dataset', filters.datasetId);
  if (filters.mine) params.set('mine', '1');
  if (filters.search.trim()) params.set('q', filters.search.trim());
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The GraphQL `TrainingJobFilter`, or null when nothing is filtered. */
export function toTrainingJobFilter(filters: JobFilterState): TrainingJobFilter | null {
  const filter: TrainingJobFilter = {};
  if (filters.status.length) filter.status = filters.status;
  if (filters.projectId) filter.projectId = filters.projectId;
  if (filters.datasetId) filter.datasetId = filters.datasetId;
  if (filters.mine) filter.mine = true;
  if (filters.search.trim()) filter.search = filters.search.trim();
  return Object.keys(filter).length ? filter : null;
}

/**
 * The filters in words, for an empty list ("status Failed, only mine"), so a person sees what
 * hides the jobs. `names` turns project and dataset ids into the names shown in the pickers.
 */
export function describeJobFilters(filters: JobFilterState, names: { project?: string; dataset?: string } = {}): string[] {
  const parts: string[] = [];
  if (filters.status.length) parts.push(`status ${filters.status.join(' or ')}`);
  if (filters.projectId) parts.push(`project ${names.project ?? filters.projectId}`);
  if (filters.datasetId) parts.push(`dataset ${names.dataset ?? filters.datasetId}`);
  if (filters.mine) parts.push('only my jobs');
  if (filters.search.trim()) parts.push(`name contains “${filters.search.trim()}”`);
  return parts;
}
