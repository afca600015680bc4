import type { Remediation } from '../checks/remedy/types';
import type { Severity } from '../probe/types';

/** An open finding as stored. */
export interface OpenFinding {
  id: number;
  targetId: number;
  rule: string;
  subject: string;
  severity: string;
}

/** A failing rule for one target in this cycle, with its fix. */
export interface Hit {
  rule: string;
  subject: string;
  severity: Severity;
  summary: string;
  detail: string;
  remediation: Remediation;
  /** fails on what runs, passes on the definition: applied, waiting for a cold boot (cold-boot-pending.ts) */
  pendingColdBoot?: boolean;
}

/** What was judged for one target this cycle: the rules that could be evaluated and what failed. */
export interface TargetEvaluation {
  targetId: number;
  evaluatedRules: Set<string>;
  hits: Hit[];
}

export interface FindingPlan {
  open: (Hit & { targetId: number })[];
  update: (Hit & { id: number })[];
  resolve: { id: number; reason: string }[];
}

const key = (targetId: number, rule: string, subject: string) => `${targetId}\u0000${rule}\u0000${subject}`;

/**
 * Decides the finding lifecycle for one cycle: open what newly fails, update what still fails,
 * resolve what was evaluated and passed. Rules that could not be evaluated (stale inputs) keep
 * their findings untouched; findings of removed targets or retired rules resolve.
 */
export function planFindings(
  open: OpenFinding[],
  evaluations: TargetEvaluation[],
  opts: { removedTargetIds: Set<number>; knownRules: Set<string> },
): FindingPlan {
  const plan: FindingPlan = { open: [], update: [], resolve: [] };
  const openByKey = new Map(open.map((f) => [key(f.targetId, f.rule, f.subject), f]));
  const held = new Set<string>();
  const evaluated = new Map(evaluations.map((e) => [e.targetId, e.evaluatedRules]));

  for (const e of evaluations) {
    for (const hit of e.hits) {
      const k = key(e.targetId, hit.rule, hit.subject);
      if (held.has(k)) continue; // a rule reporting one subject twice is one finding
      held.add(k);
      const existing = openByKey.get(k);
      if (existing) plan.update.push({ ...hit, id: existing.id });
      else plan.open.push({ ...hit, targetId: e.targetId });
    }
  }
  for (const f of open) {
    const k = key(f.targetId, f.rule, f.subject);
    if (held.has(k)) continue;
    if (opts.removedTargetIds.has(f.targetId)) {
      plan.resolve.push({ id: f.id, reason: 'target removed from the inventory' });
    } else if (!opts.knownRules.has(f.rule)) {
      plan.resolve.push({ id: f.id, reason: `rule ${f.rule} no longer exists` });
    } else if (evaluated.get(f.targetId)?.has(f.rule)) {
      plan.resolve.push({ id: f.id, reason: 'the rule passes again' });
    }
  }
  return plan;
}
