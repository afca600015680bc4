import { afterEach, describe, expect, it } from 'vitest';
import { type AlertDelivery, startAlertDelivery } from './delivery';
import {
  createGuest,
  freshDb,
  openFinding,
  type TestDb,
  transition,
  webhook,
} from '../../test/support/alert-fixtures';
import { type Receiver, startReceiver, waitFor } from '../../test/support/webhook-receiver';

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

describe('a slow receiver', () => {
  it('times out and is retried, without holding up another webhook', async () => {
    env = await freshDb();
    // The slow one sleeps well past the timeout for its first two requests, then answers at once.
    const slow = await startReceiver((_req, i) =>
      i < 2 ? { status: 200, delayMs: 2_000 } : { status: 200 },
    );
    const fast = await startReceiver();
    receivers.push(slow, fast);
    const webhooks = [webhook({ name: 'slow', url: slow.url }), webhook({ name: 'fast', url: fast.url })];
    const targetId = await createGuest(env.db, 'web-01');
    const t0 = new Date(Date.now() - 60_000);
    await transition(env.db, { now: t0, webhooks }, async (tx) => {
      await openFinding(tx, { targetId, openedAt: t0, rule: 'rng-missing' });
      await openFinding(tx, { targetId, openedAt: t0, rule: 'crng-not-ready' });
    });

    delivery = startAlertDelivery({
      db: env.db,
      webhooks,
      pollMs: 50,
      timeoutMs: 300,
      backoff: { baseMs: 20, capMs: 50 },
      log: () => undefined,
    });
    await waitFor('the fast webhook to get both events', () => fast.accepted.length === 2);
    // Both arrived while the slow webhook's attempts were timing out: none of them was accepted. (No
    // wall-clock bound here: it must hold on a machine five times slower.)
    expect(slow.accepted).toHaveLength(0);

    const slowEvents = () =>
      env!.db.alertEvent.findMany({ where: { webhook: 'slow' }, include: { attemptLog: true } });
    await waitFor('the slow webhook to get both events', async () =>
      (await slowEvents()).every((e) => e.state === 'delivered'),
    );
    const events = await slowEvents();
    const attempts = events.flatMap((e) => e.attemptLog);
    expect(attempts).toHaveLength(4);
    expect(
      attempts.filter((a) => a.error === 'timed out after 300 ms without a complete response'),
    ).toHaveLength(2);
    expect(attempts.filter((a) => a.statusCode === 200)).toHaveLength(2);
    for (const a of attempts.filter((x) => x.statusCode === null))
      expect(a.durationMs).toBeGreaterThanOrEqual(290);
  });
});
