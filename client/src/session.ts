/**
 * The access token lives in localStorage so a reload keeps the user logged in. Both the console
 * and the explorer read it from here (same origin), so the explorer can prefill its headers.
 */
const TOKEN_KEY = 'vpg.accessToken';
const NOTICE_KEY = 'vpg.loginNotice';

export function readToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

export function storeToken(token: string): void {
  localStorage.setItem(TOKEN_KEY, token);
}

/** Forget the token; `notice` is shown once on the login page (e.g. "your session expired"). */
export function clearToken(notice?: string): void {
  localStorage.removeItem(TOKEN_KEY);
  if (notice) sessionStorage.setItem(NOTICE_KEY, notice);
}

export function takeLoginNotice(): string | null {
  const notice = sessionStorage.getItem(NOTICE_KEY);
  sessionStorage.removeItem(NOTICE_KEY);
  return notice;
}

/** `ws(s)://<host>/graphql` for the page's own origin (the gateway, or Vite's dev proxy). */
export function graphqlWsUrl(location: Location = window.location): string {
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/graphql`;
}
