import { describe, expect, it } from '@jest/globals';
import { descriptionProblem, displayNameProblem, hiddenCharacterProblem, replaceHiddenCharacters, terminalText } from './shown-text';

describe('text shown to other people', () => {
  it('refuses control characters and text-direction controls, naming the first one', () => {
    const found = (codePoint: string) => `free of control and text-direction characters (${codePoint} found)`;
    // \u202E (right-to-left override) makes "\u202Enimda" read "admin" on screen.
    expect(hiddenCharacterProblem('\u202Enimda')).toBe(found('U+202E'));
    expect(hiddenCharacterProblem('a\u202Ab')).toBe(found('U+202A'));
    expect(hiddenCharacterProblem('a\u2066b\u2069')).toBe(found('U+2066'));
    expect(hiddenCharacterProblem('bell\u0007')).toBe(found('U+0007'));
    expect(hiddenCharacterProblem('del\u007f')).toBe(found('U+007F'));
    expect(hiddenCharacterProblem('next line\u0085')).toBe(found('U+0085'));
    expect(hiddenCharacterProblem('two\nlines')).toBe(found('U+000A'));
    expect(hiddenCharacterProblem('tab\there')).toBe(found('U+0009'));
  });

  it('lets multi-line text keep its line breaks and tabs, and nothing else hidden', () => {
    expect(hiddenCharacterProblem('first line\r\n\tsecond line', { multiline: true })).toBeNull();
    expect(hiddenCharacterProblem('first line\n\u202Esecond', { multiline: true })).toBe('free of control and text-direction characters (U+202E found)');
    expect(hiddenCharacterProblem('form\u000cfeed', { multiline: true })).toBe('free of control and text-direction characters (U+000C found)');
  });

  it('accepts text in any script, with accents, emoji and the marks that belong to it', () => {
    for (const text of ['Zoë Ångström', '김민수', 'مريم أحمد', 'שרה כהן', 'Ana 🚀 ML', 'ab\u200dc', 'נ\u200fx', 'a\u00a0b']) {
      expect(hiddenCharacterProblem(text)).toBeNull();
    }
  });

  it('says what a name or description must be: its length first, then its characters', () => {
    expect(displayNameProblem('', 120)).toBe('1 to 120 characters');
    expect(displayNameProblem('n'.repeat(121), 120)).toBe('1 to 120 characters');
    expect(displayNameProblem('\u202Enimda', 120)).toBe('free of control and text-direction characters (U+202E found)');
    expect(displayNameProblem('Zoë', 120)).toBeNull();
    expect(descriptionProblem(null, 2000)).toBeNull();
    expect(descriptionProblem('', 2000)).toBeNull();
    expect(descriptionProblem('d'.repeat(2001), 2000)).toBe('at most 2000 characters');
    expect(descriptionProblem('line\n\u0007', 2000)).toBe('free of control and text-direction characters (U+0007 found)');
    expect(descriptionProblem('line one\nline two', 2000)).toBeNull();
  });

  it('shows text written elsewhere with each hidden character replaced, every one of them, and the rest as it is', () => {
    expect(replaceHiddenCharacters('Parts\u202Egnp.exe')).toBe('Parts\uFFFDgnp.exe');
    expect(replaceHiddenCharacters('\u2066a\u2069\u0007b\n')).toBe('\uFFFDa\uFFFD\uFFFDb\uFFFD');
    expect(replaceHiddenCharacters('first\r\n\tsecond\u0085', { multiline: true })).toBe('first\r\n\tsecond\uFFFD');
    expect(replaceHiddenCharacters('a\u202Eb', { by: '_' })).toBe('a_b');
    for (const text of ['Zoë Ångström', '김민수', 'مريم أحمد', 'Ana 🚀 ML', 'ab\u200dc', 'a\u00a0b', '']) expect(replaceHiddenCharacters(text)).toBe(text);
  });
});

describe("a worker's log line as a terminal shows it", () => {
  it('drops colours, cursor moves, titles and links', () => {
    expect(terminalText('\u001b[34m\u001b[1mtrain: \u001b[0mScanning images')).toBe('train: Scanning images');
    expect(terminalText('\u001b[2K\u001b[1Gloss \u001b[38;5;196m0.42\u001b[m')).toBe('loss 0.42');
    expect(terminalText('\u001b]0;epoch 3\u0007epoch 3/10')).toBe('epoch 3/10');
    expect(terminalText('see \u001b]8;;https://example.com\u001b\\docs\u001b]8;;\u001b\\')).toBe('see docs');
    expect(terminalText('reset\u001bc done')).toBe('reset done');
  });

  it('applies carriage returns line by line, as a progress bar redrawn in place ends', () => {
    expect(terminalText(' 10%|#         |\r 50%|#####     |\r100%|##########|')).toBe('100%|##########|');
    expect(terminalText('loading\r100%')).toBe('100%ing');
    expect(terminalText('first\r\nsecond\rSECOND\nthird\r')).toBe('first\nSECOND\nthird');
  });

  it('keeps line breaks and tabs and shows other hidden characters as U+FFFD', () => {
    expect(terminalText('Traceback:\n\tFile "train.py"')).toBe('Traceback:\n\tFile "train.py"');
    expect(terminalText('bell\u0007 \u202Etxt.exe')).toBe('bell\uFFFD \uFFFDtxt.exe');
    expect(terminalText('epoch 3/100 loss 0.4210 — 김민수 🚀')).toBe('epoch 3/100 loss 0.4210 — 김민수 🚀');
  });
});
