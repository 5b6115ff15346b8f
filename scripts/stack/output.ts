/**
 * Terminal output of the local stack: one line per log record, prefixed with the service name,
 * pino JSON turned into `HH:MM:SS LEVEL message key=value`, credentials in URLs masked.
 */
import type { Readable } from 'node:stream';

const useColour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;
const COLOURS = [36, 35, 33, 32, 34, 96, 95];
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO ', 40: 'WARN ', 50: 'ERROR', 60: 'FATAL' };
const PINO_KEYS = new Set(['level', 'time', 'pid', 'hostname', 'name', 'service', 'msg']);
const WIDTH = 9;

let colourIndex = 0;
const assigned = new Map<string, number>();

function paint(text: string, code: number): string {
  return useColour ? `\u001b[${code}m${text}\u001b[0m` : text;
}

/** `postgresql://user:pass@host/db` anywhere in a line → `postgresql:***@host/db` (as lib/log maskUrl). */
export function maskSecrets(line: string): string {
  return line.replace(/\b([a-z][a-z0-9+.-]*:)\/\/[^\s/@"'<>]+@/gi, '$1***@');
}

export function prefix(name: string): string {
  if (!assigned.has(name)) assigned.set(name, COLOURS[colourIndex++ % COLOURS.length] ?? 37);
  return paint(name.padEnd(WIDTH).slice(0, WIDTH), assigned.get(name) ?? 37) + '│ ';
}

function formatValue(value: unknown): string {
  if (typeof value === 'string') return /\s/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value);
}

/** A pino JSON record as one readable line; anything else unchanged. */
export function formatRecord(raw: string): string {
  if (!raw.startsWith('{')) return raw;
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return raw;
  }
  if (typeof record.level !== 'number') return raw;
  const time = typeof record.time === 'number' ? new Date(record.time).toTimeString().slice(0, 8) : '';
  const level = LEVELS[record.level] ?? String(record.level);
  const levelText = record.level >= 50 ? paint(level, 31) : record.level >= 40 ? paint(level, 33) : level;
  const extras: string[] = [];
  let stack = '';
  for (const [key, value] of Object.entries(record)) {
    if (PINO_KEYS.has(key)) continue;
    if (key === 'err' && value && typeof value === 'object') {
      const err = value as { message?: string; stack?: string };
      extras.push(`err=${formatValue(err.message ?? '')}`);
      if (record.level >= 50 && err.stack) stack = `\n${err.stack}`;
      continue;
    }
    extras.push(`${key}=${formatValue(value)}`);
  }
  return `${time} ${levelText} ${String(record.msg ?? '')}${extras.length ? ' ' + extras.join(' ') : ''}${stack}`;
}

/** Print every line of `stream` prefixed with `name`; keeps the last lines for error reports. */
export function pipeLines(name: string, stream: Readable | null, write: (text: string) => void, tail: string[]): void {
  if (!stream) return;
  let buffered = '';
  const flush = (line: string) => {
    const masked = maskSecrets(line);
    tail.push(masked);
    if (tail.length > 40) tail.shift();
    for (const part of formatRecord(masked).split('\n')) write(`${prefix(name)}${part}\n`);
  };
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    buffered += chunk;
    let index: number;
    while ((index = buffered.indexOf('\n')) >= 0) {
      const line = buffered.slice(0, index).replace(/\r$/, '');
      buffered = buffered.slice(index + 1);
      if (line.trim()) flush(line);
    }
  });
  stream.on('end', () => {
    if (buffered.trim()) flush(buffered);
    buffered = '';
  });
}

/** A logger for the stack itself (`start`), printed like a service. */
export function stackLog(name = 'start'): (line: string) => void {
  return (line) => process.stdout.write(`${prefix(name)}${maskSecrets(line)}\n`);
}

/**
 * The pinned AWS SDK runs fine on Node 20; its notice is about later releases needing Node 22 and
 * would repeat in every process on every start. Set before the first S3 client is created.
 */
export function quietKnownWarnings(env: NodeJS.ProcessEnv = process.env): void {
  env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
