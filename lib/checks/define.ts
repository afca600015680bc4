import { targetLabel, type RemediationContext } from './remedy/context';
import { UnsafeValueError } from './remedy/unsafe-value';
import type { Remediation, RemediationPlan } from './remedy/types';
import type { CheckDefinition, CheckHit, CheckInfo, TypedCheck } from './types';

/** The remediation a user reads: the plan, with the check's reason, the plan's note and the source. */
function explain(info: CheckInfo, plan: RemediationPlan): Remediation {
  return {
    summary: plan.summary,
    reason: `${info.reason}${plan.note ? ` ${plan.note}` : ''} Source: ${info.source}`,
    steps: plan.steps,
    restartRequired: plan.restartRequired,
    ...(plan.apply ? { apply: plan.apply } : {}),
    ...(plan.guestApply ? { guestApply: plan.guestApply } : {}),
  };
}

/**
 * The plan when a step would have to show a value with control or bidi characters (a guest or domain
 * name read from a target): no command at all, rather than one that a terminal would act on.
 */
function unsafeValuePlan(error: UnsafeValueError, ctx: RemediationContext): RemediationPlan {
  return {
    summary: `The fix for ${ctx.target.name} cannot be shown safely`,
    steps: [
      {
        description:
          `No command is shown: ${error.message}. Pasted into a terminal, such characters can run something ` +
          `other than what you read. Look at the value on the console of the machine it comes from (e.g. ` +
          `"virsh list --all --name | cat -A" on the host) and rename or correct it there; the full fix is ` +
          `shown once the value is plain text.`,
        runOn: targetLabel(ctx),
      },
    ],
    restartRequired: false,
  };
}

/**
 * Declares one check: its rule (evaluate) and its fix (remediate) share the `Facts` type, so the fix
 * reads exactly what the rule found, checked by the compiler rather than cast from a bag.
 */
export function defineCheck<Facts>(definition: CheckDefinition<Facts>): TypedCheck<Facts> {
  const remediation = (hit: CheckHit<Facts>, ctx: RemediationContext): Remediation => {
    let plan: RemediationPlan;
    try {
      plan = definition.remediate(hit, ctx);
    } catch (e) {
      if (!(e instanceof UnsafeValueError)) throw e;
      plan = unsafeValuePlan(e, ctx);
    }
    return explain(definition, plan);
  };
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
