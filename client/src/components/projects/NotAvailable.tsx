/**
 * What a project or experiment page shows instead of its content: loading, an error the server
 * gave (FORBIDDEN, or the service being unreachable), or "does not exist or is not visible" for a
 * null answer — the API answers null for both, so they read the same, like the dataset pages.
 */
import type { CombinedError } from 'urql';
import { Link } from '../navigation';

interface Props {
  what: 'Project' | 'Experiment';
  id: string;
  error: CombinedError | undefined;
  fetching: boolean;
  back: { to: string; label: string };
}

export function NotAvailable({ what, id, error, fetching, back }: Props) {
  if (fetching && !error) return <p className="muted">Loading…</p>;
  const forbidden = error?.graphQLErrors.some((e) => e.extensions?.code === 'FORBIDDEN');
  const message = forbidden
    ? `You do not have permission to see this ${what.toLowerCase()}. Ask a project owner for access.`
    : error
      ? error.networkError
        ? 'The server could not be reached. Check your connection and try again.'
        : `Could not load the ${what.toLowerCase()}: ${error.graphQLErrors[0]?.message ?? error.message}`
      : `${what} ${id} does not exist, or you do not have permission to see it.`;
  return (
    <section className="card problem" role="alert" data-testid="not-available" aria-labelledby="not-available-title">
      <h1 id="not-available-title">{forbidden || !error ? `${what} not available` : `Could not load the ${what.toLowerCase()}`}</h1>
      <p>{message}</p>
      <p>
        <Link to={back.to}>← {back.label}</Link>
      </p>
    </section>
  );
}
