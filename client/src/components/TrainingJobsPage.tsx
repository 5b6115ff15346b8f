/** The training jobs the caller may see, filtered (kept in the address bar) and paged. */
import type { UserRole } from '../gql/graphql';
import { cancelDenial, createJobDenial } from './roles';
import { JobsList } from './training/JobsList';
import { GuardedLink } from './ui/GuardedLink';
import { useDocumentTitle } from './use-document-title';

export function TrainingJobsPage({ role }: { role: UserRole }) {
  useDocumentTitle('Training jobs');
  return (
    <JobsList
      basePath="/"
      cancelDenial={cancelDenial(role)}
      title={<h1 id="jobs-title">Training jobs</h1>}
      actions={
        <GuardedLink to="/jobs/new" denial={createJobDenial(role)}>
          New training job
        </GuardedLink>
      }
    />
  );
}
