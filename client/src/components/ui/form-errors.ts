/**
 * Reading the server's error contract for forms: BAD_USER_INPUT carries `extensions.fields`
 * (field → message) shown beside each input; RATE_LIMITED carries `retryAfterSeconds`; anything
 * else becomes one message above the submit button.
 */
import type { CombinedError } from 'urql';

export interface FormErrors {
  /** Messages per input name, as the server named the field. */
  fields: Record<string, string>;
  /** A message for the form as a whole, or null when every problem belongs to a field. */
  form: string | null;
}

const NO_ERRORS: FormErrors = { fields: {}, form: null };

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && Object.values(value).every((v) => typeof v === 'string');
}

export function readFormErrors(error: CombinedError | undefined): FormErrors {
  if (!error) return NO_ERRORS;
  if (error.networkError && error.graphQLErrors.length === 0) return { fields: {}, form: 'The server could not be reached. Try again.' };
  const fields: Record<string, string> = {};
  const messages: string[] = [];
  for (const e of error.graphQLErrors) {
    const extensions = e.extensions ?? {};
    if (extensions.code === 'BAD_USER_INPUT' && isStringRecord(extensions.fields) && Object.keys(extensions.fields).length > 0) {
      Object.assign(fields, extensions.fields);
    } else if (extensions.code === 'RATE_LIMITED' && typeof extensions.retryAfterSeconds === 'number') {
      messages.push(`Too many attempts. Try again in ${Math.ceil(extensions.retryAfterSeconds)} seconds.`);
    } else {
      messages.push(e.message);
    }
  }
  return { fields, form: messages.length > 0 ? messages.join(' ') : null };
}

/** The whole refusal in one sentence, for a dialog that has no inputs to put field messages beside. */
export function refusalMessage(error: CombinedError | undefined): string | null {
  const errors = readFormErrors(error);
  return errors.form ?? (Object.values(errors.fields).join(' ') || null);
}

/** The message for an input, accepting `input.email` style paths as well as `email`. */
export function fieldError(errors: FormErrors, ...names: string[]): string | null {
  for (const [key, message] of Object.entries(errors.fields)) {
    const last = key.split('.').pop() ?? key;
    if (names.includes(key) || names.includes(last)) return message;
  }
  return null;
}
