/**
 * Client-side navigation without a router library: the console has a handful of fixed paths,
 * and the gateway answers every page path with index.html, so links and reloads both work.
 */
import { useEffect, useState, type MouseEvent, type ReactNode } from 'react';

const CHANGED = 'vpg:navigate';

export function navigate(path: string, { replace = false } = {}): void {
  if (path === window.location.pathname + window.location.search) return;
  if (replace) window.history.replaceState(null, '', path);
  else window.history.pushState(null, '', path);
  window.dispatchEvent(new Event(CHANGED));
}

/** The current `location.pathname`, updated on links, back and forward. */
export function usePath(): string {
  const [path, setPath] = useState(() => window.location.pathname);
  useEffect(() => {
    const update = () => setPath(window.location.pathname);
    window.addEventListener('popstate', update);
    window.addEventListener(CHANGED, update);
    return () => {
      window.removeEventListener('popstate', update);
      window.removeEventListener(CHANGED, update);
    };
  }, []);
  return path;
}

interface LinkProps {
  to: string;
  children: ReactNode;
  className?: string;
  /** Marks the link as the current page (`aria-current="page"`). */
  current?: boolean;
  testId?: string;
}

export function Link({ to, children, className, current, testId }: LinkProps) {
  function follow(event: MouseEvent<HTMLAnchorElement>) {
    // Let the browser handle new-tab and download gestures.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  }
  return (
    <a href={to} className={className} aria-current={current ? 'page' : undefined} onClick={follow} data-testid={testId}>
      {children}
    </a>
  );
}
