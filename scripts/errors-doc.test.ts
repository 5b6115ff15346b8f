import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { ERROR_CODES } from '../lib/errors';
import { ERRORS_DOC_PATH, renderErrorsDoc } from './errors-doc';

describe('docs/errors.md', () => {
  it('is the current rendering of the registry (npm run errors:doc)', () => {
    expect(readFileSync(ERRORS_DOC_PATH, 'utf8')).toBe(renderErrorsDoc());
  });

  it('lists every registered code', () => {
    const doc = renderErrorsDoc();
    for (const code of Object.keys(ERROR_CODES)) expect(doc).toContain(`| \`${code}\` |`);
  });
});
