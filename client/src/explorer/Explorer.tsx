import { useMemo } from 'react';
import { GraphiQL } from 'graphiql';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { graphqlWsUrl, readToken } from '../session';

const DEFAULT_QUERY = `# Vision Platform GraphQL explorer
#
# 1. Log in: run "Login" with your account, copy "accessToken".
# 2. Open "Headers" below and paste {"Authorization": "Bearer <accessToken>"}.
#    (Logged in on the console of this site? Your token is already there.)
# 3. Run "Jobs", then "JobUpdates" with a job id in "Variables", e.g. {"id": "1"}.
#    Subscriptions run over WebSocket; the headers are sent as its connection_init payload.

mutation Login {
  login(email: "you@example.com", password: "your password") {
    accessToken
    expiresAt
    user { email role }
  }
}

query Jobs {
  trainingJobs(first: 20) {
    totalCount
    nodes { id name status progress owner { email } dataset { name numImages } }
  }
}

subscription JobUpdates($id: ID!) {
  trainingJobUpdated(id: $id) { id status progress epoch owner { email } }
}
`;

/** The console's token, if it has not expired yet (an expired one would break introspection). */
function usableConsoleToken(): string | null {
  const token = readToken();
  const payload = token?.split('.')[1];
  if (!token || !payload) return null;
  try {
    const { exp } = JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))) as { exp?: number };
    return typeof exp === 'number' && exp * 1000 > Date.now() ? token : null;
  } catch {
    return null;
  }
}

export function Explorer() {
  // POST over HTTP; subscriptions over graphql-ws, whose connectionParams are the editor's headers.
  const fetcher = useMemo(
    () => createGraphiQLFetcher({ url: '/graphql', subscriptionUrl: graphqlWsUrl(), wsConnectionParams: {}, enableIncrementalDelivery: false }),
    [],
  );
  const token = usableConsoleToken();
  const headers = JSON.stringify(token ? { Authorization: `Bearer ${token}` } : {}, null, 2);
  // `/explorer?query=…&variables=…` opens with that operation: shareable links, and the e2e test.
  const params = new URLSearchParams(window.location.search);

  return (
    <div className="explorer-page">
      <header className="explorer-bar">
        <a href="/" className="explorer-brand">
          Vision Platform
        </a>
        <span className="explorer-help">
          Token: <b>Headers</b> → <code>{'{"Authorization": "Bearer …"}'}</code>, also sent in the WebSocket <code>connection_init</code> for subscriptions.{' '}
          {token ? 'Prefilled from your console login.' : 'Log in on the console to prefill it.'}
        </span>
      </header>
      <div className="explorer-main">
        <GraphiQL
          fetcher={fetcher}
          defaultQuery={DEFAULT_QUERY}
          initialQuery={params.get('query') ?? undefined}
          initialVariables={params.get('variables') ?? undefined}
          initialHeaders={headers}
          defaultEditorToolsVisibility="headers"
        />
      </div>
    </div>
  );
}
