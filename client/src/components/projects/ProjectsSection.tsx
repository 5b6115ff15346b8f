/** Routes of the project pages: `/projects`, `/projects/<id>` and `/experiments/<id>`. */
import type { UserRole } from '../../gql/graphql';
import { ExperimentPage } from './ExperimentPage';
import { ProjectPage } from './ProjectPage';
import { ProjectsPage } from './ProjectsPage';
import './projects.css';

const PROJECT_PATH = /^\/projects\/([^/]+)\/?$/;
const EXPERIMENT_PATH = /^\/experiments\/([^/]+)\/?$/;

export const isProjectsPath = (path: string) => /^\/projects\/?$/.test(path) || PROJECT_PATH.test(path) || EXPERIMENT_PATH.test(path);

/** A mangled link (a stray `%`) still reaches the page, which then says the id does not exist. */
function decodeId(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export function ProjectsSection({ path, role }: { path: string; role: UserRole }) {
  const project = PROJECT_PATH.exec(path)?.[1];
  if (project) return <ProjectPage key={project} id={decodeId(project)} role={role} />;
  const experiment = EXPERIMENT_PATH.exec(path)?.[1];
  if (experiment) return <ExperimentPage key={experiment} id={decodeId(experiment)} role={role} />;
  return <ProjectsPage role={role} />;
}
