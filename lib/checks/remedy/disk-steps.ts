import type { DiskFacts } from '../kit/disk-policy';
import type { DomainFacts } from '../kit/domain-scope';
import type { CheckHit } from '../types';
import type { RemediationContext } from './context';
import { coldBootSteps, driverLine, editDomainStep } from './libvirt';
import type { RemediationPlan } from './types';

/** The shared plan of the disk checks: `virsh edit` with the corrected `<driver/>` line, then a cold boot. */
export function diskDriverPlan(
  hit: CheckHit<DomainFacts & DiskFacts>,
  ctx: RemediationContext,
  why: string,
): RemediationPlan {
  const { domain, disk, suggestedCache: cache, suggestedIo: io } = hit.facts;
  const line = driverLine(hit.facts.driverType, cache, io, hit.facts.discard);
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
