/**
 * Decides between the login page and the console, and owns the urql client for the current token.
 * Any UNAUTHENTICATED answer drops the token and returns to login with a message.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { Provider } from 'urql';
import { createConsoleClient } from '../urql-client';
import { clearToken, readToken, storeToken, takeLoginNotice } from '../session';
import { LoginPage } from './LoginPage';
import { ConsolePage } from './ConsolePage';

const SESSION_ENDED = 'Your session has expired or is no longer valid. Please log in again.';

export function App() {
  const [token, setToken] = useState<string | null>(readToken);
  const [notice, setNotice] = useState<string | null>(takeLoginNotice);

  const endSession = useCallback((message: string | null) => {
    clearToken();
    setNotice(message);
    setToken(null);
  }, []);

  const consoleClient = useMemo(() => createConsoleClient(token, () => endSession(SESSION_ENDED)), [token, endSession]);
  useEffect(() => () => consoleClient.dispose(), [consoleClient]);

  const onLoggedIn = useCallback((accessToken: string) => {
    storeToken(accessToken);
    setNotice(null);
    setToken(accessToken);
  }, []);

  return (
    <Provider value={consoleClient.client}>
      {token ? (
        <ConsolePage onLogout={() => endSession('You have logged out.')} onSessionInvalid={() => endSession(SESSION_ENDED)} />
      ) : (
        <LoginPage notice={notice} onLoggedIn={onLoggedIn} />
      )}
    </Provider>
  );
}
