import { describe, expect, it } from '@jest/globals';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { createOutageLog } from './outage-log';

/** A pino logger whose lines are kept as `LEVEL message`. */
function recording() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      const { level, msg } = JSON.parse(chunk.toString()) as { level: number; msg: string };
      lines.push(`${pino.levels.labels[level]!.toUpperCase()} ${msg}`);
      done();
    },
  });
  return { log: pino({ level: 'info' }, stream), lines };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('outage log', () => {
  const words = { waiting: 'waiting for it', down: 'it is down', back: 'it is back' };

  it('while starting, says it waits once and warns of nothing; after the grace, warns once per outage', async () => {
    let now = 1000;
    const { log, lines } = recording();
    const outages = createOutageLog({ log, ...words, startupGraceMs: 30_000, now: () => now });
    outages.failed({ reason: 'refused' });
    now += 10_000;
    outages.failed({ reason: 'refused' });
    now += 25_000; // past the grace, never answered: a real outage
    outages.failed({ reason: 'refused' });
    outages.failed({ reason: 'refused' });
    outages.answered();
    await flush();
    expect(lines).toEqual(['INFO waiting for it', 'WARN it is down', 'INFO it is back']);
  });

  it('once answered, the next failure is an outage at once, and one line per outage, not per retry', async () => {
    let now = 0;
    const { log, lines } = recording();
    const outages = createOutageLog({ log, ...words, startupGraceMs: 30_000, now: () => now });
    outages.failed({});
    outages.answered();
    now += 1000;
    outages.failed({});
    outages.failed({});
    outages.answered();
    outages.answered();
    outages.failed({});
    await flush();
    expect(lines).toEqual(['INFO waiting for it', 'WARN it is down', 'INFO it is back', 'WARN it is down']);
  });
});
