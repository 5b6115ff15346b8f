/** Input rules with field-level messages (`extensions.fields`), shared by sign-up, invitations and password changes. */
import { randomBytes, createHash } from 'node:crypto';
import { badInput } from '../../lib/errors';
import { hiddenCharacterProblem } from '../../lib/shown-text';
import { normalizeEmail } from './user/user.entity';

export const MAX_EMAIL_LENGTH = 320;
/** Longer inputs are refused before hashing; scrypt's cost should not be the caller's choice. */
export const MAX_PASSWORD_LENGTH = 1024;
export const MIN_PASSWORD_LENGTH = 8;

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export function emailProblem(email: string): string | null {
  const normalized = normalizeEmail(email);
  if (normalized.length === 0) return 'Enter an e-mail address.';
  if (normalized.length > MAX_EMAIL_LENGTH || !EMAIL.test(normalized) || hiddenCharacterProblem(normalized)) return 'This is not a valid e-mail address.';
  return null;
}

export function passwordProblem(password: string, email?: string): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  if (password.length > MAX_PASSWORD_LENGTH) return `Use at most ${MAX_PASSWORD_LENGTH} characters.`;
  if (/^\d+$/.test(password)) return 'Use more than digits.';
  if (new Set(password).size < 3) return 'Use more than one or two different characters.';
  if (email) {
    const normalized = normalizeEmail(email);
    const local = normalized.split('@')[0] ?? '';
    const lower = password.toLowerCase();
    if (lower === normalized || (local.length >= 4 && lower.includes(local))) return 'Do not use your e-mail address in the password.';
  }
  return null;
}

/** Throws BAD_USER_INPUT naming every field with a problem; does nothing when all are fine. */
export function assertFields(problems: Record<string, string | null | undefined>, message = 'Some fields are invalid.'): void {
  const fields = Object.fromEntries(Object.entries(problems).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
  if (Object.keys(fields).length > 0) throw badInput(message, fields);
}

export function nameProblem(name: string, what = 'name', max = 200): string | null {
  const trimmed = name.trim();
  if (trimmed.length === 0) return `Enter a ${what}.`;
  if (trimmed.length > max) return `Use at most ${max} characters.`;
  const hidden = hiddenCharacterProblem(trimmed);
  if (hidden) return `Must be ${hidden}.`;
  return null;
}

/** A random URL-safe secret (256 bits) for refresh and invitation tokens. */
export const randomToken = () => randomBytes(32).toString('base64url');
/** What is stored instead of a token: tokens are random, so a fast hash is enough. */
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');
