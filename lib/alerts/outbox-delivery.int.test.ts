import { createHmac, timingSafeEqual } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type AlertDelivery, startAlertDelivery } from './delivery';
import {
  type ReceivedRequest,
  type Receiver,
  startReceiver,
  waitFor,
} from '../../test/support/webhook-receiver';
import {
  createGuest,
  freshDb,
  openFinding,
  resolveFinding,
  type TestDb,
  transition,
  webhook,
} from '../../test/support/alert-fixtures';

// Alertmanager's webhook body, version 4 (prometheus/alertmanager notify/webhook Message + template.Data).
const labelSet = z.record(z.string(), z.string());
const alertmanagerAlert = z.strictObject({
  status: z.enum(['firing', 'resolved']),
  labels: labelSet,
  annotations: labelSet,
  startsAt: z.iso.datetime(),
  endsAt: z.iso.datetime(),
  generatorURL: z.string(),
  fingerprint: z.string().regex(/^[0-9a-f]{16}$/),
});
const alertmanagerBody = z.strictObject({
  version: z.literal('4'),
  groupKey: z.string().min(1),
  truncatedAlerts: z.number().int().min(0),
  status: z.enum(['firing', 'resolved']),
  receiver: z.string().min(1),
  groupLabels: labelSet,
  commonLabels: labelSet,
  commonAnnotations: labelSet,
  externalURL: z.url(),
  alerts: z.array(alertmanagerAlert).min(1),
});

/** What a receiver does: recompute the HMAC of the raw body and compare in constant time. */
function signatureValid(req: ReceivedRequest, secret: string): boolean {
  const got = Buffer.from(String(req.headers['x-entropy-watch-signature-256'] ?? ''));
  const want = Buffer.from(`sha256=${createHmac('sha256', secret).update(req.body).digest('hex')}`);
  return got.length === want.length && timingSafeEqual(got, want);
}

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

