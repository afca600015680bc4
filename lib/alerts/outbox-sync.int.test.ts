import { afterEach, describe, expect, it } from 'vitest';
import { type AlertDelivery, startAlertDelivery } from './delivery';
import { sendTestEvent } from './send-test-event';
import {
  createGuest,
  freshDb,
  openFinding,
  PUBLIC_URL,
  resolveFinding,
  type TestDb,
  transition,
  webhook,
} from '../../test/support/alert-fixtures';
import { type Receiver, startReceiver, waitFor } from '../../test/support/webhook-receiver';

const MIN = 60_000;
let env: TestDb | undefined;
let receiver: Receiver | undefined;
let delivery: AlertDelivery | undefined;

afterEach(async () => {
  await delivery?.stop();
  await receiver?.close();
  await env?.cleanup();
  delivery = receiver = env = undefined;
});

describe('syncAlertEvents', () => {
  it('`for` suppresses a flap and minSeverity filters: the receiver gets only the test event sent after them', async () => {
    env = await freshDb();
    const { db } = env;
    receiver = await startReceiver();
    const webhooks = [webhook({ name: 'ops', url: receiver.url, forMs: 2 * MIN, minSeverity: 'warning' })];
    const targetId = await createGuest(db, 'web-01');
    const t0 = new Date(Date.now() - 60 * MIN);
    let flap = 0;
    let info = 0;
    expect(
      await transition(db, { now: t0, webhooks }, async (tx) => {
        flap = await openFinding(tx, {
          targetId,
          openedAt: t0,
          severity: 'critical',
          rule: 'crng-not-ready',
        });
        info = await openFinding(tx, { targetId, openedAt: t0, severity: 'info', rule: 'haveged-running' });
      }),
    ).toEqual([]);
    const t1 = new Date(t0.getTime() + 90_000); // the flap ends before `for` (2 min)
    expect(
      await transition(db, { now: t1, webhooks, resolvedFindingIds: [flap] }, (tx) =>
        resolveFinding(tx, flap, t1),
      ),
    ).toEqual([]);
    const t2 = new Date(t0.getTime() + 30 * MIN); // the info finding has held long enough, still below minSeverity
    expect(await transition(db, { now: t2, webhooks })).toEqual([]);
    expect(
      await transition(db, { now: t2, webhooks, resolvedFindingIds: [info] }, (tx) =>
        resolveFinding(tx, info, t2),
      ),
    ).toEqual([]);
    expect(await db.alertEvent.count()).toBe(0);

    // A barrier: the loop sends in id order, so once the test event arrives nothing earlier is left.
    const uid = await sendTestEvent(db, webhooks[0]!, PUBLIC_URL);
    delivery = startAlertDelivery({ db, webhooks, pollMs: 50 });
    await waitFor('the test event', () => receiver!.accepted.length === 1);
    expect(receiver.requests.map((r) => r.headers['x-entropy-watch-event-id'])).toEqual([uid]);
    expect(JSON.parse(receiver.requests[0]!.body)).toMatchObject({ type: 'test', finding: { id: 0 } });
  });

  it('never misses a resolve: a finding resolved without a sync is resolved at the next sync', async () => {
    env = await freshDb();
    const { db } = env;
    const webhooks = [webhook({ name: 'ops', url: 'http://127.0.0.1:9/x' })];
    const targetId = await createGuest(db, 'web-01');
    const t0 = new Date(Date.now() - 10 * MIN);
    let id = 0;
    await transition(db, { now: t0, webhooks }, async (tx) => {
      id = await openFinding(tx, { targetId, openedAt: t0 });
    });
    // A writer that resolved the finding and did not sync (an older build, a manual fix in the database).
    await db.finding.update({ where: { id }, data: { state: 'resolved', resolvedAt: t0, updatedAt: t0 } });
    const later = await transition(db, { now: new Date(), webhooks });
    expect(later.map((e) => `${e.findingId}:${e.type}:${e.reason}`)).toEqual([`${id}:resolved:resolved`]);
    expect(await transition(db, { now: new Date(), webhooks })).toEqual([]);
  });

  it('fires for a webhook added later, and only for that one', async () => {
    env = await freshDb();
    const { db } = env;
    const a = webhook({ name: 'a', url: 'http://127.0.0.1:9/a' });
    const b = webhook({ name: 'b', url: 'http://127.0.0.1:9/b', format: 'alertmanager' });
    const targetId = await createGuest(db, 'web-01');
    const t0 = new Date(Date.now() - 10 * MIN);
    await transition(db, { now: t0, webhooks: [a] }, (tx) => openFinding(tx, { targetId, openedAt: t0 }));
    const added = await transition(db, { now: new Date(), webhooks: [a, b] });
    expect(added.map((e) => `${e.webhook}:${e.type}`)).toEqual(['b:firing']);
  });

  it('repeats after repeatMs, but not while the previous firing is still pending', async () => {
    env = await freshDb();
    const { db } = env;
    const webhooks = [webhook({ name: 'ops', url: 'http://127.0.0.1:9/x', repeatMs: 60 * MIN })];
    const targetId = await createGuest(db, 'web-01');
    const t0 = new Date(Date.now() - 10 * 60 * MIN);
    await transition(db, { now: t0, webhooks }, (tx) => openFinding(tx, { targetId, openedAt: t0 }));
    const at = (m: number) => new Date(t0.getTime() + m * MIN);
    expect(await transition(db, { now: at(59), webhooks })).toEqual([]);
    expect(await transition(db, { now: at(61), webhooks })).toEqual([]); // still pending: no pile-up
    await db.alertEvent.updateMany({ data: { state: 'delivered', deliveredAt: at(1) } });
    expect((await transition(db, { now: at(61), webhooks })).map((e) => e.reason)).toEqual(['repeat']);
    expect(await transition(db, { now: at(62), webhooks })).toEqual([]);
  });

  it('rejects resolvedFindingIds naming an open finding, and the transaction rolls back', async () => {
    env = await freshDb();
    const { db } = env;
    const webhooks = [webhook({ name: 'ops', url: 'http://127.0.0.1:9/x' })];
    const targetId = await createGuest(db, 'web-01');
    const t0 = new Date(Date.now() - 10 * MIN);
    await expect(
      transition(db, { now: t0, webhooks, resolvedFindingIds: [999] }, (tx) =>
        openFinding(tx, { targetId, openedAt: t0 }),
      ),
    ).rejects.toThrow(
      'syncAlertEvents: finding 999 was passed in resolvedFindingIds but is missing; resolve it in the same transaction before syncing alerts',
    );
    expect(await db.finding.count()).toBe(0);
  });
});
