import type { RuleHit } from '../rules/types';
import { factString, requireFact, type RemediationContext } from './context';
import { coldBootSteps, driverLine, editDomainStep } from './libvirt';
import type { RemediationPlan } from './remediator';

/** The shared plan of the disk rules: `virsh edit` with the corrected `<driver/>` line, then a cold boot. */
export function diskDriverPlan(
  ruleId: string,
  hit: RuleHit,
  ctx: RemediationContext,
  why: string,
): RemediationPlan {
  const domain = requireFact(hit, 'domain', ruleId);
  const disk = requireFact(hit, 'disk', ruleId);
  const cache = requireFact(hit, 'suggestedCache', ruleId);
  const io = requireFact(hit, 'suggestedIo', ruleId);
  const line = driverLine(factString(hit, 'driverType'), cache, io, factString(hit, 'discard'));
  return {
    summary: `${domain}/${disk}: set cache='${cache}' io='${io}'`,
    steps: [
      editDomainStep(
        ctx,
        domain,
        `In the <disk> whose <target dev='${disk}'/>, replace the <driver .../> line with the one in the XML (keep any other attributes it has, e.g. iothread).`,
        line,
      ),
      ...coldBootSteps(ctx, domain),
    ],
    restartRequired: true,
    note: why,
  };
}
