import { afterEach, describe, expect, it } from 'vitest';
import { listWebhookActivity } from '../queries/alerts';
import { type AlertDelivery, startAlertDelivery } from './delivery';
import { sendTestEvent } from './send-test-event';
import { freshDb, PUBLIC_URL, type TestDb, webhook } from '../../test/support/alert-fixtures';
import { type Receiver, startReceiver, waitFor } from '../../test/support/webhook-receiver';

const FAST = { pollMs: 50, backoff: { baseMs: 20, capMs: 100 }, log: () => undefined };

let env: TestDb | undefined;
let receivers: Receiver[] = [];
let delivery: AlertDelivery | undefined;

afterEach(async () => {
  await delivery?.stop();
  await Promise.all(receivers.map((r) => r.close()));
  await env?.cleanup();
  delivery = env = undefined;
  receivers = [];
});

async function receiverWith(...args: Parameters<typeof startReceiver>): Promise<Receiver> {
  const r = await startReceiver(...args);
  receivers.push(r);
  return r;
}

async function onlyEvent(env: TestDb) {
  const events = await env.db.alertEvent.findMany({ include: { attemptLog: { orderBy: { id: 'asc' } } } });
  expect(events).toHaveLength(1);
  return events[0]!;
}

describe('delivery retries', () => {
  it('retries 500s with backoff: one delivery accepted, four attempts recorded, no duplicate', async () => {
    env = await freshDb();
    const r = await receiverWith((_req, i) =>
      i < 3 ? { status: 500, body: 'database is locked' } : { status: 200 },
    );
    const hook = webhook({ name: 'ops', url: `${r.url}/hook`, secret: 's' });
    const uid = await sendTestEvent(env.db, hook, PUBLIC_URL);
    delivery = startAlertDelivery({ db: env.db, webhooks: [hook], ...FAST });
    await waitFor('the event to be delivered', async () => (await onlyEvent(env!)).state === 'delivered');

    const e = await onlyEvent(env);
    expect(e.attempts).toBe(4);
    expect(e.attemptLog.map((a) => a.statusCode)).toEqual([500, 500, 500, 200]);
    expect(e.attemptLog[0]!.error).toBe('HTTP 500 Internal Server Error: database is locked');
    expect(e.attemptLog[3]!.error).toBeNull();
    expect(e.lastError).toBeNull();
    expect(r.accepted).toHaveLength(1);
    expect(r.requests).toHaveLength(4);
    // Every retry is the same event, byte for byte, with a valid signature for that body.
    expect(new Set(r.requests.map((q) => q.headers['x-entropy-watch-event-id']))).toEqual(new Set([uid]));
    expect(new Set(r.requests.map((q) => q.body))).toEqual(new Set([e.payload]));
    expect(new Set(r.requests.map((q) => q.headers['x-entropy-watch-signature-256'])).size).toBe(1);

    await new Promise((res) => setTimeout(res, 200));
    expect(r.requests).toHaveLength(4); // nothing more after delivery
  });

  it('honours Retry-After over a shorter backoff', async () => {
    env = await freshDb();
    const r = await receiverWith((_req, i) =>
      i === 0 ? { status: 503, headers: { 'Retry-After': '1' } } : { status: 200 },
    );
    const hook = webhook({ name: 'ops', url: r.url });
    await sendTestEvent(env.db, hook, PUBLIC_URL);
    delivery = startAlertDelivery({ db: env.db, webhooks: [hook], ...FAST });
    await waitFor('delivery after Retry-After', () => r.accepted.length === 1, 30_000);
    const gap = r.requests[1]!.at - r.requests[0]!.at;
    // At least the server's 1 s; the upper bound only rules out a long backoff, with room for a slow machine.
    expect(gap).toBeGreaterThanOrEqual(950);
    expect(gap).toBeLessThan(10_000);
  });

  it('does not follow a redirect: a 3xx is a failed attempt, and credentials in Location are redacted', async () => {
    env = await freshDb();
    const r = await receiverWith((req) =>
      req.path === '/old'
        ? { status: 302, headers: { Location: 'http://bob:leak-SECRET@127.0.0.1:9/new?token=abc' } }
        : { status: 200 },
    );
    const hook = webhook({ name: 'ops', url: `${r.url}/old` });
    await sendTestEvent(env.db, hook, PUBLIC_URL);
    const lines: string[] = [];
    delivery = startAlertDelivery({ db: env.db, webhooks: [hook], ...FAST, log: (l) => lines.push(l) });
    await waitFor('two attempts', async () => (await onlyEvent(env!)).attempts >= 2);
    await delivery.stop();

    const e = await onlyEvent(env);
    expect(e.state).toBe('pending');
    expect(e.attemptLog[0]!.statusCode).toBe(302);
    expect(e.attemptLog[0]!.error).toBe(
      'HTTP 302 redirect to http://***@127.0.0.1:9/... not followed; set the webhook url to the final address',
    );
    expect(r.requests.every((q) => q.path === '/old')).toBe(true);
    expect(JSON.stringify([e, lines])).not.toContain('leak-SECRET');
  });

  it('gives up after giveUpAfterMs: state dead, lastError says why', async () => {
    env = await freshDb();
    const r = await receiverWith(() => ({ status: 500 }));
    const hook = webhook({ name: 'ops', url: r.url });
    await sendTestEvent(env.db, hook, PUBLIC_URL);
    delivery = startAlertDelivery({
      db: env.db,
      webhooks: [hook],
      pollMs: 50,
      // Wide enough that a loaded machine (PostgreSQL run, 5x slower box) still retries before it.
      backoff: { baseMs: 20, capMs: 50, giveUpAfterMs: 2_000 },
      log: () => undefined,
    });
    await waitFor('the event to die', async () => (await onlyEvent(env!)).state === 'dead');
    const e = await onlyEvent(env);
    expect(e.lastError).toMatch(
      /^gave up after \d+ attempts over 2 s; last error: HTTP 500 Internal Server Error$/,
    );
    expect(e.attemptLog.length).toBe(e.attempts);
    // At least the first attempt and the last chance at the deadline (backoff.ts); speed decides the rest.
    expect(e.attempts).toBeGreaterThanOrEqual(2);
    const count = r.requests.length;
    await new Promise((res) => setTimeout(res, 200));
    expect(r.requests.length).toBe(count);
  });

  it('sends URL credentials as Basic auth and never shows them or the secret in records, logs or the query', async () => {
    env = await freshDb();
    const r = await receiverWith(() => ({ status: 500, body: 'nope' }));
    const hook = webhook({
      name: 'ops',
      url: `http://alice:pw-SECRET@127.0.0.1:${r.port}/hook/tok-SECRET`,
      secret: 'hmac-SECRET',
    });
    await sendTestEvent(env.db, hook, PUBLIC_URL);
    const lines: string[] = [];
    delivery = startAlertDelivery({ db: env.db, webhooks: [hook], ...FAST, log: (l) => lines.push(l) });
    await waitFor('two attempts', () => r.requests.length >= 2);
    await delivery.stop();

    expect(r.requests[0]!.headers.authorization).toBe(
      `Basic ${Buffer.from('alice:pw-SECRET').toString('base64')}`,
    );
    expect(r.requests[0]!.path).toBe('/hook/tok-SECRET');
    const [activity] = await listWebhookActivity(env.db, [hook]);
    expect(activity!.url).toBe(`http://***@127.0.0.1:${r.port}/...`);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toContain(`webhook ops (http://***@127.0.0.1:${r.port}/...)`);
    const everything = JSON.stringify([
      await env.db.alertEvent.findMany({ include: { attemptLog: true } }),
      activity,
      lines,
    ]);
    expect(everything).not.toMatch(/pw-SECRET|hmac-SECRET|tok-SECRET/);
  });
});
