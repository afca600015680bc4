import { allChecks } from './index';
import type { Check, CheckInput, JudgedHit, TargetKind } from './types';
import type { RemediationContext } from './remedy/context';
import { withinBudget } from './budget';

export { defaultRuleConfig } from './config';

/** Runs every check that applies to the target's kind; a check that throws is reported with its id and target. */
export function evaluateTarget(
  ctx: RemediationContext,
  checks: readonly Check[] = allChecks,
): { check: Check; hit: JudgedHit }[] {
  const results: { check: Check; hit: JudgedHit }[] = [];
  for (const check of checks) {
    if (!check.appliesTo.includes(ctx.target.kind)) continue;
    let hits: JudgedHit[];
    try {
      hits = withinBudget(check, check.judge(ctx));
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`rule ${check.id} failed on target ${ctx.target.name}: ${message}`, { cause: error });
    }
    const subjects = new Set<string>();
    for (const hit of hits) {
      // The findings table is keyed by (target, rule, subject): two hits with one subject would overwrite.
      if (subjects.has(hit.subject)) {
        throw new Error(
          `rule ${check.id} reported subject "${hit.subject}" twice on target ${ctx.target.name}`,
        );
      }
      subjects.add(hit.subject);
      results.push({ check, hit });
    }
  }
  return results;
}

/**
 * The inputs a check needs for a target of this kind. `requires` is written from a guest's point of
 * view: a guest's domain (and its host's kernel) come from its HOST's observation. A host (or local)
 * target judges its unclaimed domains from its OWN observation, so there 'domain' and
 * 'hostObservation' both mean 'observation'.
 */
export function requiredInputs(check: Pick<Check, 'requires'>, kind: TargetKind): CheckInput[] {
  if (kind === 'guest') return [...check.requires];
  const mapped = check.requires.map((input): CheckInput =>
    input === 'domain' || input === 'hostObservation' ? 'observation' : input,
  );
  return [...new Set(mapped)];
}
