/**
 * Everything under `/datasets`: the browser at `/datasets`, a new upload at `/datasets/new`, one dataset at `/datasets/:id`.
 * The console shell renders this for any path that `isDatasetsPath` accepts.
 */
import type { UserRole } from '../../gql/graphql';
import { DatasetErrorBoundary } from './DatasetErrorBoundary';
import { DatasetDetailPage } from './DatasetDetailPage';
import { DatasetsPage } from './DatasetsPage';
import { DatasetUploadPage } from './DatasetUploadPage';
import './datasets.css';

export const DATASETS_PATH = '/datasets';

export const isDatasetsPath = (path: string): boolean => path === DATASETS_PATH || path.startsWith(`${DATASETS_PATH}/`);

export function DatasetsSection({ path, role }: { path: string; role: UserRole }) {
  const rest = path.slice(DATASETS_PATH.length).replace(/^\/+|\/+$/g, '');
  const id = rest ? decodeURIComponent(rest) : null;
  return (
    // A new key per dataset resets the boundary when the user moves on from a page that failed.
    <DatasetErrorBoundary key={id ?? 'list'}>
      {id === 'new' ? <DatasetUploadPage role={role} /> : id ? <DatasetDetailPage id={id} /> : <DatasetsPage role={role} />}
    </DatasetErrorBoundary>
  );
}
