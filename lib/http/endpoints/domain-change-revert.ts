// The handler of POST /api/v1/domain-changes/{id}/revert (the route file in app/ re-exports it).
import { applyRevert, previewRevert } from '../../apply/revert';
import { reviewedChangePost } from './reviewed-change-post';

/**
 * POST /api/v1/domain-changes/{id}/revert {dryRun: true} → the preview (diff back to the definition before
 * the apply, planId); {dryRun: false, planId} → defines it back, or 409 when the definition changed since
 * the apply. Operators only; proxy.ts has refused cross-site requests already; every attempt is audited.
 */
export const POST = reviewedChangePost({
  noun: 'change',
  verb: 'revert',
  run: (deps, id, body, actor) =>
    body.dryRun ? previewRevert(deps, id) : applyRevert(deps, id, body.planId, actor),
});
