import { describe, expect, it } from 'vitest';
import { ownerOf, planLeases, type PlanCollector, type PlanTarget } from './lease-plan';

const NOW = new Date('2026-11-25T12:00:00Z');
const later = (s: number) => new Date(NOW.getTime() + s * 1000);
const live = (...ids: string[]): PlanCollector[] => ids.map((id) => ({ id, site: null }));

function fleet(hosts: number, guestsPerHost: number): PlanTarget[] {
  const out: PlanTarget[] = [];
  let id = 1;
  for (let h = 0; h < hosts; h++) {
    out.push({ id: id++, name: `kvm-${h}`, hostName: null, pin: null });
    for (let g = 0; g < guestsPerHost; g++) {
      out.push({ id: id++, name: `vm-${h}-${g}`, hostName: `kvm-${h}`, pin: null });
    }
  }
  return out;
}

describe('planLeases', () => {
  it('gives every target to exactly one of the live collectors, a host and its guests together', () => {
    const targets = fleet(30, 3);
    const collectors = live('a', 'b', 'c');
    const plans = collectors.map((c) => planLeases(c.id, targets, collectors, [], NOW));
    const claimed = plans.flatMap((p) => p.claim).sort((x, y) => x - y);
    expect(claimed).toEqual(targets.map((t) => t.id));
    for (const p of plans) {
      const hosts = new Set(
        p.claim.map((id) => {
          const t = targets.find((x) => x.id === id)!;
          return t.hostName ?? t.name;
        }),
      );
      // Each group is all here or not at all.
      for (const h of hosts) {
        const members = targets.filter((t) => (t.hostName ?? t.name) === h).map((t) => t.id);
        expect(members.every((m) => p.claim.includes(m))).toBe(true);
      }
    }
  });

  it('spreads 300 hosts over 3 collectors roughly evenly', () => {
    const targets = fleet(300, 0);
    const collectors = live('site-a-1', 'site-a-2', 'site-b-1');
    const counts = collectors.map((c) => planLeases(c.id, targets, collectors, [], NOW).claim.length);
    expect(counts.reduce((a, b) => a + b, 0)).toBe(300);
    for (const n of counts) expect(n).toBeGreaterThan(70); // 100 each on average
  });

  it('moves only the dead collector groups when one leaves', () => {
    const targets = fleet(60, 0);
    const before = new Map(targets.map((t) => [t.id, ownerOf(t.name, null, live('a', 'b', 'c'))]));
    const after = new Map(targets.map((t) => [t.id, ownerOf(t.name, null, live('a', 'c'))]));
    for (const t of targets) {
      if (before.get(t.id) !== 'b') expect(after.get(t.id)).toBe(before.get(t.id));
      else expect(['a', 'c']).toContain(after.get(t.id));
    }
  });

  it('renews its own live leases, claims expired ones, and leaves a live foreign lease alone', () => {
    const targets = fleet(40, 0);
    const mine = targets.filter((t) => ownerOf(t.name, null, live('a', 'b')) === 'a');
    const [kept, expired, foreign, free] = mine;
    const plan = planLeases(
      'a',
      targets,
      live('a', 'b'),
      [
        { targetId: kept!.id, collectorId: 'a', expiresAt: later(30) },
        { targetId: expired!.id, collectorId: 'b', expiresAt: later(-1) },
        // Due to a by hash but b still holds it (say, a just joined): a waits for it to lapse.
        { targetId: foreign!.id, collectorId: 'b', expiresAt: later(30) },
      ],
      NOW,
    );
    expect(plan.renew).toEqual([kept!.id]);
    expect(plan.claim).toContain(expired!.id);
    expect(plan.claim).toContain(free!.id);
    expect(plan.claim).not.toContain(foreign!.id);
    expect(plan.renew).not.toContain(foreign!.id);
  });

  it('does not renew a lease that now belongs to another live collector', () => {
    const targets = fleet(40, 0);
    const toB = targets.find((t) => ownerOf(t.name, null, live('a', 'b')) === 'b')!;
    const plan = planLeases(
      'a',
      targets,
      live('a', 'b'),
      [{ targetId: toB.id, collectorId: 'a', expiresAt: later(30) }],
      NOW,
    );
    expect(plan.renew).not.toContain(toB.id);
    expect(plan.claim).not.toContain(toB.id);
  });

  it('sends a pinned host and its guests only to the collector with that id or site', () => {
    const targets: PlanTarget[] = [
      { id: 1, name: 'kvm-a', hostName: null, pin: 'site-a' },
      { id: 2, name: 'vm-a', hostName: 'kvm-a', pin: null },
      { id: 3, name: 'kvm-x', hostName: null, pin: 'collector-9' },
    ];
    const collectors: PlanCollector[] = [
      { id: 'c1', site: 'site-a' },
      { id: 'c2', site: 'site-b' },
    ];
    expect(planLeases('c1', targets, collectors, [], NOW)).toEqual({
      renew: [],
      claim: [1, 2],
      orphaned: [3],
    });
    expect(planLeases('c2', targets, collectors, [], NOW)).toEqual({ renew: [], claim: [], orphaned: [3] });
    const withNine = [...collectors, { id: 'collector-9', site: null }];
    expect(planLeases('collector-9', targets, withNine, [], NOW).claim).toEqual([3]);
  });
});
