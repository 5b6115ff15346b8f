/**
 * How a value that breaks a rule is described to people, in one wording for every service: "must
 * be at most 2147483647", "must be a whole number", "must be one of rgb, gray", "is required",
 * instead of zod's own ("Too big: expected number to be <=2147483647", "Invalid input: expected
 * object, received undefined").
 *
 * Loading this module makes it zod's global error map (`z.config`), which ranks below every message
 * a schema gives itself ("must not contain NUL (U+0000) characters" stays as written) and above
 * zod's English defaults. lib/errors.ts and lib/env.ts load it, so REST `invalid_request` answers
 * (Labeler, worker API) and configuration errors read alike; GraphQL's own input errors are
 * graphql-js's and do not pass through zod.
 */
import { z } from 'zod';

type Issue = z.core.$ZodRawIssue | z.core.$ZodIssue;

const TYPE_WORDS: Record<string, string> = {
  number: 'a number',
  int: 'a whole number',
  string: 'a string',
  boolean: 'true or false',
  object: 'an object',
  array: 'a list',
  bigint: 'a whole number',
  date: 'a date',
};

const FORMAT_WORDS: Record<string, string> = {
  email: 'an e-mail address',
  url: 'a URL',
  uuid: 'a UUID',
  datetime: 'an ISO 8601 date and time',
  date: 'an ISO 8601 date',
};

const unitOf = (origin: string | undefined, count: number | bigint): string => {
  const one = Number(count) === 1;
  if (origin === 'string') return one ? ' character' : ' characters';
  if (origin === 'array' || origin === 'set') return one ? ' item' : ' items';
  if (origin === 'file') return one ? ' byte' : ' bytes';
  return '';
};

/**
 * What the value must be, after "must be" ("at most 500", "one of rgb, gray", "a whole number"), or
 * undefined for rules without a plain wording here. `wholeNumber` tells that a number schema takes
 * whole numbers only (zod reports a fraction there as `invalid_type` number).
 */
export function expectationOf(issue: Issue, opts: { wholeNumber?: boolean } = {}): string | undefined {
  switch (issue.code) {
    case 'too_big':
      return `${issue.inclusive === false ? 'less than' : 'at most'} ${String(issue.maximum)}${unitOf(issue.origin, issue.maximum)}`;
    case 'too_small':
      return `${issue.inclusive === false ? 'more than' : 'at least'} ${String(issue.minimum)}${unitOf(issue.origin, issue.minimum)}`;
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    case 'invalid_value':
      return issue.values.length === 1 ? JSON.stringify(issue.values[0]) : `one of ${issue.values.map(String).join(', ')}`;
    case 'invalid_type':
      if (issue.expected === 'number' && opts.wholeNumber) return TYPE_WORDS.int;
      return TYPE_WORDS[issue.expected];
    case 'invalid_format':
      return issue.format === 'regex' ? undefined : FORMAT_WORDS[issue.format];
    default:
      return undefined;
  }
}

/** The whole message for an issue zod raised without a message of the schema's own; undefined keeps zod's. */
export function plainValidationMessage(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code === 'invalid_type' && issue.input === undefined) return 'is required';
  if (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) === 1 && issue.inclusive !== false) return 'must not be empty';
  const expected = expectationOf(issue);
  return expected === undefined ? undefined : `must be ${expected}`;
}

z.config({ customError: plainValidationMessage });
