import { requireFact } from './context';
import { attachRngSteps } from './libvirt';
import type { Remediator } from './remediator';

export const rngDeviceMissingRemediation: Remediator = {
  ruleId: 'rng-device-missing',
  plan(hit, ctx) {
    const domain = requireFact(hit, 'domain', 'rng-device-missing');
    const state = (hit.facts.domainState as string | null | undefined) ?? null;
    return {
      summary: `Add a rate-limited virtio-rng device backed by /dev/urandom to ${domain}`,
      steps: attachRngSteps(ctx, domain, state),
      restartRequired: false,
    };
  },
};
