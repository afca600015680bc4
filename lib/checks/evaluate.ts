import { allRules } from './registry';
import type { Rule, RuleContext, RuleHit, RuleInput, TargetKind } from './types';

export { defaultRuleConfig } from './config';

/** Runs every rule that applies to the target's kind; a rule that throws is reported with its id and target. */
export function evaluateTarget(
  ctx: RuleContext,
  rules: readonly Rule[] = allRules,
): { rule: Rule; hit: RuleHit }[] {
  const results: { rule: Rule; hit: RuleHit }[] = [];
  for (const rule of rules) {
    if (!rule.appliesTo.includes(ctx.target.kind)) continue;
    let hits: RuleHit[];
    try {
      hits = rule.evaluate(ctx);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new Error(`rule ${rule.id} failed on target ${ctx.target.name}: ${message}`, { cause: error });
    }
    const subjects = new Set<string>();
    for (const hit of hits) {
      // The findings table is keyed by (target, rule, subject): two hits with one subject would overwrite.
      if (subjects.has(hit.subject)) {
        throw new Error(
          `rule ${rule.id} reported subject "${hit.subject}" twice on target ${ctx.target.name}`,
        );
      }
      subjects.add(hit.subject);
      results.push({ rule, hit });
    }
  }
  return results;
}

/**
 * The inputs a rule needs for a target of this kind. `requires` is written from a guest's point of
 * view: a guest's domain (and its host's kernel) come from its HOST's observation. A host (or local)
 * target judges its unclaimed domains from its OWN observation, so there 'domain' and
 * 'hostObservation' both mean 'observation'.
 */
export function requiredInputs(rule: Rule, kind: TargetKind): RuleInput[] {
  if (kind === 'guest') return [...rule.requires];
  const mapped = rule.requires.map((input): RuleInput =>
    input === 'domain' || input === 'hostObservation' ? 'observation' : input,
  );
  return [...new Set(mapped)];
}
