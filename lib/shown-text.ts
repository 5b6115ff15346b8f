/**
 * Text shown to other people (names, descriptions, tags, log lines): which characters it may not
 * hold, and how text written elsewhere is shown when it holds them. Control characters (C0, DEL,
 * C1) and Unicode's bidirectional embeddings, overrides and isolates display text in another order
 * than it is stored, or not at all (decisions.md #74–#77). No dependencies: the worker protocol's
 * schemas use it too.
 */

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
