import { describe, it, expect } from '@jest/globals';
import * as ws from 'ws';
import { nextFrame } from './ws-server';

/** `ws`'s frame parser (a Writable; its types are not published). */
interface FrameParser {
  on(event: 'message', listener: (data: Buffer, isBinary: boolean) => void): this;
  on(event: 'error', listener: (error: Error) => void): this;
  write(chunk: Buffer, callback: () => void): boolean;
}
const { Receiver } = ws as unknown as { Receiver: new (options: { isServer: boolean }) => FrameParser };

/** What a WebSocket client reads from `frame`: the messages `ws`'s own parser makes of it. */
function read(frame: Buffer): Promise<string[]> {
  const receiver = new Receiver({ isServer: false });
  const messages: string[] = [];
  receiver.on('message', (data, isBinary) => messages.push(`${isBinary ? 'binary' : 'text'}:${data.toString('utf8')}`));
  return new Promise((resolve, reject) => {
    receiver.on('error', reject);
    receiver.write(frame, () => resolve(messages));
  });
}

describe('nextFrame', () => {
  const head = Buffer.from('{"id":"a1","type":"next","payload":');
  // Payload lengths on each side of the 7-bit, 16-bit and 64-bit length encodings (125 and 65535 are the limits).
  it.each([0, 50, 124 - head.length, 125 - head.length, 3000, 65534 - head.length, 65535 - head.length, 70_000])(
    'is one text frame a WebSocket client reads as head + payload + } (payload of %i bytes)',
    async (size) => {
      const payload = Buffer.from('x'.repeat(size));
      const frame = nextFrame(head, payload);
      expect(await read(frame)).toEqual([`text:${head.toString()}${payload.toString()}}`]);
      // Two frames back to back are two messages: the length says where the first one ends.
      expect(await read(Buffer.concat([frame, frame]))).toHaveLength(2);
    },
  );

  it('carries UTF-8 text as it is', async () => {
    const payload = Buffer.from(JSON.stringify({ data: { name: 'Überwachung 監視 🚀' } }));
    expect(await read(nextFrame(head, payload))).toEqual([`text:${head.toString()}${payload.toString()}}`]);
  });
});
