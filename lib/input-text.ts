/**
 * Text arguments PostgreSQL can store and compare: no NUL (U+0000), which neither `text` nor
 * `jsonb` accepts (the driver fails the whole query). Checked once per operation, before
 * execution, on the variables and on the string literals of the document, at the gateway and at
 * every subgraph (a direct call is held to it too): a request carrying one is refused with
 * 400/BAD_USER_INPUT, `extensions.fields` naming each offending argument (`input.name`, `id`).
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { Kind, visit, type ArgumentNode, type DocumentNode, type GraphQLError, type ValueNode } from 'graphql';
import { requestError } from './errors';

const NUL = '\u0000';
export const NUL_MESSAGE = 'must not contain NUL (U+0000) characters';

/** The paths under `prefix` of every string holding a NUL (at most `limit`). */
function nulPaths(value: unknown, prefix: string, found: string[], limit = 10, depth = 0): void {
  if (found.length >= limit || depth > 64) return;
  if (typeof value === 'string') {
    if (value.includes(NUL)) found.push(prefix);
  } else if (Array.isArray(value)) {
    value.forEach((item, i) => nulPaths(item, `${prefix}.${i}`, found, limit, depth + 1));
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key.includes(NUL)) found.push(`${prefix}.${key.replaceAll(NUL, '\\u0000')}`);
      nulPaths(inner, `${prefix}.${key}`, found, limit, depth + 1);
    }
  }
}

/** Where a plain JSON value (a REST body, query or path parameters) holds a NUL, as `prefix.key.0` paths (at most 10). */
export function findNulText(value: unknown, prefix: string): string[] {
  const found: string[] = [];
  nulPaths(value, prefix, found);
  return found;
}

function literalNulPaths(node: ValueNode, prefix: string, found: string[]): void {
  if (node.kind === Kind.STRING) {
    if (node.value.includes(NUL)) found.push(prefix);
  } else if (node.kind === Kind.LIST) {
    node.values.forEach((item, i) => literalNulPaths(item, `${prefix}.${i}`, found));
  } else if (node.kind === Kind.OBJECT) {
    for (const field of node.fields) literalNulPaths(field.value, `${prefix}.${field.name.value}`, found);
  }
}

/**
 * The arguments whose literals hold a NUL, per document. Servers keep parsed documents and hand the
 * same object to every request of that text, so the walk runs once per distinct operation, not per request.
 */
const literalsOf = new WeakMap<DocumentNode, readonly string[]>();

function literalNulArguments(document: DocumentNode): readonly string[] {
  let found = literalsOf.get(document);
  if (!found) {
    const paths: string[] = [];
    visit(document, {
      Argument(node: ArgumentNode) {
        literalNulPaths(node.value, node.name.value, paths);
      },
    });
    found = paths;
    literalsOf.set(document, found);
  }
  return found;
}

/** Where a request's variables and document literals hold a NUL: `$input.name` is named `input.name`, an argument by its name. */
export function findNulArguments(document: DocumentNode, variables: Record<string, unknown> | undefined): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(variables ?? {})) nulPaths(value, name, found);
  found.push(...literalNulArguments(document));
  return found;
}

/** The 400/BAD_USER_INPUT refusing an operation whose text arguments hold a NUL, or null when none does. */
export function nulArgumentsError(document: DocumentNode, variables: Record<string, unknown> | undefined): GraphQLError | null {
  const found = findNulArguments(document, variables);
  if (found.length === 0) return null;
  return requestError('BAD_USER_INPUT', `Text ${NUL_MESSAGE}: ${found.join(', ')}.`, {
    fields: Object.fromEntries(found.map((path) => [path, NUL_MESSAGE])),
  });
}

/** The Apollo plugin: refuses an operation whose text arguments hold a NUL before it runs (the gateway's WebSocket server calls `nulArgumentsError`). */
export function inputTextPlugin<C extends BaseContext>(): ApolloServerPlugin<C> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const error = nulArgumentsError(document, request.variables);
          if (error) throw error;
        },
      };
    },
  };
}

