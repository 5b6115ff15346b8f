import { describe, it, expect } from '@jest/globals';
import net from 'node:net';
import { findFreePorts } from './postgres';

const bind = (port: number) =>
  new Promise<net.Server>((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });

describe('findFreePorts', () => {
  it('gives distinct loopback ports that are all free once it returns', async () => {
    const ports = await findFreePorts(200);
    expect(new Set(ports).size).toBe(200);
    const servers = await Promise.all(ports.map(bind));
    await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  });
});
