// npm run bench:findings-updates -- [--targets 5000] [--per-target 2] [--rounds 3]
// What the judge step's writes cost at fleet scale, old and new way in one run on one database:
// every cycle nearly every open finding is judged again unchanged. Old (lib/findings/evaluate.ts
// before the change): one UPDATE per open finding, each its own Prisma round trip. New: findings
// judged as stored move only their updatedAt, one updateMany per 500 ids (splitUnchanged). Both run
// inside one transaction, as evaluateFindings does; the whole evaluateFindings is timed too.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { defaultRuleConfig } from '../lib/checks/evaluate';
import type { Check } from '../lib/checks/types';
import { closeDb, getDb } from '../lib/db/client';
import { migrateDatabase } from '../lib/db/migrate';
import { evaluateFindings } from '../lib/findings/evaluate';
import { splitUnchanged } from '../lib/findings/unchanged';
import { spread } from './stats';

const { values } = parseArgs({
  options: {
    targets: { type: 'string', default: '5000' },
    'per-target': { type: 'string', default: '2' },
    rounds: { type: 'string', default: '3' },
  },
  strict: true,
});
const TARGETS = Number(values.targets);
const PER = Number(values['per-target']);
const ROUNDS = Number(values.rounds);
for (const [k, v] of [
  ['targets', TARGETS],
  ['per-target', PER],
  ['rounds', ROUNDS],
] as const) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${k} takes a whole number ≥ 1, got ${v}`);
}

const remediation = { summary: 'nothing', reason: 'bench', steps: [], restartRequired: false };
const rule: Check = {
  id: 'bench-rule',
  title: 'bench',
  when: 'always',
  severities: 'warning',
  fix: 'none',
  reason: 'bench',
  source: 'bench',
  appliesTo: ['host', 'guest', 'local'],
  requires: [],
  judge: (ctx) =>
    Array.from({ length: PER }, (_, i) => ({
      subject: `s${i}`,
      severity: 'warning' as const,
      summary: `${ctx.target.name} s${i}`,
      detail: 'bench',
      remediation: () => remediation,
    })),
};

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ew-bench-findings-'));
  try {
    const url = `file:${path.join(dir, 'b.db')}`;
    await migrateDatabase(url);
    const db = getDb(url);
    await db.target.createMany({
      data: Array.from({ length: TARGETS }, (_, i) => ({ name: `vm-${i}`, kind: 'guest', lastStatus: 'ok' })),
    });
    const judge = (now: Date) =>
      evaluateFindings(db, {
        now,
        config: defaultRuleConfig,
        webhooks: [],
        publicUrl: 'http://bench.invalid',
        rules: [rule],
      });
    await judge(new Date()); // opens TARGETS × PER findings
    const stored = await db.finding.findMany({ where: { state: 'open' } });
    const updates = stored.map((f) => ({
      id: f.id,
      rule: f.rule,
      subject: f.subject,
      severity: 'warning' as const,
      summary: f.summary,
      detail: f.detail,
      remediation,
    }));
    const byId = new Map(stored.map((f) => [f.id, f]));
    const old: number[] = [];
    const now: number[] = [];
    const whole: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const at = new Date();
      let t0 = performance.now();
      await db.$transaction(
        async (tx) => {
          for (const u of updates) {
            await tx.finding.update({
              where: { id: u.id },
              data: {
                severity: u.severity,
                summary: u.summary,
                detail: u.detail,
                remediation: JSON.stringify(u.remediation),
                updatedAt: at,
                pendingColdBootSince: null,
              },
            });
          }
        },
        { timeout: 600_000 },
      );
      old.push(performance.now() - t0);
      t0 = performance.now();
      await db.$transaction(
        async (tx) => {
          const { unchanged, changed } = splitUnchanged(updates, byId);
          if (changed.length > 0) throw new Error(`${changed.length} findings read as changed`);
          for (let i = 0; i < unchanged.length; i += 500) {
            await tx.finding.updateMany({
              where: { id: { in: unchanged.slice(i, i + 500) } },
              data: { updatedAt: at },
            });
          }
        },
        { timeout: 600_000 },
      );
      now.push(performance.now() - t0);
      t0 = performance.now();
      await judge(at);
      whole.push(performance.now() - t0);
    }
    const med = (xs: number[]) => spread(xs).median.toFixed(0);
    console.log(
      [
        `bench:findings-updates: ${TARGETS} targets × ${PER} open findings = ${stored.length}, SQLite, ` +
          `${ROUNDS} rounds, ${os.cpus().length} cores, load ${os
            .loadavg()
            .map((l) => l.toFixed(1))
            .join(' ')}`,
        `old  one UPDATE per finding:                  median ${med(old)} ms`,
        `new  updateMany of unchanged, 500 ids each:  median ${med(now)} ms`,
        `evaluateFindings as it is now (judge+write):  median ${med(whole)} ms`,
      ].join('\n'),
    );
  } finally {
    await closeDb();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`bench:findings-updates: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
