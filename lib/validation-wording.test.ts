import { describe, expect, it } from '@jest/globals';
import { z } from 'zod';
import { zodIssues } from './errors';
import { expectationOf } from './validation-wording';

/** The `path: message` pairs a REST `invalid_request` would list for `value`. */
const issuesOf = (schema: z.ZodType, value: unknown) => {
  const result = schema.safeParse(value);
  if (result.success) throw new Error('expected a refusal');
  return zodIssues(result.error);
};

describe('validation wording', () => {
  it('says what a number, a string and a list must be, in plain words', () => {
    const schema = z.object({
      epoch: z.number().int().min(0).max(2147483647),
      ratio: z.number().gt(0).lt(1),
      name: z.string().min(1).max(8),
      tags: z.array(z.string()).max(2),
      step: z.number().multipleOf(5),
    });
    expect(issuesOf(schema, { epoch: 2147483648, ratio: 1, name: 'a much too long name', tags: ['a', 'b', 'c'], step: 7 })).toEqual([
      { path: 'epoch', message: 'must be at most 2147483647' },
      { path: 'ratio', message: 'must be less than 1' },
      { path: 'name', message: 'must be at most 8 characters' },
      { path: 'tags', message: 'must be at most 2 items' },
      { path: 'step', message: 'must be a multiple of 5' },
    ]);
    expect(issuesOf(schema, { epoch: 1.5, ratio: 0, name: '', tags: [], step: 5 })).toEqual([
      { path: 'epoch', message: 'must be a whole number' },
      { path: 'ratio', message: 'must be more than 0' },
      { path: 'name', message: 'must not be empty' },
    ]);
  });

  it('names a missing field, a wrong type and a value outside a set', () => {
    const schema = z.object({ workerId: z.string(), final: z.boolean(), kind: z.enum(['train', 'export']), items: z.array(z.number()) });
    expect(issuesOf(schema, { final: 'yes', kind: 'deploy', items: {} })).toEqual([
      { path: 'workerId', message: 'is required' },
      { path: 'final', message: 'must be true or false' },
      { path: 'kind', message: 'must be one of train, export' },
      { path: 'items', message: 'must be a list' },
    ]);
    expect(issuesOf(schema, undefined)).toEqual([{ path: 'body', message: 'is required' }]);
    expect(issuesOf(z.object({}), 'text')).toEqual([{ path: 'body', message: 'must be an object' }]);
  });

  it("keeps a schema's own message and zod's wording where it has no plainer one", () => {
    const schema = z.object({
      name: z.string().refine((s) => !s.includes('\u0000'), 'must not contain NUL (U+0000) characters'),
      slug: z.string().regex(/^[a-z]+$/),
      limit: z.number().max(10, 'ten at most'),
    });
    expect(issuesOf(schema, { name: 'a\u0000b', slug: 'A!', limit: 11 })).toEqual([
      { path: 'name', message: 'must not contain NUL (U+0000) characters' },
      { path: 'slug', message: 'Invalid string: must match pattern /^[a-z]+$/' },
      { path: 'limit', message: 'ten at most' },
    ]);
    expect(issuesOf(z.object({ email: z.email() }), { email: 'nobody' })).toEqual([{ path: 'email', message: 'must be an e-mail address' }]);
    expect(issuesOf(z.strictObject({}), { extra: 1 })).toEqual([{ path: 'body', message: 'Unrecognized key: "extra"' }]);
  });

  it('gives the training form its words: a whole number for a number field of whole numbers', () => {
    const result = z.object({ epochs: z.number().int() }).safeParse({ epochs: 'ten' });
    const issue = result.error!.issues[0]!;
    expect(expectationOf(issue)).toBe('a number');
    expect(expectationOf(issue, { wholeNumber: true })).toBe('a whole number');
  });
});
