import { requireFact } from './context';
import { coldBootSteps, editDomainStep } from './libvirt';
import type { Remediator } from './remediator';

export const rngRateUnlimitedRemediation: Remediator = {
  ruleId: 'rng-rate-unlimited',
  plan(hit, ctx) {
    const domain = requireFact(hit, 'domain', 'rng-rate-unlimited');
    return {
      summary: `Rate-limit ${domain}'s virtio-rng to 1024 bytes per second`,
      steps: [
        editDomainStep(
          ctx,
          domain,
          'Add the <rate> line of the XML inside the virtio <rng> element (keep its <backend>; if that is /dev/random, change it to /dev/urandom).',
          "<rate bytes='1024' period='1000'/>",
        ),
        ...coldBootSteps(ctx, domain),
      ],
      restartRequired: true,
    };
  },
};
