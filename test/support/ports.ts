// Free TCP ports on 127.0.0.1 for lab targets. A port handed out stays reserved in this process
// until released, so two labs (or a stopped target and a new one) never share a port.
import net from 'node:net';

const reserved = new Set<number>();

/** Listens on a port the kernel picks; the caller closes the server. */
function listenEphemeral(): Promise<{ server: net.Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen({ port: 0, host: '127.0.0.1', exclusive: true }, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      if (port > 0) resolve({ server, port });
      else server.close(() => reject(new Error('the kernel gave no port')));
    });
  });
}

const close = (server: net.Server) => new Promise<void>((resolve) => server.close(() => resolve()));

/** A port nothing listens on right now and that this process has not handed out. */
export async function reservePort(): Promise<number> {
  // A port we already handed out stays bound while we ask again: with most of the ephemeral range
  // busy (a bench's thousands of listeners), Linux hands the port just closed straight back.
  const held: net.Server[] = [];
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      const { server, port } = await listenEphemeral();
      if (!reserved.has(port)) {
        reserved.add(port);
        await close(server);
        return port;
      }
      held.push(server);
    }
  } finally {
    await Promise.all(held.map(close));
  }
  throw new Error('could not find a free TCP port on 127.0.0.1 after 50 attempts');
}

/** Gives a port back (when its lab stops). */
export function releasePort(port: number): void {
  reserved.delete(port);
}
