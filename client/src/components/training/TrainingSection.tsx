/** Routes of the training pages: `/jobs/new` and `/jobs/<id>`. */
import type { UserRole } from '../../gql/graphql';
import { JobPage } from './JobPage';
import { NewJobPage } from './NewJobPage';
import './training.css';

const JOB_PATH = /^\/jobs\/([^/]+)\/?$/;

export const isTrainingPath = (path: string) => JOB_PATH.test(path);

export function TrainingSection({ path, role }: { path: string; role: UserRole }) {
  const id = JOB_PATH.exec(path)?.[1];
  if (!id || id === 'new') return <NewJobPage role={role} />;
  return <JobPage id={decodeURIComponent(id)} role={role} />;
}
