/**
 * What a job's missing dataset means, from the error its `dataset` field came with: NOT_FOUND is
 * the datasets subgraph's answer both for a dataset that is gone and for one the viewer may not
 * read (it never says which), so the console says "not visible", not "unavailable", which would
 * suggest an outage; any other error (the Labeler down or busy) is "unavailable".
 */
export interface DatasetProblem {
  label: 'not visible' | 'unavailable';
  /** The tooltip. */
  detail: string;
}

interface FieldError {
  message: string;
  path?: ReadonlyArray<string | number>;
  extensions?: { code?: unknown };
}

export function datasetProblemOf(error: FieldError): DatasetProblem {
  return error.extensions?.code === 'NOT_FOUND'
    ? { label: 'not visible', detail: 'This dataset does not exist or is not visible to you.' }
    : { label: 'unavailable', detail: error.message };
}

/** The problem of the `dataset` field at `path` (e.g. `['trainingJob', 'dataset']`), if it errored. */
export function datasetProblemAt(errors: readonly FieldError[] | undefined, path: ReadonlyArray<string | number>): DatasetProblem | null {
  const error = errors?.find((e) => e.path?.length === path.length && e.path.every((part, i) => part === path[i]));
  return error ? datasetProblemOf(error) : null;
}
