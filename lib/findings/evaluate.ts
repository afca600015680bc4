import type { Db } from '../db/client';
import type { SshTargetConfig, WebhookConfig } from '../inventory/types';
import type { RemediationContext } from '../remediation/context';
import { syncAlertEvents } from '../alerts/outbox';
import { remediate } from '../remediation/registry';
import { allRules } from '../rules/registry';
import { evaluateTarget, requiredInputs } from '../rules/evaluate';
import type { Rule, RuleConfig, RuleInput } from '../rules/types';
import { loadTargetStates, type LoadedTarget } from './load-states';
import { planFindings, type FindingPlan, type TargetEvaluation } from './plan';

export interface EvaluateOptions {
  now: Date;
  config: RuleConfig;
  intervalMs: number;
  webhooks: WebhookConfig[];
  publicUrl: string;
  /** inventory entries, so remediation commands name the real address, port, URI and known_hosts */
  targets?: SshTargetConfig[];
  rules?: readonly Rule[];
  log?: (line: string) => void;
}

export interface EvaluateResult {
  opened: number;
  updated: number;
  resolved: number;
}

/** Judges every current target with the rules and moves findings through their lifecycle, alerts included, in one transaction. */
export async function evaluateFindings(db: Db, opts: EvaluateOptions): Promise<EvaluateResult> {
  const rules = opts.rules ?? allRules;
  const loaded = await loadTargetStates(db, opts.now, {
    statusDepth: Math.max(opts.config.unreachableCycles, 3),
    intervalMs: opts.intervalMs,
  });
  const evaluations = judgeFleet(loaded, rules, opts);
  const [openFindings, removed] = await Promise.all([
    db.finding.findMany({
      where: { state: 'open' },
      select: { id: true, targetId: true, rule: true, subject: true, severity: true },
    }),
    db.target.findMany({ where: { removedAt: { not: null } }, select: { id: true } }),
  ]);
  const plan = planFindings(openFindings, evaluations, {
    removedTargetIds: new Set(removed.map((r) => r.id)),
    knownRules: new Set(rules.map((r) => r.id)),
  });
  await applyPlan(db, plan, opts);
  return { opened: plan.open.length, updated: plan.update.length, resolved: plan.resolve.length };
}

/** Builds each target's rule context and runs the rules whose inputs are available this cycle. */
export function judgeFleet(
  loaded: LoadedTarget[],
  rules: readonly Rule[],
  opts: Pick<EvaluateOptions, 'now' | 'config' | 'targets' | 'log'>,
): TargetEvaluation[] {
  const access = new Map((opts.targets ?? []).map((t) => [t.name, t]));
  const log = opts.log ?? ((line: string) => console.error(line));
  const byName = new Map(loaded.map((l) => [l.state.name, l]));
  const fleet = loaded.map((l) => l.state);
  const claimed = new Map<string, Set<string>>();
  for (const l of loaded) {
    if (l.state.kind === 'guest' && l.state.hostName && l.state.domainName) {
      const set = claimed.get(l.state.hostName) ?? new Set<string>();
      set.add(l.state.domainName);
      claimed.set(l.state.hostName, set);
    }
  }
  return loaded.map((l) => {
    const t = l.state;
    const host = t.hostName ? byName.get(t.hostName) : undefined;
    const ownDomains = t.observation?.host?.domains ?? [];
    const domain =
      t.kind === 'guest'
        ? (host?.state.observation?.host?.domains.find((d) => d.name === t.domainName) ?? null)
        : null;
    const available: Record<RuleInput, boolean> = {
      observation: l.fresh,
      // For a host, its own observation is the host observation (its domains, holders, kernel).
      hostObservation: t.kind === 'guest' ? (host?.fresh ?? false) : l.fresh,
      domain: t.kind === 'guest' ? (host?.fresh ?? false) && domain !== null : l.fresh,
      statuses: true,
      fleet: true,
    };
    const ctx: RemediationContext = {
      now: opts.now,
      config: opts.config,
      target: t,
      host: host?.state ?? null,
      domain,
      fleet,
      unclaimedDomains: t.kind === 'guest' ? [] : ownDomains.filter((d) => !claimed.get(t.name)?.has(d.name)),
      targetAccess: access.get(t.name) ?? null,
      hostAccess: t.hostName ? (access.get(t.hostName) ?? null) : null,
    };
    const applicable = rules.filter(
      (r) => r.appliesTo.includes(t.kind) && requiredInputs(r, t.kind).every((i) => available[i]),
    );
    const evaluated = new Set<string>();
    const hits = [];
    // One rule at a time: a bug in one rule (or its remediation) leaves that rule's findings as they
    // are and is logged, while every other rule still judges this target.
    for (const rule of applicable) {
      try {
        for (const { hit } of evaluateTarget(ctx, [rule])) {
          hits.push({
            rule: rule.id,
            subject: hit.subject,
            severity: hit.severity,
            summary: hit.summary,
            detail: hit.detail,
            remediation: remediate(rule.id, hit, ctx),
          });
        }
        evaluated.add(rule.id);
      } catch (e) {
        log(`rules: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return { targetId: l.id, evaluatedRules: evaluated, hits };
  });
}

async function applyPlan(db: Db, plan: FindingPlan, opts: EvaluateOptions): Promise<void> {
  const now = opts.now;
  await db.$transaction(
    async (tx) => {
      if (plan.open.length > 0) {
        await tx.finding.createMany({
          data: plan.open.map((h) => ({
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
          })),
        });
      }
      for (const u of plan.update) {
        await tx.finding.update({
          where: { id: u.id },
          data: {
            severity: u.severity,
            summary: u.summary,
            detail: u.detail,
            remediation: JSON.stringify(u.remediation),
            updatedAt: now,
          },
        });
      }
      for (const r of plan.resolve) {
        await tx.finding.update({
          where: { id: r.id },
          data: { state: 'resolved', resolvedAt: now, updatedAt: now },
        });
      }
      await syncAlertEvents(tx, {
        now,
        webhooks: opts.webhooks,
        publicUrl: opts.publicUrl,
        resolvedFindingIds: plan.resolve.map((r) => r.id),
      });
    },
    { timeout: 60_000, maxWait: 30_000 },
  );
}
