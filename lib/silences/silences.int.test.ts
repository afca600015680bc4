// Silences and accepted exceptions through the real collector against the lab, with a real webhook
// receiver: a silenced finding sends nothing while silenced and fires once when the silence expires
// (still open); an accepted finding never fires, and fires once its accept: entry is removed.
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab } from '../../test/lab/lab';
import { healthyDomain, toLabSpec, urandomHolder, type Scenario } from '../../test/lab/scenario-model';
import type { Lab } from '../../test/lab/types';
import { freshDb, type TestDb } from '../../test/support/test-db';
import { startReceiver, waitFor, type Receiver } from '../../test/support/webhook-receiver';
import { startAlertDelivery } from '../alerts/delivery';
import { createToken } from '../auth/tokens';
import { addUser } from '../auth/users';
import { startCollector } from '../collector/service';
import { loadInventory } from '../inventory/load';
import type { Inventory } from '../inventory/types';
import { getCompliance } from '../queries/get-compliance';
import { listFindings } from '../queries/list-findings';
import { listTargets } from '../queries/list-targets';
import { createSilence, expireSilence } from './store';

const MIN = 60_000;
const UNSAFE = 'ci-unsafe';
const NO_RNG = 'appliance-norng';

function scenario(): Scenario {
  const noHwrng = { rngAvailable: '', rngCurrent: 'none', rngQuality: null, hwrng: false };
  return {
    hosts: [
      {
        name: 'kvm-s',
        kernelRelease: '6.1.0-27-amd64',
        uptimeSec: 5_000_000,
        ...noHwrng,
        domains: [
          healthyDomain(UNSAFE, {
            disks: [
              {
                target: 'vda',
                type: 'file',
                source: '/var/lib/libvirt/images/ci.qcow2',
                driverType: 'qcow2',
                cache: 'unsafe',
                io: 'threads',
              },
            ],
          }),
          healthyDomain(NO_RNG, { rngs: [] }),
        ],
        holders: [urandomHolder(UNSAFE), urandomHolder(NO_RNG)],
        guests: [{ name: UNSAFE }, { name: NO_RNG, ...noHwrng }],
      },
    ],
  };
}

