import type { Db } from '../db/client';
import { providerOf } from '../db/providers/dialect';

type Tx = Parameters<Parameters<Db['$transaction']>[0]>[0];
import type { SshTargetConfig, WebhookConfig } from '../inventory/types';
import { syncAlertEvents } from '../alerts/outbox';
import type { AcceptEntry } from '../inventory/accept';
import { assignSilences } from '../silences/assign';
import { applyAcceptances } from './apply-accepts';
import { allChecks as allRules } from '../checks';
import type { Check as Rule, RuleConfig } from '../checks/types';
import { judgeFleet } from './judge';
import { loadTargetStates } from './load-states';
import { planFindings, type FindingPlan } from './plan';
import { splitUnchanged, type StoredFinding } from './unchanged';

/** Ids per statement: Prisma allows SQLite 999 bind values. */
const CHUNK = 500;
/**
 * New findings per createMany. Prisma's query compiler (WebAssembly) takes each statement's whole
 * data as one request, and its memory grows to the largest request and never shrinks: a first cycle
 * that opened 10,000 findings (about 25 MB of summaries and remediations) in one createMany left the
 * collector 100+ MB larger for good (docs/performance.md, "Where a collector's memory goes").
 */
export const OPEN_CHUNK = 100;
const chunks = <T>(items: readonly T[], size = CHUNK): T[][] =>
  Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));

export interface EvaluateOptions {
  now: Date;
  config: RuleConfig;
  webhooks: WebhookConfig[];
  publicUrl: string;
  /** inventory entries, so remediation commands name the real address, port, URI and known_hosts */
  targets?: SshTargetConfig[];
  /** the inventory's `accept:` entries: matching findings are accepted policy and never alert */
  accept?: readonly AcceptEntry[];
  rules?: readonly Rule[];
  log?: (line: string) => void;
}

export interface EvaluateResult {
  opened: number;
  updated: number;
  resolved: number;
}

/** pg_advisory_xact_lock key of the findings transaction ("EWfindng" as a 64-bit number). */
const FINDINGS_LOCK_KEY = 0x4557_6669_6e64_6e67n;

/** Judges every current target with the rules and moves findings through their lifecycle, alerts included, in one transaction. */
export async function evaluateFindings(db: Db, opts: EvaluateOptions): Promise<EvaluateResult> {
  const rules = opts.rules ?? allRules;
  const loaded = await loadTargetStates(db, opts.now, {
    statusDepth: Math.max(opts.config.unreachableCycles, 3),
  });
  const evaluations = judgeFleet(loaded, rules, opts);
  // The open findings are read inside the transaction that changes them, so two collectors on one
  // database (say `collect --once` beside `npm start`) cannot both open the same finding: SQLite
  // lets only one of them write, and the other fails its cycle and judges again next time.
  const postgres = providerOf(db) === 'postgresql';
  return db.$transaction(
    async (tx) => {
      // PostgreSQL's READ COMMITTED would let two collectors read the same open findings and both
      // open a new one; a transaction-scoped advisory lock makes the judging transactions take turns.
      if (postgres) await tx.$executeRaw`SELECT pg_advisory_xact_lock(${FINDINGS_LOCK_KEY})`;
      const [openFindings, removed] = await Promise.all([
        tx.finding.findMany({
          where: { state: 'open' },
          select: {
            id: true,
            targetId: true,
            rule: true,
            subject: true,
            severity: true,
            summary: true,
            detail: true,
            remediation: true,
            pendingColdBootSince: true,
          },
        }),
        tx.target.findMany({ where: { removedAt: { not: null } }, select: { id: true } }),
      ]);
      const plan = planFindings(openFindings, evaluations, {
        removedTargetIds: new Set(removed.map((r) => r.id)),
        knownRules: new Set(rules.map((r) => r.id)),
      });
      await applyPlan(tx, plan, opts, new Map(openFindings.map((f) => [f.id, f])));
      return { opened: plan.open.length, updated: plan.update.length, resolved: plan.resolve.length };
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}

async function applyPlan(
  tx: Tx,
  plan: FindingPlan,
  opts: EvaluateOptions,
  stored: Map<number, StoredFinding>,
): Promise<void> {
  const now = opts.now;
  for (const batch of chunks(plan.open, OPEN_CHUNK)) {
    await tx.finding.createMany({
      data: batch.map((h) => ({
        targetId: h.targetId,
        rule: h.rule,
        subject: h.subject,
        severity: h.severity,
        state: 'open',
        summary: h.summary,
        detail: h.detail,
        remediation: JSON.stringify(h.remediation),
        openedAt: now,
        updatedAt: now,
        pendingColdBootSince: h.pendingColdBoot ? now : null,
      })),
    });
  }
  // Most open findings are judged the same every cycle: one statement per chunk moves their updatedAt.
  const { unchanged, changed } = splitUnchanged(plan.update, stored);
  for (const ids of chunks(unchanged)) {
    await tx.finding.updateMany({ where: { id: { in: ids } }, data: { updatedAt: now } });
  }
  for (const u of changed) {
    await tx.finding.update({
      where: { id: u.id },
      data: {
        severity: u.severity,
        summary: u.summary,
        detail: u.detail,
        remediation: JSON.stringify(u.remediation),
        updatedAt: now,
        // Kept from the cycle it started waiting; cleared when it fails on the definition again.
        pendingColdBootSince: u.pendingColdBoot ? (stored.get(u.id)?.pendingColdBootSince ?? now) : null,
      },
    });
  }
  for (const ids of chunks(plan.resolve.map((r) => r.id))) {
    await tx.finding.updateMany({
      where: { id: { in: ids } },
      data: { state: 'resolved', resolvedAt: now, updatedAt: now },
    });
  }
  // Accepted and silenced findings are still judged above; these mark them so they alert nothing.
  await applyAcceptances(tx, opts.accept ?? []);
  await assignSilences(tx, now);
  await syncAlertEvents(tx, {
    now,
    webhooks: opts.webhooks,
    publicUrl: opts.publicUrl,
    resolvedFindingIds: plan.resolve.map((r) => r.id),
  });
}
