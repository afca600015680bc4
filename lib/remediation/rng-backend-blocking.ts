import { requireFact } from './context';
import { coldBootSteps, editDomainStep, rngDeviceXml } from './libvirt';
import type { Remediator } from './remediator';

export const rngBackendBlockingRemediation: Remediator = {
  ruleId: 'rng-backend-blocking',
  plan(hit, ctx) {
    const domain = requireFact(hit, 'domain', 'rng-backend-blocking');
    const model = (hit.facts.rngModel as string | null | undefined) ?? 'virtio';
    return {
      summary: `Point ${domain}'s <rng> backend at /dev/urandom (and rate-limit it)`,
      steps: [
        editDomainStep(
          ctx,
          domain,
          'Make the <rng> element read as in the XML: backend /dev/urandom instead of /dev/random, with a <rate>.',
          rngDeviceXml(model),
        ),
        ...coldBootSteps(ctx, domain),
      ],
      restartRequired: true,
    };
  },
};
