// The findings transaction at fleet scale: unchanged findings move only their updatedAt (one statement
// per chunk of ids), changed ones are rewritten, resolutions go in chunks, over SQLite's bind limit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDb, type TestDb } from '../../test/support/test-db';
import { defaultRuleConfig } from '../checks/evaluate';
import type { Check } from '../checks/types';
import type { Db } from '../db/client';
import { registerProvider } from '../db/providers/dialect';
import { evaluateFindings, OPEN_CHUNK } from './evaluate';

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

  it('hands new findings to Prisma a chunk at a time (its query compiler keeps the memory of the largest statement)', async () => {
    await t.db.alertEvent.deleteMany();
    await t.db.finding.deleteMany();
    for (let i = 0; i < TARGETS; i++) failing.add(`vm-${String(i).padStart(4, '0')}`);
    severityOf = () => 'warning';
    const rowsPerCreate: number[] = [];
    const spied = t.db.$extends({
      query: {
        finding: {
          async createMany({ args, query }) {
            rowsPerCreate.push(Array.isArray(args.data) ? args.data.length : 1);
            return query(args);
          },
        },
      },
    });
    registerProvider(spied, t.store);
    const result = await evaluateFindings(spied as unknown as Db, {
      now: new Date('2026-11-25T11:00:00Z'),
      config: defaultRuleConfig,
      webhooks: [],
      publicUrl: 'http://test.invalid',
      rules: [everywhere],
    });
    expect(result.opened).toBe(TARGETS);
    expect(await t.db.finding.count({ where: { state: 'open' } })).toBe(TARGETS);
    expect(rowsPerCreate.reduce((a, b) => a + b, 0)).toBe(TARGETS);
    expect(Math.max(...rowsPerCreate)).toBeLessThanOrEqual(OPEN_CHUNK);
  });
});
