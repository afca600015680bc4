// The hostile-tenant acceptance scenario (issue 11), through the real collector against the lab:
// guests print thousands of host keys, copy their host's public key, machine-id and random seed,
// put control characters and bidi overrides in every field, and one prints a 200 KiB kernel release.
// Nothing opens on the host because of what guests claim, no (target, check) exceeds its budget, and
// no control character reaches the database or an API body.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { benchLabSpec } from './scenarios';
import { startLab } from './lab';
import { hostIdentity, makeHostile, type Hostility } from './hostile';
import type { Lab } from './types';
import { freshDb, type TestDb } from '../support/test-db';
import { loadInventory } from '../../lib/inventory/load';
import type { Inventory } from '../../lib/inventory/types';
import { startCollector } from '../../lib/collector/service';
import { hasForbiddenChars } from '../../lib/probe/input-policy';
import { MAX_FINDINGS_PER_CHECK } from '../../lib/checks/budget';
import { addUser } from '../../lib/auth/users';
import { createToken } from '../../lib/auth/tokens';

const HOST = 'bench-kvm-1';
const HOSTILE: Record<string, Hostility> = {
  'vm-1-1': 'key-flood',
  'vm-1-2': 'key-flood',
  'vm-1-3': 'huge-kernel',
  'vm-1-4': 'bidi',
};

let lab: Lab;
let t: TestDb;
let inventory: Inventory;

beforeAll(async () => {
  t = await freshDb('ew-hostile-');
  process.env.DATABASE_URL = t.url;
  lab = await startLab({
    ...benchLabSpec(8),
    // Events are queued for this receiver whether or not it answers; nothing listens on port 9.
    inventory: { webhooks: [{ name: 'ops', url: 'http://127.0.0.1:9/hook', minSeverity: 'info' }] },
  });
  const identity = await hostIdentity(lab, HOST);
  for (const [guest, kind] of Object.entries(HOSTILE)) await makeHostile(lab, guest, kind, identity);
  inventory = { ...loadInventory({ configPath: lab.inventoryPath, env: {} }), timeoutMs: 20_000 };
}, 240_000);

afterAll(async () => {
  await lab?.stop();
  await t?.cleanup();
});

/** Every string in a value, JSON in strings included, so an escaped \u001b counts as what it decodes to. */
function strings(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') {
    out.push(value);
    if (/^[[{]/.test(value)) {
      try {
        strings(JSON.parse(value), out);
      } catch {
        // not JSON: the raw string was checked
      }
    }
  } else if (Array.isArray(value)) for (const v of value) strings(v, out);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) strings(v, out);
  return out;
}

