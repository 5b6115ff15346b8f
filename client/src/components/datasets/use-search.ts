/**
 * The query string of the current address, kept in step with `navigation.tsx` (same
 * `vpg:navigate` event) and back/forward, for pages that keep state in the address bar.
 */
import { useSyncExternalStore } from 'react';

const CHANGED = 'vpg:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(CHANGED, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(CHANGED, onChange);
  };
}

const readSearch = () => window.location.search;

export function useSearch(): URLSearchParams {
  return new URLSearchParams(useSyncExternalStore(subscribe, readSearch));
}
