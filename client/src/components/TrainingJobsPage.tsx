/** The training jobs the caller may see, filtered (kept in the address bar) and paged. */
import type { UserRole } from '../gql/graphql';
import { Link } from './navigation';
import { mayCancelJobs } from './roles';
import { JobsList } from './training/JobsList';

export function TrainingJobsPage({ role }: { role: UserRole }) {
  const canCancel = mayCancelJobs(role);
  return (
    <JobsList
      basePath="/"
      canCancel={canCancel}
      title={<h1 id="jobs-title">Training jobs</h1>}
      actions={
        canCancel && (
          <Link to="/jobs/new" className="button">
            New training job
          </Link>
        )
      }
    />
  );
}