async function everyStoredString(): Promise<string[]> {
  const tables = await t.db.$queryRawUnsafe<{ name: string }[]>(
    t.store === 'postgresql'
      ? "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE '\\_prisma%'"
      : "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '_prisma%'",
  );
  const all: string[] = [];
  for (const { name } of tables) {
    const rows = await t.db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "${name}"`);
    strings(rows, all);
  }
  return all;
}

describe('hostile tenants through the real collector', () => {
  it('stores no guest claim against the host, stays within budgets, and keeps controls out', async () => {
    const collector = await startCollector({ db: t.db, inventory, publicUrl: 'http://ew.test', loop: false });
    const eventsPerCycle: number[] = [];
    try {
      for (let cycle = 0; cycle < 2; cycle++) {
        const before = await t.db.alertEvent.count();
        const report = await collector.runOnce();
        eventsPerCycle.push((await t.db.alertEvent.count()) - before);
        // Every hostile guest was reached and parsed: a field that trips a bound fails that field only.
        expect(Object.fromEntries(report.rows.map((r) => [r.target, r.status]))).toEqual(
          Object.fromEntries(
            [HOST, ...Array.from({ length: 7 }, (_, i) => `vm-1-${i + 1}`)].map((n) => [n, 'ok']),
          ),
        );
      }
    } finally {
      await collector.stop?.();
    }

    const open = await t.db.finding.findMany({ where: { state: 'open' }, include: { target: true } });
    const on = (name: string) =>
      open.filter((f) => f.target.name === name).map((f) => `${f.rule} ${f.subject}`);

    const hostObservation = JSON.parse(
      (await t.db.observation.findFirstOrThrow({ where: { target: { name: HOST } } })).data,
    ) as { presentedHostKey: { fingerprint: string } };
    const hostFingerprint = hostObservation.presentedHostKey.fingerprint;
    // Zero findings on the host: the guests copied its public key, machine-id and seed, but the key
    // its sshd presented is its own and a guest's word never flags a host.
    expect(on(HOST)).toEqual([]);
    expect(open.filter((f) => f.rule === 'clone-ssh-hostkey')).toEqual([]);
    // The guests that claimed the host's identity carry the findings themselves, with a console check first.
    const claimed = open.filter((f) => f.rule === 'clone-machine-id' && f.target.name === 'vm-1-1');
    expect(claimed).toHaveLength(1);
    expect(JSON.parse(claimed[0]!.remediation).steps[0].description).toMatch(/^First verify on the console/);

    // Two guests show the host's own key beside theirs in clean .pub files: stored as reported (the
    // guest's own business), but no evidence against the host.
    for (const guest of ['vm-1-3', 'vm-1-4']) {
      const o = JSON.parse(
        (await t.db.observation.findFirstOrThrow({ where: { target: { name: guest } } })).data,
      ) as {
        sshHostKeys: { fingerprint: string }[];
      };
      expect(
        o.sshHostKeys.map((k) => k.fingerprint),
        guest,
      ).toContain(hostFingerprint);
    }

    // Each tripped bound is named on its guest; the rest of that guest is still judged.
    expect(on('vm-1-1')).toEqual(expect.arrayContaining(['probe-output-invalid refused:sshHostKeys']));
    expect(on('vm-1-2')).toEqual(expect.arrayContaining(['probe-output-invalid refused:sshHostKeys']));
    expect(on('vm-1-3')).toEqual(expect.arrayContaining(['probe-output-invalid refused:kernelRelease']));
    for (const guest of Object.keys(HOSTILE)) {
      expect(on(guest), guest).toEqual(
        expect.arrayContaining([
          'probe-output-invalid refused:rngCurrent',
          'probe-output-invalid refused:osId',
        ]),
      );
    }
    const obs = JSON.parse(
      (await t.db.observation.findFirstOrThrow({ where: { target: { name: 'vm-1-3' } } })).data,
    ) as { kernelRelease: string | null; fieldErrors: Record<string, string>; presentedHostKey: unknown };
    expect(obs.kernelRelease).toBeNull();
    expect(obs.fieldErrors.kernelRelease).toMatch(
      /^refused: kernel release is too long \(2048\d\d characters/,
    );
    expect(obs.presentedHostKey).toMatchObject({
      type: 'ssh-ed25519',
      fingerprint: expect.stringMatching(/^SHA256:/),
    });

    // Budgets: no (target, check) over 32 findings + the summary; events no more than findings opened.
    const perPair = new Map<string, number>();
    for (const f of open)
      perPair.set(`${f.target.name} ${f.rule}`, (perPair.get(`${f.target.name} ${f.rule}`) ?? 0) + 1);
    expect(Math.max(...perPair.values())).toBeLessThanOrEqual(MAX_FINDINGS_PER_CHECK + 1);
    const maxEvents = (inventory.webhooks[0] as { maxEventsPerCycle?: number }).maxEventsPerCycle;
    expect(eventsPerCycle[0]).toBeLessThanOrEqual(Math.min(open.length, (maxEvents ?? Infinity) + 1));
    expect(eventsPerCycle[1]).toBe(0);

    // No control or bidi character in any stored field.
    const stored = await everyStoredString();
    expect(stored.length).toBeGreaterThan(100);
    expect(stored.filter(hasForbiddenChars).map((s) => JSON.stringify(s.slice(0, 80)))).toEqual([]);
  });

  it('serves no control character in any API body', async () => {
    const vic = await addUser(t.db, 'vic', 'viewer', null);
    const token = (await createToken(t.db, { userId: vic.id, scope: 'read', name: 'ro', expiresAt: null }))
      .secret;
    const get = (path: string) =>
      new Request(`http://localhost${path}`, { headers: { authorization: `Bearer ${token}` } });
    const targets = await t.db.target.findMany({ select: { name: true } });
    const bodies: string[] = [];
    const { GET: findings } = await import('../../lib/http/endpoints/findings');
    bodies.push(await (await findings(get('/api/v1/findings?state=open'))).text());
    const { GET: list } = await import('../../lib/http/endpoints/targets');
    bodies.push(await (await list(get('/api/v1/targets'))).text());
    const { GET: one } = await import('../../lib/http/endpoints/target');
    for (const { name } of targets) {
      const res = await one(get(`/api/v1/targets/${encodeURIComponent(name)}`), {
        params: Promise.resolve({ name }),
      });
      bodies.push(await res.text());
    }
    expect(bodies.map((b) => b.slice(0, 1))).toEqual(bodies.map(() => expect.stringMatching(/^[[{]$/)));
    expect(bodies.join('')).toContain('refused: ');
    const bad = bodies
      .flatMap((b) => strings(b).concat(strings(JSON.parse(b) as unknown)))
      .filter(hasForbiddenChars);
    expect(bad.map((s) => JSON.stringify(s.slice(0, 80)))).toEqual([]);
  });
});
