import type { DatasetPermissionLevel } from '../../gql/graphql';

export function VisibilityBadge({ visibility }: { visibility: string }) {
  return (
    <span className={`badge badge-visibility-${visibility.toLowerCase()}`} data-testid="dataset-visibility">
      {visibility}
    </span>
  );
}

export function LabeledBadge({ labeled }: { labeled: boolean }) {
  return (
    <span className={`badge ${labeled ? 'badge-labeled' : 'badge-unlabeled'}`} data-testid="dataset-labeled">
      {labeled ? 'labeled' : 'unlabeled'}
    </span>
  );
}

const PERMISSION_LABELS: Record<DatasetPermissionLevel, string> = {
  READ_ONLY: 'Read only',
  READ_WRITE: 'Read & write',
  ADMIN: 'Admin',
};

/** The viewer's own level; null means the dataset is visible to them without a grant (admins). */
export function PermissionBadge({ level }: { level: DatasetPermissionLevel | null | undefined }) {
  return (
    <span className="role-chip" data-testid="dataset-permission">
      {level ? PERMISSION_LABELS[level] : 'No grant'}
    </span>
  );
}
