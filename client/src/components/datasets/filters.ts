/**
 * The browser's filters live in the address bar (`/datasets?labeled=true&format=yolo&mine=1`),
 * so a filtered list can be shared, reloaded and reached with the back button.
 */
import type { DatasetFilter } from '../../gql/graphql';

export interface FilterState {
  visibility: string;
  /** '' = any, 'true' | 'false'. */
  labeled: string;
  format: string;
  /** Comma-separated, as typed. */
  tags: string;
  mine: boolean;
}

export const VISIBILITY_OPTIONS = ['public', 'private', 'organization'] as const;
export const FORMAT_OPTIONS = ['coco', 'yolo', 'voc'] as const;

export const splitTags = (tags: string): string[] =>
  tags
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean);

export function readFilters(search: URLSearchParams): FilterState {
  const labeled = search.get('labeled') ?? '';
  return {
    visibility: search.get('visibility') ?? '',
    labeled: labeled === 'true' || labeled === 'false' ? labeled : '',
    format: search.get('format') ?? '',
    tags: search.get('tags') ?? '',
    mine: search.get('mine') === '1',
  };
}

export function filtersToSearch(filters: FilterState): string {
  const params = new URLSearchParams();
  if (filters.visibility) params.set('visibility', filters.visibility);
  if (filters.labeled) params.set('labeled', filters.labeled);
  if (filters.format) params.set('format', filters.format);
  const tags = splitTags(filters.tags);
  if (tags.length) params.set('tags', tags.join(','));
  if (filters.mine) params.set('mine', '1');
  const query = params.toString();
  return query ? `?${query}` : '';
}

/** The GraphQL `DatasetFilter`, or null when nothing is filtered. */
export function toDatasetFilter(filters: FilterState): DatasetFilter | null {
  const filter: DatasetFilter = {};
  if (filters.visibility) filter.visibility = filters.visibility;
  if (filters.labeled) filter.labeled = filters.labeled === 'true';
  if (filters.format) filter.format = filters.format;
  const tags = splitTags(filters.tags);
  if (tags.length) filter.tags = tags;
  if (filters.mine) filter.mine = true;
  return Object.keys(filter).length ? filter : null;
}
