import { afterEach, describe, expect, it } from 'vitest';
import { closeDb, getDb } from '../db/client';
import { type AlertDelivery, startAlertDelivery } from './delivery';
import {
  createGuest,
  freshDb,
  openFinding,
  resolveFinding,
  type TestDb,
  transition,
  webhook,
} from '../../test/support/alert-fixtures';
import { reservePort } from '../../test/support/ports';
import { type Receiver, startReceiver, waitFor } from '../../test/support/webhook-receiver';

const FAST = { pollMs: 50, backoff: { baseMs: 20, capMs: 100 }, log: () => undefined };

let env: TestDb | undefined;
let receiver: Receiver | undefined;
const loops: AlertDelivery[] = [];

afterEach(async () => {
  await Promise.all(loops.splice(0).map((l) => l.stop()));
  await receiver?.close();
  await env?.cleanup();
  receiver = env = undefined;
});

describe('delivery across a restart while the receiver is down', () => {
  it('delivers everything pending exactly once, in order per finding, once the receiver is back', async () => {
    env = await freshDb();
    const port = await reservePort();
    const webhooks = [webhook({ name: 'ops', url: `http://127.0.0.1:${port}/hook`, secret: 'k' })];
    const targetId = await createGuest(env.db, 'web-01');
    const t0 = new Date(Date.now() - 10 * 60_000);
    const ids: number[] = [];
    await transition(env.db, { now: t0, webhooks }, async (tx) => {
      ids.push(await openFinding(tx, { targetId, openedAt: t0, rule: 'rng-missing' }));
      ids.push(await openFinding(tx, { targetId, openedAt: t0, rule: 'crng-not-ready' }));
    });
    const [a, b] = ids as [number, number];
    const t1 = new Date(t0.getTime() + 60_000);
    await transition(env.db, { now: t1, webhooks, resolvedFindingIds: [a] }, (tx) =>
      resolveFinding(tx, a, t1),
    );
    const enqueued = await env.db.alertEvent.findMany({ orderBy: { id: 'asc' } });
    expect(enqueued.map((e) => `${e.findingId}:${e.type}`)).toEqual([
      `${a}:firing`,
      `${b}:firing`,
      `${a}:resolved`,
    ]);

    const first = startAlertDelivery({ db: env.db, webhooks, ...FAST });
    loops.push(first);
    await waitFor(
      'failed attempts while the receiver is down',
      async () => (await env!.db.alertAttempt.count()) >= 4,
    );
    await first.stop();
    loops.splice(loops.indexOf(first), 1);

    const whileDown = await env.db.alertEvent.findMany({ orderBy: { id: 'asc' } });
    expect(whileDown.every((e) => e.state === 'pending')).toBe(true);
    expect(whileDown[0]!.lastError).toMatch(/ECONNREFUSED/);
    // A's resolve was never tried while A's firing was still pending.
    expect(whileDown[2]!.attempts).toBe(0);

    // Restart: a new client on the same file and a new loop; then the receiver comes up.
    await closeDb();
    const db = getDb(env.url);
    loops.push(startAlertDelivery({ db, webhooks, ...FAST }));
    receiver = await startReceiver(() => ({ status: 200 }), port);
    await waitFor(
      'all three delivered',
      async () => (await db.alertEvent.count({ where: { state: 'delivered' } })) === 3,
    );

    const uids = receiver.requests.map((r) => String(r.headers['x-entropy-watch-event-id']));
    expect(uids).toHaveLength(3);
    expect(new Set(uids)).toEqual(new Set(enqueued.map((e) => e.uid)));
    expect(uids.indexOf(enqueued[0]!.uid)).toBeLessThan(uids.indexOf(enqueued[2]!.uid));
    await new Promise((r) => setTimeout(r, 200));
    expect(receiver.requests).toHaveLength(3);
  });
});
