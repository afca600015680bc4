// The findings transaction at fleet scale: unchanged findings move only their updatedAt (one statement
// per chunk of ids), changed ones are rewritten, resolutions go in chunks, over SQLite's bind limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../test/support/test-db';
import { defaultRuleConfig } from '../checks/evaluate';
import type { Check } from '../checks/types';
import { evaluateFindings } from './evaluate';

const TARGETS = 1200; // over the 999 bind values Prisma allows SQLite in one statement
let t: TestDb;

/** A rule that fails on every target named in `failing`, with the severity `severityOf` gives. */
const failing = new Set<string>();
let severityOf: (name: string) => 'warning' | 'critical' = () => 'warning';
const everywhere: Check = {
  id: 'test-fleet-rule',
  title: 'test rule',
  when: 'in this test',
  severities: 'warning or critical',
  fix: 'none',
  reason: 'a test',
  source: 'this test',
  appliesTo: ['host', 'guest', 'local'],
  requires: [],
  judge: (ctx) =>
    failing.has(ctx.target.name)
      ? [
          {
            subject: '',
            severity: severityOf(ctx.target.name),
            summary: `${ctx.target.name} is ${severityOf(ctx.target.name)}`,
            detail: 'from the test',
            remediation: () => ({ summary: 'nothing', reason: 'a test', steps: [], restartRequired: false }),
          },
        ]
      : [],
};

const cycle = (now: Date) =>
  evaluateFindings(t.db, {
    now,
    config: defaultRuleConfig,
    webhooks: [],
    publicUrl: 'http://test.invalid',
    rules: [everywhere],
  });

beforeAll(async () => {
  t = await freshDb('ew-evaluate-');
  await t.db.target.createMany({
    data: Array.from({ length: TARGETS }, (_, i) => ({
      name: `vm-${String(i).padStart(4, '0')}`,
      kind: 'guest',
      lastStatus: 'ok',
    })),
  });
}, 60_000);

afterAll(async () => {
  await t.cleanup();
});

describe('evaluateFindings over 1,200 targets', () => {
  it('opens, keeps, rewrites what changed and resolves, each finding once', async () => {
    const t1 = new Date('2026-11-25T10:00:00Z');
    const t2 = new Date('2026-11-25T10:01:00Z');
    const t3 = new Date('2026-11-25T10:02:00Z');
    for (let i = 0; i < TARGETS; i++) failing.add(`vm-${String(i).padStart(4, '0')}`);
    expect(await cycle(t1)).toEqual({ opened: TARGETS, updated: 0, resolved: 0 });

    // Cycle 2: one target turns critical, the rest are judged as before.
    severityOf = (name) => (name === 'vm-0777' ? 'critical' : 'warning');
    expect(await cycle(t2)).toEqual({ opened: 0, updated: TARGETS, resolved: 0 });
    const open = await t.db.finding.findMany({ where: { state: 'open' }, include: { target: true } });
    expect(open).toHaveLength(TARGETS);
    expect(open.every((f) => f.updatedAt.getTime() === t2.getTime())).toBe(true);
    expect(open.every((f) => f.openedAt.getTime() === t1.getTime())).toBe(true);
    const critical = open.filter((f) => f.severity === 'critical');
    expect(critical.map((f) => [f.target.name, f.summary])).toEqual([['vm-0777', 'vm-0777 is critical']]);

    // Cycle 3: the rule passes everywhere but on one target.
    failing.clear();
    failing.add('vm-0001');
    expect(await cycle(t3)).toEqual({ opened: 0, updated: 1, resolved: TARGETS - 1 });
    const resolved = await t.db.finding.findMany({ where: { state: 'resolved' } });
    expect(resolved).toHaveLength(TARGETS - 1);
    expect(resolved.every((f) => f.resolvedAt?.getTime() === t3.getTime())).toBe(true);
    expect(await t.db.finding.count({ where: { state: 'open' } })).toBe(1);
  }, 120_000);
});
