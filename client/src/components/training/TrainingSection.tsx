/** Routes of the training pages: `/jobs/new` and `/jobs/<id>`. */
import { JobPage } from './JobPage';
import { NewJobPage } from './NewJobPage';
import './training.css';

const JOB_PATH = /^\/jobs\/([^/]+)\/?$/;

export const isTrainingPath = (path: string) => JOB_PATH.test(path);

export function TrainingSection({ path }: { path: string }) {
  const id = JOB_PATH.exec(path)?.[1];
  if (!id || id === 'new') return <NewJobPage />;
  return <JobPage id={decodeURIComponent(id)} />;
}
