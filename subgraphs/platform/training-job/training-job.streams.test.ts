import { describe, it, expect } from '@jest/globals';
import { GraphQLError } from 'graphql';
import { decodeEventCursor, encodeEventCursor } from './training-job.streams';

describe('delta stream cursors', () => {
  it('round-trip a stored row id through an opaque cursor', () => {
    for (const id of ['1', '42', '900719925474099']) {
      const cursor = encodeEventCursor(id);
      expect(cursor).not.toContain(id);
      expect(decodeEventCursor(cursor)).toBe(id);
    }
  });

  it('start from the beginning without a cursor and accept a plain LogLine.id', () => {
    expect(decodeEventCursor(undefined)).toBe('0');
    expect(decodeEventCursor(null)).toBe('0');
    expect(decodeEventCursor('')).toBe('0');
    expect(decodeEventCursor('1234')).toBe('1234');
  });

  it('refuse anything else with BAD_USER_INPUT', () => {
    for (const forged of ['not-a-cursor', Buffer.from('ev:-1').toString('base64url'), Buffer.from('xx:5').toString('base64url'), '1'.repeat(19)]) {
      try {
        decodeEventCursor(forged);
        throw new Error(`accepted ${forged}`);
      } catch (error) {
        expect(error).toBeInstanceOf(GraphQLError);
        expect((error as GraphQLError).extensions.code).toBe('BAD_USER_INPUT');
      }
    }
  });
});