/**
 * Characters that names and other text shown to other people may not hold: control characters
 * (C0, DEL, C1) and Unicode's bidirectional embeddings, overrides and isolates (U+202A–U+202E,
 * U+2066–U+2069), which display text in another order than it is stored: a name sent as
 * `\u202Enimda` reads "admin" on screen. One-line text (names, tags) takes no line break or tab
 * either; multi-line text (descriptions) does.
 */
// eslint-disable-next-line no-control-regex -- control characters are what these look for
const HIDDEN_IN_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
// eslint-disable-next-line no-control-regex -- control characters are what these look for
const HIDDEN_IN_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/**
 * What is wrong with `text` shown to other people, as the field message completing "must be …"
 * (`free of control and text-direction characters (U+202E found)`), or null when nothing is.
 */
export function hiddenCharacterProblem(text: string, { multiline = false }: { multiline?: boolean } = {}): string | null {
  const found = (multiline ? HIDDEN_IN_TEXT : HIDDEN_IN_LINE).exec(text)?.[0];
  if (found === undefined) return null;
  const codePoint = `U+${found.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `free of control and text-direction characters (${codePoint} found)`;
}

const HIDDEN_IN_LINE_ALL = new RegExp(HIDDEN_IN_LINE, 'g');
const HIDDEN_IN_TEXT_ALL = new RegExp(HIDDEN_IN_TEXT, 'g');

/**
 * `text` written elsewhere (the Labeler's datasets, legacy rows) as it may be shown to other people:
 * each character `hiddenCharacterProblem` refuses replaced `by` U+FFFD (unless told otherwise), which
 * shows that something was there and keeps the rest in the order it is stored.
 */
export function replaceHiddenCharacters(text: string, { multiline = false, by = '\uFFFD' }: { multiline?: boolean; by?: string } = {}): string {
  return text.replace(multiline ? HIDDEN_IN_TEXT_ALL : HIDDEN_IN_LINE_ALL, by);
}

/**
 * Terminal escape sequences: CSI (`ESC [ … final`, colours and cursor moves), OSC (`ESC ] … BEL`
 * or `ESC \\`, titles and links) and the other two-character ones (`ESC c`, `ESC 7`, …).
 */
// eslint-disable-next-line no-control-regex -- escape sequences start with ESC
const TERMINAL_ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[ -~]?/g;

/** One line after its carriage returns, as a terminal leaves it: each part written over the start of the one before. */
function overwritten(line: string): string {
  let shown = '';
  for (const part of line.split('\r')) shown = part + shown.slice(part.length);
  return shown;
}

/**
 * A worker's log line or failure reason as a terminal would have shown it, for the console: escape
 * sequences removed, each line's carriage returns applied (a progress bar redrawn in place leaves
 * its last state), `\r\n` read as a line break, and the other control and text-direction characters
 * replaced by U+FFFD like other text written elsewhere. Line breaks and tabs stay.
 */
export function terminalText(text: string): string {
  const plain = text.replace(TERMINAL_ESCAPES, '').replace(/\r\n/g, '\n');
  const lines = plain.includes('\r') ? plain.split('\n').map(overwritten).join('\n') : plain;
  return replaceHiddenCharacters(lines, { multiline: true });
}

/** The field message about a trimmed name of 1 to `max` characters on one line ("1 to 120 characters", or a hidden character), or null. */
export function displayNameProblem(name: string, max: number): string | null {
  if (name.length === 0 || name.length > max) return `1 to ${max} characters`;
  return hiddenCharacterProblem(name);
}

/** The field message about an optional description of at most `max` characters ("at most 2000 characters", or a hidden character), or null. */
export function descriptionProblem(description: string | null | undefined, max: number): string | null {
  if (!description) return null;
  if (description.length > max) return `at most ${max} characters`;
  return hiddenCharacterProblem(description, { multiline: true });
}
