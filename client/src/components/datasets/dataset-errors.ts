/**
 * What the console tells a person when dataset data cannot be shown. The datasets subgraph
 * reports a dataset the caller may not see exactly like a missing one (NOT_FOUND), so both read
 * the same; a down Labeler (UPSTREAM_UNAVAILABLE) is never shown as a broken page.
 */
import type { CombinedError } from 'urql';

export const LABELER_UNAVAILABLE = 'The Labeler is not reachable right now; dataset details will come back when it does.';
export const DATASET_NOT_FOUND = 'This dataset does not exist, or you do not have permission to see it.';
export const DATASET_FORBIDDEN = 'You do not have permission to see this dataset. Ask its owner for access.';

export type DatasetProblem = 'upstream' | 'not-found' | 'forbidden' | 'other';

const BY_CODE: Record<string, DatasetProblem> = {
  UPSTREAM_UNAVAILABLE: 'upstream',
  NOT_FOUND: 'not-found',
  FORBIDDEN: 'forbidden',
};

/** The most telling problem among the errors (a down Labeler explains everything else). */
export function classifyError(error: CombinedError | undefined): DatasetProblem | null {
  if (!error) return null;
  if (error.networkError && error.graphQLErrors.length === 0) return 'other';
  const problems = error.graphQLErrors.map((e) => BY_CODE[String(e.extensions?.code ?? '')] ?? 'other');
  for (const wanted of ['upstream', 'forbidden', 'not-found', 'other'] as const) if (problems.includes(wanted)) return wanted;
  return null;
}

export function problemMessage(problem: DatasetProblem, error: CombinedError | undefined): string {
  switch (problem) {
    case 'upstream':
      return LABELER_UNAVAILABLE;
    case 'not-found':
      return DATASET_NOT_FOUND;
    case 'forbidden':
      return DATASET_FORBIDDEN;
    default:
      return error?.networkError
        ? 'The server could not be reached. Check your connection and try again.'
        : `Something went wrong: ${error?.graphQLErrors[0]?.message ?? 'unknown error'}`;
  }
}
