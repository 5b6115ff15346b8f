import { describe, expect, it } from '@jest/globals';
import { datasetProblemAt, datasetProblemOf } from './dataset-problem';

describe("a job's missing dataset", () => {
  it('is "not visible" when the datasets subgraph answered NOT_FOUND, "unavailable" with its message otherwise', () => {
    expect(datasetProblemOf({ message: 'Dataset ds_1 does not exist.', extensions: { code: 'NOT_FOUND' } })).toEqual({
      label: 'not visible',
      detail: 'This dataset does not exist or is not visible to you.',
    });
    expect(datasetProblemOf({ message: 'The Labeler is unavailable.', extensions: { code: 'UPSTREAM_UNAVAILABLE' } })).toEqual({
      label: 'unavailable',
      detail: 'The Labeler is unavailable.',
    });
  });

  it('is found by the path of its field only', () => {
    const errors = [
      { message: 'other', path: ['trainingJob', 'owner'] },
      { message: 'gone', path: ['trainingJob', 'dataset'], extensions: { code: 'NOT_FOUND' } },
    ];
    expect(datasetProblemAt(errors, ['trainingJob', 'dataset'])?.label).toBe('not visible');
    expect(datasetProblemAt(errors, ['trainingJob', 'datasetSnapshot'])).toBeNull();
    expect(datasetProblemAt(undefined, ['trainingJob', 'dataset'])).toBeNull();
  });
});
