// A real webhook receiver for the integration tests: node:http on 127.0.0.1, recording every request.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  /** the raw body, exactly as sent */
  body: string;
  /** when the request arrived (ms since epoch) */
  at: number;
  /**
   * With `verifySecret`: "ok", or the standardwebhooks library's reason for refusing the request (checked
   * on arrival, as a receiver does: signature over id.timestamp.body, timestamp within 5 minutes).
   */
  verdict?: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** answer only after this long (a slow receiver) */
  delayMs?: number;
}

export type ReplyFn = (req: ReceivedRequest, index: number) => Reply;

export interface Receiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** requests that were answered with a 2xx */
  accepted: ReceivedRequest[];
  reply: ReplyFn;
  close(): Promise<void>;
}

export interface ReceiverOptions {
  /**
   * Verify every request with the standardwebhooks library and answer 401 to one that fails, as a real
   * receiver would: a `whsec_` secret as the spec says, any other as its UTF-8 bytes.
   */
  verifySecret?: string;
}

/** The library's verifier for one of our secrets (see lib/alerts/sign.ts standardSigner). */
export function receiverVerifier(secret: string): Webhook {
  return secret.startsWith('whsec_')
    ? new Webhook(secret)
    : new Webhook(new TextEncoder().encode(secret), { format: 'raw' });
}

function verdictOf(verifier: Webhook, body: string, headers: http.IncomingHttpHeaders): string {
  try {
    verifier.verify(body, headers as Record<string, string>);
    return 'ok';
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** Starts a receiver; `port` 0 picks a free one (pass a port to bring a "down" receiver back up). */
export async function startReceiver(
  reply: ReplyFn = () => ({ status: 200 }),
  port = 0,
  options: ReceiverOptions = {},
): Promise<Receiver> {
  const verifier = options.verifySecret === undefined ? null : receiverVerifier(options.verifySecret);
  const requests: ReceivedRequest[] = [];
  const accepted: ReceivedRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: ReceivedRequest = {
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        at: Date.now(),
      };
      if (verifier) r.verdict = verdictOf(verifier, r.body, req.headers);
      const index = requests.push(r) - 1;
      const answer =
        r.verdict === undefined || r.verdict === 'ok'
          ? receiver.reply(r, index)
          : { status: 401, body: `signature refused: ${r.verdict}` };
      const send = () => {
        if (res.destroyed) return;
        if (answer.status >= 200 && answer.status < 300) accepted.push(r);
        res.writeHead(answer.status, answer.headers ?? {});
        res.end(answer.body ?? '');
      };
      if (answer.delayMs) {
        const t = setTimeout(() => {
          timers.delete(t);
          send();
        }, answer.delayMs);
        timers.add(t);
      } else send();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    requests,
    accepted,
    reply,
    close: () =>
      new Promise<void>((resolve) => {
        timers.forEach(clearTimeout);
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return receiver;
}

/** Polls `check` until it returns true; throws with `what` after timeoutMs. */
export async function waitFor(
  what: string,
  check: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
