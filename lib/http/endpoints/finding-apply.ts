// The handler of POST /api/v1/findings/{id}/apply (the route file in app/ re-exports it).
import { applyGuestPlan, guestPlanOf, previewGuestApply } from '../../apply/guest/service';
import { applyPlan, previewApply } from '../../apply/service';
import { reviewedChangePost } from './reviewed-change-post';

/**
 * POST /api/v1/findings/{id}/apply {dryRun: true} → the preview (commands, diff, planId); {dryRun: false,
 * planId} → applies exactly that plan, or 409 when the definition changed since. Operators only; proxy.ts
 * has refused cross-site requests already; every apply attempt is audited.
 */
export const POST = reviewedChangePost({
  noun: 'finding',
  verb: 'apply',
  run: async (deps, id, body, actor) => {
    // A fix that runs inside the target (rngd, rng_current) has its own service; domain changes the other.
    const guest = (await guestPlanOf(deps, id)) !== undefined;
    return body.dryRun
      ? await (guest ? previewGuestApply : previewApply)(deps, id)
      : await (guest ? applyGuestPlan : applyPlan)(deps, id, body.planId, actor);
  },
});
