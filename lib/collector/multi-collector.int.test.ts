// Three collector processes (`npm run collect -- --collector-id ...`) on one real PostgreSQL
// against the lab: every target is polled once per interval by exactly one of them, the load is
// spread, a collector killed with SIGKILL has its targets taken over within two intervals, and
// each finding is opened once and alerted once, to a real HTTP receiver.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab } from '../../test/lab/lab';
import { healthyDomain, toLabSpec } from '../../test/lab/scenario-model';
import type { Lab } from '../../test/lab/types';
import { startPostgres, type TestPostgres } from '../../test/support/postgres';
import { startReceiver, type Receiver } from '../../test/support/webhook-receiver';
import { closeDb, getDb, type Db } from '../db/client';
import { migrateDatabase } from '../db/migrate';
import { loadInventory } from '../inventory/load';
import { listCollectors } from '../queries/list-collectors';
import { ownerOf } from './lease-plan';

const INTERVAL_S = 8;
const I = INTERVAL_S * 1000;
const IDS = ['col-a', 'col-b', 'col-c'];
// Six legacy hosts (entropy-low fires on each), two with a guest whose virtio RNG has no rate limit
// (rng-rate-unlimited): 8 targets in 6 groups.
const HOSTS = ['kvm-1', 'kvm-2', 'kvm-3', 'kvm-4', 'kvm-5', 'kvm-6'];
const GUESTS: Record<string, string> = { 'kvm-1': 'vm-1', 'kvm-4': 'vm-4' };

let server: TestPostgres | undefined;
let lab: Lab | undefined;
let receiver: Receiver | undefined;
let db: Db;
let url = '';
const procs = new Map<string, ChildProcess>();
const logs = new Map<string, string[]>();
let killed = '';

function collectorEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url };
  delete env.ENTROPY_WATCH_CONFIG;
  return env;
}

