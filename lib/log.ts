/** Structured logging (pino). Secrets are redacted by key, and connection strings are masked. */
import { pino, type Logger } from 'pino';
import { traceFields } from './telemetry';

export type { Logger };

const REDACT = [
  'password',
  '*.password',
  'token',
  '*.token',
  'accessToken',
  '*.accessToken',
  'authorization',
  '*.authorization',
  'headers.authorization',
  'req.headers.authorization',
  'secret',
  '*.secret',
];

export function createLogger(name: string, level = 'info'): Logger {
  // With tracing on, each line carries the active span's traceId/spanId beside its requestId.
  return pino({ name, level, redact: { paths: REDACT, censor: '***' }, base: { service: name }, mixin: traceFields });
}

/** `postgresql://user:pass@host:5432/db` → `postgresql:***@host:5432/db` (the seed's format). */
export function maskUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const auth = parsed.username || parsed.password ? '***@' : '';
    return `${parsed.protocol}${auth}${parsed.host}${parsed.pathname}`;
  } catch {
    return url.replace(/\/\/[^@/]*@/, '//***@');
  }
}
