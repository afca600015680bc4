// Standard Webhooks signing and the per-cycle event budget, against a real HTTP receiver that verifies
// every request with the standardwebhooks library (the spec authors' own).
import { afterEach, describe, expect, it } from 'vitest';
import { type AlertDelivery, startAlertDelivery } from './delivery';
import { type Receiver, startReceiver, waitFor } from '../../test/support/webhook-receiver';
import {
  createGuest,
  freshDb,
  openFinding,
  type TestDb,
  transition,
  webhook,
} from '../../test/support/alert-fixtures';

const FAST = { pollMs: 50, backoff: { baseMs: 20, capMs: 100 } };
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

describe('Standard Webhooks signatures', () => {
  it('verify at a receiver using the library, with the event id in every body and header', async () => {
    env = await freshDb();
    const { db } = env;
    const secret = `whsec_${Buffer.from('a 32-byte key for the receiver!!').toString('base64')}`;
    receiver = await startReceiver(undefined, 0, { verifySecret: secret });
    const webhooks = [
      webhook({ name: 'j', url: `${receiver.url}/json`, format: 'json', secret }),
      webhook({ name: 'am', url: `${receiver.url}/am`, format: 'alertmanager', secret }),
    ];
    const targetId = await createGuest(db, 'web-01');
    const t0 = new Date(Date.now() - MIN);
    await transition(db, { now: t0, webhooks }, (tx) => openFinding(tx, { targetId, openedAt: t0 }));
    delivery = startAlertDelivery({ db, webhooks, ...FAST });
    await waitFor('two verified deliveries', () => receiver!.accepted.length === 2);

    for (const r of receiver.requests) {
      expect(r.verdict).toBe('ok');
      expect(r.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
      expect(r.headers['webhook-id']).toBe(r.headers['x-entropy-watch-event-id']);
      expect(r.headers['webhook-timestamp']).toBe(r.headers['x-entropy-watch-timestamp']);
      expect(r.headers['x-entropy-watch-signature-256']).toMatch(/^sha256=[0-9a-f]{64}$/);
    }
    const id = (path: string) => receiver!.requests.find((r) => r.path === path)!.headers['webhook-id'];
    const json = JSON.parse(receiver.requests.find((r) => r.path === '/json')!.body);
    const am = JSON.parse(receiver.requests.find((r) => r.path === '/am')!.body);
    expect(json.eventId).toBe(id('/json'));
    expect(am.alerts[0].annotations.eventId).toBe(id('/am'));
  });

  it('a receiver refuses a replay with a fresh timestamp, and a signature older than 5 minutes', async () => {
    env = await freshDb();
    const { db } = env;
    receiver = await startReceiver(undefined, 0, { verifySecret: 'plain-secret' });
    const webhooks = [webhook({ name: 'j', url: `${receiver.url}/json`, secret: 'plain-secret' })];
    const targetId = await createGuest(db, 'web-01');
    const t0 = new Date(Date.now() - MIN);
    await transition(db, { now: t0, webhooks }, (tx) => openFinding(tx, { targetId, openedAt: t0 }));
    delivery = startAlertDelivery({ db, webhooks, ...FAST });
    await waitFor('one verified delivery', () => receiver!.accepted.length === 1);
    await delivery.stop();
    delivery = undefined;

    // An attacker who captured the request resends it with a new timestamp: the signature no longer fits.
    const captured = receiver.requests[0]!;
    const headers = { ...(captured.headers as Record<string, string>) };
    delete headers['content-length'];
    delete headers['host'];
    headers['webhook-timestamp'] = String(Math.floor(Date.now() / 1000) + 1);
    const replay = await fetch(`${receiver.url}/json`, { method: 'POST', body: captured.body, headers });
    expect(replay.status).toBe(401);
    expect(receiver.requests.at(-1)!.verdict).toMatch(/No matching signature/);

    // A sender whose clock (or a captured request) is 6 minutes old is refused as too old.
    const past = new Date(Date.now() - 7 * MIN);
    await transition(db, { now: past, webhooks }, (tx) =>
      openFinding(tx, { targetId, openedAt: new Date(past.getTime() - MIN), rule: 'other-rule' }),
    );
    const before = receiver.requests.length;
    delivery = startAlertDelivery({ db, webhooks, ...FAST, now: () => new Date(Date.now() - 6 * MIN) });
    await waitFor('a refused attempt', () => receiver!.requests.length > before);
    expect(receiver.requests[before]!.verdict).toMatch(/too old/);
    expect(receiver.requests.slice(before).every((r) => r.verdict !== 'ok')).toBe(true);
  });
});

describe('at most maxEventsPerCycle events per webhook per cycle', () => {
  it('enqueues the budget plus one overflow event, and the rest in later cycles, each exactly once', async () => {
    env = await freshDb();
    const { db } = env;
    receiver = await startReceiver();
    const webhooks = [webhook({ name: 'j', url: `${receiver.url}/json`, maxEventsPerCycle: 50 })];
    const targetId = await createGuest(db, 'web-01');
    const t0 = new Date(Date.now() - 10 * MIN);
    const findingIds: number[] = [];
    const first = await transition(db, { now: t0, webhooks }, async (tx) => {
      for (let i = 0; i < 120; i++) {
        const severity = i % 10 === 0 ? 'critical' : 'warning';
        findingIds.push(await openFinding(tx, { targetId, openedAt: t0, subject: `s${i}`, severity }));
      }
    });
    expect(first).toHaveLength(50);
    // The most severe go first: all 12 critical findings are in the first batch.
    expect(first.filter((e) => e.severity === 'critical')).toHaveLength(12);
    const overflow = () => db.alertEvent.findMany({ where: { type: 'overflow' }, orderBy: { id: 'asc' } });
    expect(await overflow()).toHaveLength(1);
    expect(JSON.parse((await overflow())[0]!.payload).finding.summary).toMatch(/^70 more alert events/);

    const second = await transition(db, { now: new Date(t0.getTime() + MIN), webhooks });
    const third = await transition(db, { now: new Date(t0.getTime() + 2 * MIN), webhooks });
    expect([second.length, third.length]).toEqual([50, 20]);
    expect(await overflow()).toHaveLength(2);
    expect(await transition(db, { now: new Date(t0.getTime() + 3 * MIN), webhooks })).toEqual([]);

    delivery = startAlertDelivery({ db, webhooks, ...FAST });
    await waitFor('122 deliveries', () => receiver!.accepted.length === 122, 60_000);
    const bodies = receiver.requests.map((r) => JSON.parse(r.body));
    const fired = bodies.filter((b) => b.type === 'firing').map((b) => b.finding.id);
    expect([...fired].sort((a, b) => a - b)).toEqual(findingIds);
    expect(bodies.filter((b) => b.type === 'overflow')).toHaveLength(2);
  });
});
