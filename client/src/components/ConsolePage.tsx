/** The logged-in shell: a header with navigation, the user and Logout, and the current page below. */
import { useEffect } from 'react';
import { useQuery } from 'urql';
import { graphql } from '../gql';
import type { MeQuery as MeResult } from '../gql/graphql';
import { TrainingJobsPage } from './TrainingJobsPage';
import { NotFoundPage } from './NotFoundPage';
import { mayAdministerUsers, roleLabel } from './roles';
import { DeploymentsSection, isDeploymentsPath } from './deployments/DeploymentsSection';
import { Link, usePath } from './navigation';
import { LogoutButton } from './account/LogoutButton';
import { ProfilePage } from './account/ProfilePage';
import { UsersAdminPage } from './admin/UsersAdminPage';
import { OrganizationPage } from './organization/OrganizationPage';
import { DatasetsSection, isDatasetsPath } from './datasets/DatasetsSection';
import { isTrainingPath, TrainingSection } from './training/TrainingSection';
import { isProjectsPath, ProjectsSection } from './projects/ProjectsSection';
import { isModelsPath, ModelsSection } from './models/ModelsSection';

const MeQuery = graphql(`
  query Me {
    me {
      id
      email
      fullName
      role
      organization {
        id
        name
      }
    }
  }
`);

interface ConsolePageProps {
  onLoggedOut(): void;
  onSessionInvalid(): void;
}

export function ConsolePage({ onLoggedOut, onSessionInvalid }: ConsolePageProps) {
  const [{ data, error, fetching }] = useQuery({ query: MeQuery });
  const path = usePath();
  const me = data?.me;
  // A token the gateway accepts always yields a user; no user means the token is not usable.
  const lostSession = !fetching && !error && data !== undefined && !me;
  useEffect(() => {
    if (lostSession) onSessionInvalid();
  }, [lostSession, onSessionInvalid]);

  // Pages a role may never use are not in the menu at all (rather than disabled): nothing to explain.
  const links = me
    ? [
        { to: '/', label: 'Training jobs' },
        { to: '/projects', label: 'Projects' },
        { to: '/models', label: 'Models' },
        { to: '/deployments', label: 'Deployments' },
        { to: '/datasets', label: 'Datasets' },
        ...(me.organization ? [{ to: '/organization', label: 'Organization' }] : []),
        ...(mayAdministerUsers(me.role) ? [{ to: '/admin/users', label: 'Users' }] : []),
        { to: '/profile', label: 'Profile' },
      ]
    : [];

  return (
    <div className="app">
      <header className="app-header">
        <div className="brand">
          Vision Platform <span className="muted">console</span>
        </div>
        <nav className="header-links" aria-label="Main">
          {links.map((link) => (
            <Link key={link.to} to={link.to} current={path === link.to}>
              {link.label}
            </Link>
          ))}
          <a href="/explorer">Explorer</a>
        </nav>
        {me && (
          <div className="who" data-testid="current-user">
            <span className="who-email" title={me.email}>
              {me.email}
            </span>
            <span className="role-chip">{roleLabel(me.role)}</span>
          </div>
        )}
        <LogoutButton onLoggedOut={onLoggedOut} />
      </header>
      <main className="content">
        {error && !me && (
          <p className="error" role="alert">
            Could not load your account: {error.message}
          </p>
        )}
        {me && <CurrentPage path={path} me={me} />}
      </main>
    </div>
  );
}

function CurrentPage({ path, me }: { path: string; me: NonNullable<MeResult['me']> }) {
  if (isTrainingPath(path)) return <TrainingSection path={path} role={me.role} />;
  if (isDatasetsPath(path)) return <DatasetsSection path={path} role={me.role} />;
  if (isProjectsPath(path)) return <ProjectsSection path={path} role={me.role} />;
  if (isModelsPath(path)) return <ModelsSection path={path} role={me.role} />;
  if (isDeploymentsPath(path)) return <DeploymentsSection path={path} role={me.role} />;
  if (path === '/profile') return <ProfilePage />;
  if (path === '/organization' && me.organization) return <OrganizationPage organizationId={me.organization.id} viewerRole={me.role} />;
  if (path === '/admin/users') {
    return mayAdministerUsers(me.role) ? (
      <UsersAdminPage viewerId={me.id} />
    ) : (
      <p className="notice" role="status">
        Only admins can manage users.
      </p>
    );
  }
  if (path === '/') return <TrainingJobsPage role={me.role} />;
  return <NotFoundPage path={path} />;
}