function startCollectorProcess(id: string) {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'scripts/collect.ts', '--config', lab!.inventoryPath, '--collector-id', id],
    {
      env: collectorEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  child.stdout!.on('data', (b: Buffer) => lines.push(b.toString()));
  child.stderr!.on('data', (b: Buffer) => lines.push(b.toString()));
  procs.set(id, child);
  logs.set(id, lines);
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number) {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    const dead = [...procs].filter(([id, c]) => c.exitCode !== null && id !== killed);
    if (Date.now() > end || dead.length > 0) {
      throw new Error(
        `timed out waiting for ${what}\n${[...logs].map(([id, l]) => `--- ${id}\n${l.join('').slice(-1500)}`).join('\n')}`,
      );
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}

beforeAll(async () => {
  server = await startPostgres();
  url = await server.createDatabase('fleet');
  await migrateDatabase(url);
  db = getDb(url);
  receiver = await startReceiver();
  lab = await startLab(
    toLabSpec({
      hosts: HOSTS.map((name) => {
        const guest = GUESTS[name];
        return {
          name,
          kernelRelease: '4.19.0-26-amd64',
          poolsize: 4096,
          entropyAvail: 60,
          domains: guest
            ? [healthyDomain(guest, { rngs: [{ model: 'virtio', backend: '/dev/urandom' }] })]
            : [],
          holders: guest ? [{ domain: guest, devices: ['/dev/urandom'] }] : [],
          guests: guest ? [{ name: guest }] : [],
        };
      }),
      inventory: {
        interval: `${INTERVAL_S}s`,
        timeout: '5s',
        webhooks: [{ name: 'ops', url: `${receiver.url}/hook`, minSeverity: 'info', for: '0s' }],
      },
    }),
  );
}, 240_000);

afterAll(async () => {
  for (const child of procs.values())
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await Promise.all(
    [...procs.values()].map((c) =>
      c.exitCode === null && c.signalCode === null ? new Promise((r) => c.once('exit', r)) : null,
    ),
  );
  await closeDb();
  await receiver?.close();
  await lab?.stop();
  await server?.stop();
}, 60_000);

async function samplesByTarget(since: Date, until?: Date) {
  const rows = await db.sample.findMany({
    where: { at: { gte: since, ...(until ? { lt: until } : {}) } },
    select: { at: true, target: { select: { name: true } } },
    orderBy: { at: 'asc' },
  });
  const m = new Map<string, number[]>();
  for (const r of rows) m.set(r.target.name, [...(m.get(r.target.name) ?? []), r.at.getTime()]);
  return m;
}

describe('three collectors on one PostgreSQL', () => {
  it('share the fleet: each target polled once per interval by one collector, load spread by host group', async () => {
    const inventory = loadInventory({ configPath: lab!.inventoryPath, env: {} });
    expect(inventory.targets).toHaveLength(8);
    for (const id of IDS) startCollectorProcess(id);
    await until(
      'all three collectors to hold leases',
      async () => {
        const leases = await db.targetLease.groupBy({
          by: ['collectorId'],
          where: { expiresAt: { gt: new Date() } },
          _count: { _all: true },
        });
        return leases.length === 3 && leases.reduce((n, l) => n + l._count._all, 0) === 8;
      },
      120_000,
    );
    // Who holds what is exactly what rendezvous hashing says for three live collectors.
    const live = IDS.map((id) => ({ id, site: null }));
    const leases = await db.targetLease.findMany({ include: { target: true } });
    for (const l of leases) {
      const group =
        l.target.kind === 'guest' ? (l.target.name === 'vm-1' ? 'kvm-1' : 'kvm-4') : l.target.name;
      expect(l.collectorId).toBe(ownerOf(group, null, live));
    }
    // Steady state: over three whole intervals, each target has 3 samples (±1 for phase), never two
    // closer than half an interval.
    const from = new Date();
    await new Promise((r) => setTimeout(r, 3 * I));
    const counts = await samplesByTarget(from, new Date());
    expect([...counts.keys()].sort()).toEqual(inventory.targets.map((t) => t.name).sort());
    for (const [name, times] of counts) {
      expect(times.length, name).toBeGreaterThanOrEqual(2);
      expect(times.length, name).toBeLessThanOrEqual(4);
      for (let i = 1; i < times.length; i++)
        expect(times[i]! - times[i - 1]!, name).toBeGreaterThanOrEqual(I / 2);
    }
    const runs = await db.collectorRun.groupBy({ by: ['collectorId'], _sum: { targets: true } });
    expect(runs.map((r) => r.collectorId).sort()).toEqual(IDS);
    // What the health endpoint and the dashboard's Collectors card show.
    const views = await listCollectors(db);
    expect(views.map((v) => [v.id, v.alive])).toEqual(IDS.map((id) => [id, true]));
    expect(views.reduce((n, v) => n + v.leases, 0)).toBe(8);
    expect(views.every((v) => v.lastCycleAt !== null)).toBe(true);
  }, 300_000);

  it('takes over the targets of a collector killed with SIGKILL within two intervals', async () => {
    const held = await db.targetLease.groupBy({ by: ['collectorId'], _count: { _all: true } });
    const victim = held.sort((a, b) => b._count._all - a._count._all)[0]!.collectorId;
    const victimTargets = (
      await db.targetLease.findMany({ where: { collectorId: victim }, include: { target: true } })
    ).map((l) => l.target.name);
    killed = victim;
    const killedAt = new Date();
    procs.get(victim)!.kill('SIGKILL');
    await until(
      `the survivors to poll ${victimTargets.join(', ')}`,
      async () => {
        const after = await samplesByTarget(killedAt);
        return victimTargets.every((n) => (after.get(n) ?? []).length > 0);
      },
      6 * I,
    );
    const last = await samplesByTarget(new Date(killedAt.getTime() - 2 * I), killedAt);
    const after = await samplesByTarget(killedAt);
    const gaps = victimTargets.map((n) => {
      const before = last.get(n)!;
      return after.get(n)![0]! - before[before.length - 1]!;
    });
    const takeovers = victimTargets.map((n) => after.get(n)![0]! - killedAt.getTime());
    const s = (ms: number[]) => ms.map((g) => `${(g / 1000).toFixed(1)} s`).join(', ');
    console.log(
      `SIGKILL of ${victim} (interval ${INTERVAL_S} s): its targets polled again ${s(takeovers)} after the kill; ` +
        `gaps between their polls ${s(gaps)}`,
    );
    // From the kill: its leases lapse within 1.5 intervals (renewed every half interval) and a survivor
    // wakes within half an interval more. 2 s of slack for a survivor's cycle that ends late.
    for (const t of takeovers) expect(t).toBeLessThanOrEqual(2 * I + 2000);
    const leases = await db.targetLease.findMany({ where: { expiresAt: { gt: new Date() } } });
    expect(leases.every((l) => l.collectorId !== victim)).toBe(true);
  }, 300_000);

  it('opened each finding once and sent each alert once', async () => {
    const open = await db.finding.findMany({ where: { state: 'open' }, include: { target: true } });
    const keys = open.map((f) => `${f.target.name} ${f.rule} ${f.subject}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(open.map((f) => `${f.target.name} ${f.rule}`).sort()).toEqual(
      [...HOSTS.map((h) => `${h} entropy-low`), 'vm-1 rng-rate-unlimited', 'vm-4 rng-rate-unlimited'].sort(),
    );
    const all = await db.finding.count();
    expect(all).toBe(open.length);
    await until(
      'every firing event delivered',
      async () =>
        (await db.alertEvent.count({ where: { type: 'firing', state: 'delivered' } })) === open.length,
      60_000,
    );
    const events = await db.alertEvent.findMany({ where: { type: 'firing' } });
    expect(events).toHaveLength(open.length);
    expect(new Set(events.map((e) => e.findingId)).size).toBe(open.length);
    const ids = receiver!.accepted.map(
      (r) => r.headers['webhook-id'] ?? r.headers['x-entropy-watch-event-id'],
    );
    expect(ids).toHaveLength(open.length);
    expect(new Set(ids).size).toBe(open.length);
  }, 120_000);
});
