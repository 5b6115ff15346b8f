/**
 * The login state of the console: the access token, the urql client made for it, and renewal.
 * When the server refuses the access token (or its `exp` has passed) the refresh token is
 * exchanged for a new pair, once; if there is none, or the server refuses it, or the renewed
 * token is refused too, the user is back at the login page with "Your session has expired".
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Client } from 'urql';
import { createConsoleClient, refreshSession } from '../../urql-client';
import { clearToken, isTokenExpired, readRefreshToken, readToken, SESSION_EXPIRED, storeSession, takeLoginNotice, type SessionTokens } from '../../session';

export interface Session {
  token: string | null;
  client: Client;
  /** Shown once on the login page: why the user is there. */
  notice: string | null;
  /**
   * True while the token found at start-up has expired and is being exchanged: pages wait rather
   * than fail. A renewal later on keeps the page (and its unsaved input) on screen.
   */
  restoring: boolean;
  logIn(tokens: SessionTokens): void;
  /** Forget the tokens locally (the server-side logout is `LogoutButton`'s job). */
  end(notice: string | null): void;
  /** The current token was refused: renew it once, or end the session. */
  renew(): void;
}

export function useSession(): Session {
  const [token, setToken] = useState<string | null>(readToken);
  const [notice, setNotice] = useState<string | null>(takeLoginNotice);
  const [restoring, setRestoring] = useState(() => token !== null && isTokenExpired(token));
  /** The access token the last renewal produced; if that one is refused too, stop trying. */
  const renewed = useRef<string | null>(null);

  const end = useCallback((message: string | null) => {
    clearToken();
    renewed.current = null;
    setNotice(message);
    setRestoring(false);
    setToken(null);
  }, []);

  const renewToken = useCallback(
    async (refused: string) => {
      // Another tab (they share localStorage) logged in, out or renewed: follow it rather than
      // spend the refresh token twice, which the server treats as theft and ends every session.
      const adoptStored = () => {
        const stored = readToken();
        if (stored === refused) return false;
        if (stored) {
          setRestoring(false);
          setToken(stored);
        } else end(SESSION_EXPIRED);
        return true;
      };
      if (adoptStored()) return;
      const refreshToken = readRefreshToken();
      // A token fresh from a renewal refused before its expiry: the account itself is refused (e.g. deactivated).
      if (!refreshToken || (renewed.current === refused && !isTokenExpired(refused))) return end(SESSION_EXPIRED);
      const tokens = await refreshSession(refreshToken);
      if (adoptStored()) return;
      if (!tokens) return end(SESSION_EXPIRED);
      storeSession(tokens);
      renewed.current = tokens.accessToken;
      setRestoring(false);
      setToken(tokens.accessToken);
    },
    [end],
  );

  const consoleClient = useMemo(
    () =>
      // The client calls this back on a refused request, never during render, so the ref that
      // renewToken reads is not read while rendering.
      // eslint-disable-next-line react-hooks/refs
      createConsoleClient(token, () => {
        if (token) void renewToken(token);
      }),
    [token, renewToken],
  );
  useEffect(() => () => consoleClient.dispose(), [consoleClient]);

  // A token whose `exp` has passed would only produce errors: renew before any page asks.
  useEffect(() => {
    // Renewal is a network call (its state changes come after it); the session must not wait for a page to fail first.
    // eslint-disable-next-line react-hooks/set-state-in-effect
    if (token && isTokenExpired(token)) void renewToken(token);
  }, [token, renewToken]);

  const logIn = useCallback((tokens: SessionTokens) => {
    storeSession(tokens);
    renewed.current = null;
    setNotice(null);
    setRestoring(false);
    setToken(tokens.accessToken);
  }, []);

  const renew = useCallback(() => {
    if (token) void renewToken(token);
  }, [token, renewToken]);

  return { token, client: consoleClient.client, notice, restoring, logIn, end, renew };
}
