/** The service-to-service client against a real `node:http` server on loopback. */
import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createLeanFetch } from './http-client';

let server: http.Server;
let base = '';
const sockets = new Set<Socket>();
const seen: Array<{ method?: string; url?: string; headers: http.IncomingHttpHeaders; body: string; socket: Socket }> = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method, url: req.url, headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), socket: req.socket });
      if (req.url === '/slow') return void setTimeout(() => res.end('late'), 2000);
      if (req.url === '/teapot') {
        res.writeHead(418, [
          ['Set-Cookie', 'a=1'],
          ['Set-Cookie', 'b=2'],
          ['Content-Type', 'text/plain'],
        ]);
        return void res.end('short and stout');
      }
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ echo: Buffer.concat(chunks).toString('utf8') }));
    });
  });
  server.on('connection', (socket) => sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => server.close(resolve));
});

describe('createLeanFetch', () => {
  it('POSTs a body with its headers and reads a JSON answer; calls in sequence share one kept-alive socket', async () => {
    const fetch = createLeanFetch();
    const first = await fetch(`${base}/graphql?x=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'r1' },
      body: '{"query":"{ a }"}',
    });
    expect(first).toMatchObject({ status: 200, ok: true, statusText: 'OK', url: `${base}/graphql?x=1` });
    expect(first.headers.get('content-type')).toBe('application/json');
    expect(await first.json()).toEqual({ echo: '{"query":"{ a }"}' });
    expect(first.bodyUsed).toBe(true);
    expect(seen.at(-1)).toMatchObject({ method: 'POST', url: '/graphql?x=1', body: '{"query":"{ a }"}' });
    expect(seen.at(-1)!.headers).toMatchObject({ 'x-request-id': 'r1', 'content-length': '17' });
    const second = await fetch(`${base}/again`, { method: 'POST', body: Buffer.from('bytes') });
    expect(await second.text()).toBe('{"echo":"bytes"}');
  });

  it('keeps connections alive: twenty calls in sequence open at most two', async () => {
    const fetch = createLeanFetch();
    const before = seen.length;
    for (let i = 0; i < 20; i++) await (await fetch(`${base}/n${i}`, { method: 'POST', body: String(i) })).text();
    expect(seen.slice(before).map((r) => r.url)).toEqual(Array.from({ length: 20 }, (_, i) => `/n${i}`));
    expect(new Set(seen.slice(before).map((r) => r.socket)).size).toBeLessThanOrEqual(2);
  });

  it('answers a non-2xx status as a response, with its status text and repeated headers', async () => {
    const res = await createLeanFetch()(`${base}/teapot`);
    expect(res).toMatchObject({ status: 418, ok: false, statusText: "I'm a Teapot" });
    expect(res.headers.get('set-cookie')).toBe('a=1, b=2');
    expect(await res.clone().text()).toBe('short and stout');
    expect(new TextDecoder().decode(await res.arrayBuffer())).toBe('short and stout');
  });

  it('rejects when aborted, when nothing listens, and for a protocol it does not speak', async () => {
    const fetch = createLeanFetch();
    const aborted = fetch(`${base}/slow`, { signal: AbortSignal.timeout(50) });
    await expect(aborted).rejects.toThrow();

    const closed = http.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    await expect(fetch(`http://127.0.0.1:${port}/`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });

    await expect(fetch('ftp://127.0.0.1/file')).rejects.toThrow(/unsupported protocol ftp:/);
  });
});
