import type { RemediationContext } from './remedy/context';
import type { Remediation, RemediationPlan } from './remedy/types';
import type { CheckDefinition, CheckHit, CheckInfo, TypedCheck } from './types';

/** The remediation a user reads: the plan, with the check's reason, the plan's note and the source. */
function explain(info: CheckInfo, plan: RemediationPlan): Remediation {
  return {
    summary: plan.summary,
    reason: `${info.reason}${plan.note ? ` ${plan.note}` : ''} Source: ${info.source}`,
    steps: plan.steps,
    restartRequired: plan.restartRequired,
  };
}

/**
 * Declares one check: its rule (evaluate) and its fix (remediate) share the `Facts` type, so the fix
 * reads exactly what the rule found, checked by the compiler rather than cast from a bag.
 */
export function defineCheck<Facts>(definition: CheckDefinition<Facts>): TypedCheck<Facts> {
  const remediation = (hit: CheckHit<Facts>, ctx: RemediationContext): Remediation =>
    explain(definition, definition.remediate(hit, ctx));
  return {
    ...definition,
    remediation,
    judge(ctx) {
      return definition.evaluate(ctx).map((hit) => ({
        subject: hit.subject,
        severity: hit.severity,
        summary: hit.summary,
        detail: hit.detail,
        remediation: () => remediation(hit, ctx),
      }));
    },
  };
}
