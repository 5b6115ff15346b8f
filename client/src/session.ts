/**
 * The access and refresh tokens live in localStorage so a reload keeps the user logged in. Both
 * the console and the explorer read the access token from here (same origin), so the explorer
 * can prefill its headers.
 */
const TOKEN_KEY = 'vpg.accessToken';
const REFRESH_KEY = 'vpg.refreshToken';
const NOTICE_KEY = 'vpg.loginNotice';

export const SESSION_EXPIRED = 'Your session has expired or is no longer valid. Please log in again.';

export interface SessionTokens {
  accessToken: string;
  /** Absent for sessions stored before refresh tokens existed, or forged ones. */
  refreshToken?: string | null;
}

export function readToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function readRefreshToken(): string | null {
  return localStorage.getItem(REFRESH_KEY);
}

export function storeSession({ accessToken, refreshToken }: SessionTokens): void {
  localStorage.setItem(TOKEN_KEY, accessToken);
  if (refreshToken) localStorage.setItem(REFRESH_KEY, refreshToken);
  else localStorage.removeItem(REFRESH_KEY);
}

/** Forget both tokens; `notice` is shown once on the login page (e.g. "your session expired"). */
export function clearToken(notice?: string): void {
  localStorage.removeItem(TOKEN_KEY);
  localStorage.removeItem(REFRESH_KEY);
  if (notice) sessionStorage.setItem(NOTICE_KEY, notice);
}

export function takeLoginNotice(): string | null {
  const notice = sessionStorage.getItem(NOTICE_KEY);
  sessionStorage.removeItem(NOTICE_KEY);
  return notice;
}

/**
 * True when the JWT's `exp` has passed (with a little slack for clock skew). Only a hint to skip a
 * request that is bound to fail: the signature is not checked here, the server does that.
 */
export function isTokenExpired(token: string, nowMs = Date.now()): boolean {
  const payload = token.split('.')[1];
  if (!payload) return false;
  try {
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/'));
    const { exp } = JSON.parse(json) as { exp?: unknown };
    return typeof exp === 'number' && exp * 1000 <= nowMs + 5_000;
  } catch {
    return false;
  }
}

/** `ws(s)://<host>/graphql` for the page's own origin (the gateway, or Vite's dev proxy). */
export function graphqlWsUrl(location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/graphql`;
}
