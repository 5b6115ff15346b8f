/** Fail before starting anything when a port the stack needs is taken, with a message that says what to do. */
import net from 'node:net';

function portFree(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(true)));
  });
}

/** Returns one message per busy port (empty when all are free). */
export async function busyPorts(host: string, wanted: Array<{ name: string; port: number }>): Promise<string[]> {
  const problems: string[] = [];
  for (const { name, port } of wanted) {
    // A server on 0.0.0.0 or on 127.0.0.1 both block us; check the address we will bind and loopback.
    const hosts = host === '127.0.0.1' ? [host] : [host, '127.0.0.1'];
    for (const h of hosts) {
      if (!(await portFree(h, port))) {
        problems.push(`port ${port} (${name}) is already in use on ${h}`);
        break;
      }
    }
  }
  return problems;
}