let lab: Lab;
let t: TestDb;
let receiver: Receiver;
let inventory: Inventory;
let readToken: string;
const get = (path: string) =>
  new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${readToken}` } });
const T0 = new Date(Date.now() + 24 * 60 * MIN); // a clock of our own, ahead of the real one
let clock = T0;
const at = (minutes: number) => new Date(T0.getTime() + minutes * MIN);

beforeAll(async () => {
  t = await freshDb('ew-silences-');
  process.env.DATABASE_URL = t.url;
  const viewer = await addUser(t.db, 'auditor', 'viewer', null);
  readToken = (
    await createToken(t.db, { userId: viewer.id, scope: 'read', name: 'audit export', expiresAt: null })
  ).secret;
  receiver = await startReceiver();
  lab = await startLab(toLabSpec(scenario()));
  inventory = {
    ...loadInventory({ configPath: lab.inventoryPath, env: {} }),
    timeoutMs: 5_000,
    webhooks: [
      {
        name: 'pager',
        url: receiver.url,
        format: 'alertmanager',
        secret: null,
        minSeverity: 'info',
        forMs: 0,
        repeatMs: 0,
      },
    ],
    accept: [
      {
        target: NO_RNG,
        rule: 'rng-device-missing',
        subject: null,
        reason: 'vendor appliance, cannot take a virtio-rng (OPS-7)',
      },
    ],
  };
}, 180_000);

afterAll(async () => {
  await lab?.stop();
  await receiver?.close();
  await t?.cleanup();
});

/** One collector cycle at `now` with `inv`, then delivery of whatever it enqueued; returns the new bodies. */
async function cycle(
  now: Date,
  inv: Inventory = inventory,
): Promise<{ status: string; alertname: string; target: string; startsAt: string }[]> {
  clock = now;
  const before = receiver.requests.length;
  const collector = await startCollector({
    db: t.db,
    inventory: inv,
    publicUrl: 'http://ew.test',
    loop: false,
  });
  try {
    await collector.runOnce({ now: () => now });
  } finally {
    await collector.stop();
  }
  const delivery = startAlertDelivery({ db: t.db, webhooks: inv.webhooks, now: () => clock, pollMs: 50 });
  try {
    delivery.kick();
    await waitFor(
      'the outbox to drain',
      async () => (await t.db.alertEvent.count({ where: { state: 'pending' } })) === 0,
      30_000,
    );
  } finally {
    await delivery.stop();
  }
  return receiver.requests.slice(before).map((r) => {
    const body = JSON.parse(r.body) as {
      alerts: { status: string; labels: Record<string, string>; startsAt: string }[];
    };
    const a = body.alerts[0]!;
    return {
      status: a.status,
      alertname: a.labels.alertname!,
      target: a.labels.target!,
      startsAt: a.startsAt,
    };
  });
}

describe('silences and accepted exceptions against the lab', () => {
  it('a silenced finding is judged and shown but sends nothing; an accepted one neither', async () => {
    await createSilence(
      t.db,
      {
        matchers: { rule: 'disk-cache-unsafe', target: UNSAFE },
        comment: 'CI scratch guest, unsafe on purpose',
        expiresAt: at(60),
      },
      { name: 'ana' },
      T0,
    );
    expect(await cycle(at(1))).toEqual([]);
    const open = await listFindings(t.db, { state: 'open', now: at(1) });
    const unsafe = open.find((f) => f.target === UNSAFE && f.rule === 'disk-cache-unsafe');
    expect(unsafe?.silence).toMatchObject({
      createdBy: 'ana',
      comment: 'CI scratch guest, unsafe on purpose',
      expiresAt: at(60),
    });
    const accepted = open.find((f) => f.target === NO_RNG && f.rule === 'rng-device-missing');
    expect(accepted?.accepted).toEqual({ reason: 'vendor appliance, cannot take a virtio-rng (OPS-7)' });
    // Still listed under state=open, left out by silenced=false.
    expect(
      (await listFindings(t.db, { state: 'open', silenced: false, now: at(1) })).map((f) => f.id),
    ).not.toContain(unsafe!.id);
    // Neither counts toward the status colour.
    const targets = await listTargets(t.db, { now: at(1), withSparkline: false });
    expect(targets.find((x) => x.name === UNSAFE)?.open).toEqual({ critical: 0, warning: 0, info: 0 });
    expect(targets.find((x) => x.name === NO_RNG)?.open).toEqual({ critical: 0, warning: 0, info: 0 });
    expect(await cycle(at(30))).toEqual([]);
  });

  it('GET /api/v1/findings downloads exactly the silenced and accepted views as CSV and JSON', async () => {
    const { GET } = await import('../http/endpoints/findings');
    const csv = await GET(get('/api/v1/findings?state=silenced&format=csv'));
    expect(csv.status, await csv.clone().text()).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(csv.headers.get('content-disposition')).toMatch(
      /attachment; filename="entropy-watch-findings-silenced-/,
    );
    const rows = parse(await csv.text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.target, r.rule, r.muted, r.silencedBy, r.silenceComment])).toEqual([
      [UNSAFE, 'disk-cache-unsafe', 'silenced', 'ana', 'CI scratch guest, unsafe on purpose'],
    ]);
    const json = await GET(get('/api/v1/findings?state=accepted&format=json'));
    const accepted = (await json.json()) as { target: string; accepted: unknown; silence: unknown }[];
    expect(accepted.map((f) => [f.target, f.accepted, f.silence])).toEqual([
      [NO_RNG, { reason: 'vendor appliance, cannot take a virtio-rng (OPS-7)' }, null],
    ]);
    const open = await GET(get('/api/v1/findings?state=open&silenced=false'));
    expect(((await open.json()) as { target: string }[]).map((f) => f.target)).toEqual([NO_RNG]);
    const bad = await GET(get('/api/v1/findings?format=xlsx'));
    expect(bad.status).toBe(400);
  });

  it('summarises compliance per rule and reports an accept: entry that matches nothing as stale', async () => {
    const stale = {
      target: UNSAFE,
      rule: 'rngd-needed',
      subject: null,
      reason: 'left over from the EL7 days',
    };
    const c = await getCompliance(t.db, [...inventory.accept!, stale], at(2));
    const byRule = Object.fromEntries(c.rules.map((r) => [r.rule, r]));
    expect(byRule['disk-cache-unsafe']).toMatchObject({
      targets: 1,
      open: 1,
      silenced: 1,
      accepted: 0,
      oldestOpenAt: at(1),
    });
    expect(byRule['rng-device-missing']).toMatchObject({ targets: 1, open: 1, silenced: 0, accepted: 1 });
    expect(c.staleExceptions).toEqual([{ entry: stale, where: `${UNSAFE}.accept` }]);
  });

  it('fires once when the silence expires and the finding is still open', async () => {
    const fired = await cycle(at(61));
    expect(fired).toEqual([
      { status: 'firing', alertname: 'disk-cache-unsafe', target: UNSAFE, startsAt: at(1).toISOString() },
    ]);
    expect(await cycle(at(62))).toEqual([]);
    const targets = await listTargets(t.db, { now: at(62), withSparkline: false });
    const counts = targets.find((x) => x.name === UNSAFE)!.open;
    expect(counts.critical + counts.warning + counts.info).toBe(1);
  });

  it('an accepted finding fires once its accept: entry is removed', async () => {
    expect(await cycle(at(63))).toEqual([]);
    const fired = await cycle(at(64), { ...inventory, accept: [] });
    expect(fired).toEqual([
      { status: 'firing', alertname: 'rng-device-missing', target: NO_RNG, startsAt: at(1).toISOString() },
    ]);
  });

  it('a silence expired early stops covering at once and is recorded in the audit log', async () => {
    const s = await createSilence(
      t.db,
      { matchers: { host: 'kvm-s' }, comment: 'maintenance window', expiresAt: at(200) },
      { name: 'bo' },
      at(65),
    );
    expect(
      (await listFindings(t.db, { state: 'silenced', now: at(65) })).map((f) => f.target).sort(),
    ).toEqual([NO_RNG, UNSAFE]);
    const r = await expireSilence(t.db, s.id, { name: 'bo' }, at(66));
    expect(r.ok).toBe(true);
    expect(await listFindings(t.db, { state: 'silenced', now: at(66) })).toEqual([]);
    const audit = await t.db.auditEvent.findMany({
      where: { subject: `silence:${s.id}` },
      orderBy: { id: 'asc' },
    });
    expect(audit.map((a) => [a.action, a.actor])).toEqual([
      ['silence.create', 'bo'],
      ['silence.expire', 'bo'],
    ]);
  });
});