describe('a finding that opens and resolves reaches every receiver as firing then resolved', () => {
  it('delivers signed json and alertmanager bodies and an unsigned slack message, once each', async () => {
    env = await freshDb();
    const { db } = env;
    receiver = await startReceiver();
    const webhooks = [
      webhook({
        name: 'ops-json',
        url: `${receiver.url}/json`,
        format: 'json',
        secret: 'json-secret',
        forMs: MIN,
      }),
      webhook({
        name: 'ops-am',
        url: `${receiver.url}/am`,
        format: 'alertmanager',
        secret: 'am-secret',
        forMs: MIN,
      }),
      webhook({
        name: 'ops-slack',
        url: `${receiver.url}/slack`,
        format: 'slack',
        secret: 'ignored',
        forMs: MIN,
      }),
    ];
    const targetId = await createGuest(db, 'web-01');
    const t0 = new Date(Date.now() - 10 * MIN);
    let findingId = 0;

    const atOpen = await transition(db, { now: t0, webhooks }, async (tx) => {
      findingId = await openFinding(tx, { targetId, openedAt: t0, severity: 'critical', subject: 'rng0' });
    });
    expect(atOpen).toEqual([]); // held for less than `for`

    const t1 = new Date(t0.getTime() + 2 * MIN);
    const fired = await transition(db, { now: t1, webhooks });
    expect(fired.map((e) => `${e.webhook}:${e.type}`)).toEqual([
      'ops-json:firing',
      'ops-am:firing',
      'ops-slack:firing',
    ]);
    expect(await transition(db, { now: t1, webhooks })).toEqual([]); // idempotent

    delivery = startAlertDelivery({ db, webhooks, ...FAST });
    await waitFor('three firing deliveries', () => receiver!.accepted.length === 3);

    const t2 = new Date(t1.getTime() + MIN);
    const resolved = await transition(db, { now: t2, webhooks, resolvedFindingIds: [findingId] }, (tx) =>
      resolveFinding(tx, findingId, t2),
    );
    expect(resolved.map((e) => e.type)).toEqual(['resolved', 'resolved', 'resolved']);
    expect(await transition(db, { now: t2, webhooks })).toEqual([]);
    delivery.kick();
    await waitFor('three resolved deliveries', () => receiver!.accepted.length === 6);

    const byPath = (p: string) => receiver!.requests.filter((r) => r.path === p);
    for (const r of receiver.requests) {
      expect(r.method).toBe('POST');
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['user-agent']).toMatch(/^entropy-watch\/\d/);
      expect(r.headers['x-entropy-watch-timestamp']).toMatch(/^\d{10}$/);
    }

    const json = byPath('/json').map((r) => ({ r, body: JSON.parse(r.body) }));
    expect(json.map((j) => j.body.type)).toEqual(['firing', 'resolved']);
    for (const { r, body } of json) {
      expect(signatureValid(r, 'json-secret')).toBe(true);
      expect(signatureValid(r, 'wrong-secret')).toBe(false);
      expect(r.headers['x-entropy-watch-event-id']).toBe(body.eventId);
      expect(body.finding).toMatchObject({
        id: findingId,
        target: 'web-01',
        host: 'kvm-01',
        severity: 'critical',
      });
      expect(body.finding.url).toBe(`http://entropy.test/findings?id=${findingId}`);
    }
    expect(json[1]!.body.finding.state).toBe('resolved');
    expect(json[1]!.body.finding.resolvedAt).toBe(t2.toISOString());

    const am = byPath('/am').map((r) => ({ r, body: alertmanagerBody.parse(JSON.parse(r.body)) }));
    expect(am.map((a) => a.body.status)).toEqual(['firing', 'resolved']);
    for (const { r } of am) expect(signatureValid(r, 'am-secret')).toBe(true);
    expect(am[0]!.body.alerts[0]!.endsAt).toBe('0001-01-01T00:00:00Z');
    expect(am[1]!.body.alerts[0]!.endsAt).toBe(t2.toISOString());
    expect(am[0]!.body.alerts[0]!.labels).toEqual({
      alertname: 'rng-missing',
      target: 'web-01',
      host: 'kvm-01',
      severity: 'critical',
      subject: 'rng0',
    });
    expect(am[1]!.body.alerts[0]!.fingerprint).toBe(am[0]!.body.alerts[0]!.fingerprint);

    const slack = byPath('/slack').map((r) => ({ r, body: JSON.parse(r.body) }));
    expect(slack.map((s) => s.body.text.slice(0, 10))).toEqual(['[FIRING:cr', '[RESOLVED]']);
    for (const { r } of slack) expect(r.headers['x-entropy-watch-signature-256']).toBeUndefined();

    // The receiver may have answered before the loop recorded it: let the attempts in flight finish.
    await delivery.stop();
    const events = await db.alertEvent.findMany({ include: { attemptLog: true }, orderBy: { id: 'asc' } });
    expect(events).toHaveLength(6);
    for (const e of events) {
      expect(e.state).toBe('delivered');
      expect(e.attempts).toBe(1);
      expect(e.attemptLog.map((a) => a.statusCode)).toEqual([200]);
      // The stored payload is the exact body the receiver got.
      expect(
        receiver.requests.filter((r) => r.headers['x-entropy-watch-event-id'] === e.uid).map((r) => r.body),
      ).toEqual([e.payload]);
    }
  });

  it('turns warning → critical into a resolve of the warning alert and a critical firing, in that order', async () => {
    env = await freshDb();
    const { db } = env;
    receiver = await startReceiver();
    const webhooks = [webhook({ name: 'am', url: `${receiver.url}/am`, format: 'alertmanager' })];
    const targetId = await createGuest(db, 'web-02');
    const t0 = new Date(Date.now() - 10 * MIN);
    let id = 0;
    await transition(db, { now: t0, webhooks }, async (tx) => {
      id = await openFinding(tx, { targetId, openedAt: t0, severity: 'warning' });
    });
    const t1 = new Date(t0.getTime() + MIN);
    const changed = await transition(db, { now: t1, webhooks }, (tx) =>
      tx.finding.update({ where: { id }, data: { severity: 'critical', updatedAt: t1 } }),
    );
    expect(changed.map((e) => `${e.type}:${e.severity}:${e.reason}`)).toEqual([
      'resolved:warning:severity-changed',
      'firing:critical:severity-changed',
    ]);
    expect(await transition(db, { now: t1, webhooks })).toEqual([]);

    delivery = startAlertDelivery({ db, webhooks, ...FAST });
    await waitFor('three deliveries', () => receiver!.accepted.length === 3);
    const bodies = receiver.requests.map((r) => alertmanagerBody.parse(JSON.parse(r.body)));
    expect(bodies.map((b) => `${b.status}:${b.alerts[0]!.labels.severity}`)).toEqual([
      'firing:warning',
      'resolved:warning',
      'firing:critical',
    ]);
    expect(bodies[1]!.alerts[0]!.fingerprint).toBe(bodies[0]!.alerts[0]!.fingerprint);
    expect(bodies[2]!.alerts[0]!.fingerprint).not.toBe(bodies[0]!.alerts[0]!.fingerprint);
  });
});
