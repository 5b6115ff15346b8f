/**
 * A bare HTTP relay for `npm run bench:gateway`: every POST is sent on, body and `Authorization`
 * unchanged, to one subgraph over kept-alive connections, and its answer is sent back. No GraphQL
 * work at all, so its p50 over the subgraph's is what the second loopback hop alone costs: the
 * floor of any gateway's overhead on this machine. Arguments: the subgraph URL and the port; tells
 * the parent it is listening over IPC.
 */
import http from 'node:http';
import { stopWithParent } from '../lib/process';

const [target, port] = process.argv.slice(2);
const upstream = new URL(target!);
const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

const server = http.createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const headers: http.OutgoingHttpHeaders = { 'content-type': req.headers['content-type'] ?? 'application/json', 'content-length': body.length };
    if (req.headers.authorization) headers.authorization = req.headers.authorization;
    const forward = http.request({ agent, host: upstream.hostname, port: upstream.port, path: upstream.pathname, method: 'POST', headers }, (answer) => {
      const parts: Buffer[] = [];
      answer.on('data', (chunk: Buffer) => parts.push(chunk));
      answer.on('end', () => {
        const payload = Buffer.concat(parts);
        res.writeHead(answer.statusCode ?? 502, { 'content-type': answer.headers['content-type'] ?? 'application/json', 'content-length': payload.length });
        res.end(payload);
      });
    });
    forward.on('error', (error) => {
      res.writeHead(502, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ message: `relay: ${error.message}` }] }));
    });
    forward.end(body);
  });
});

server.listen(Number(port), '127.0.0.1', () => process.send?.({ type: 'ready' }));
stopWithParent(() => new Promise<void>((resolve) => server.close(() => resolve())));
