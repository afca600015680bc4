// The dashboard's HTTP server: Next.js behind node:http so every request carries its real TCP peer in
// x-entropy-watch-peer (overwriting any client-sent value). `next start` alone only fills
// X-Forwarded-For when a client did not send one, so the auth proxy's trusted-address check and the
// per-address login throttle could not trust it. Run by `npm start` / `npm run dev` and the e2e suite.
// Environment: HOST (default 127.0.0.1), PORT (default 3000); --dev for `next dev`.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import next from 'next';
import { PEER_HEADER, PEER_KEY_ENV, peerHeaderValue } from '../lib/auth/peer';
import { dashboardUrl, parseHost } from '../lib/config/bind';

const dev = process.argv.includes('--dev');
const bind = parseHost(process.env.HOST);
if (!bind.ok) {
  console.error(`entropy-watch: ${bind.error}`);
  process.exit(1);
}
const port = Number(process.env.PORT ?? 3000);
// Only this process knows the key, so only its stamp is believed (lib/auth/peer.ts).
const peerKey = randomBytes(16).toString('hex');
process.env[PEER_KEY_ENV] = peerKey;
const app = next({ dev, hostname: bind.host, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = http.createServer((req, res) => {
  req.headers[PEER_HEADER] = peerHeaderValue(peerKey, req.socket.remoteAddress ?? '');
  void handle(req, res);
});
if (dev) server.on('upgrade', (req, socket, head) => void app.getUpgradeHandler()(req, socket, head));
server.listen(port, bind.host, () => {
  const a = server.address();
  const where = a && typeof a === 'object' ? `${a.address}:${a.port}` : `${bind.host}:${port}`;
  console.log(`dashboard: listening on ${where} (${dashboardUrl(bind.host, port)})`);
});
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
