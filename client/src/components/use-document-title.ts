/** The browser tab names the page the user is on: "<page> · Vision Platform". */
import { useEffect } from 'react';

export const documentTitle = (page: string): string => `${page} · Vision Platform`;

export function useDocumentTitle(page: string): void {
  useEffect(() => {
    document.title = documentTitle(page);
  }, [page]);
}
