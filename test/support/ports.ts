// Free TCP ports on 127.0.0.1 for lab targets. A port handed out stays reserved in this process
// until released, so two labs (or a stopped target and a new one) never share a port.
import net from 'node:net';

const reserved = new Set<number>();

function ephemeralPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('the kernel gave no port'))));
    });
  });
}

/** A port nothing listens on right now and that this process has not handed out. */
export async function reservePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = await ephemeralPort();
    if (!reserved.has(port)) {
      reserved.add(port);
      return port;
    }
  }
  throw new Error('could not find a free TCP port on 127.0.0.1 after 50 attempts');
}

/** Gives a port back (when its lab stops). */
export function releasePort(port: number): void {
  reserved.delete(port);
}
