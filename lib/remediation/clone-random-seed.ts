import { factBool, factString, targetLabel } from './context';
import { coldBootSteps, editDomainStep } from './libvirt';
import type { Remediator } from './remediator';
import type { RemediationStep } from './types';

export const cloneRandomSeedRemediation: Remediator = {
  ruleId: 'clone-random-seed',
  plan(hit, ctx) {
    const steps: RemediationStep[] = [
      {
        description: 'Replace the saved seed with fresh random bytes (the kernel CRNG is seeded by now).',
        runOn: targetLabel(ctx),
        command:
          'dd if=/dev/urandom of=/var/lib/systemd/random-seed bs=512 count=1 status=none && chmod 600 /var/lib/systemd/random-seed',
      },
    ];
    const domain = factString(hit, 'domain');
    const addGenid = ctx.target.kind === 'guest' && domain !== null && factBool(hit, 'hasGenid') === false;
    if (addGenid && domain) {
      steps.push(
        editDomainStep(
          ctx,
          domain,
          'Optional, for future snapshots and clones: add the <genid/> of the XML right after <uuid> (libvirt fills in the GUID and changes it on snapshot revert and clone); Linux 5.18+ reseeds its CRNG when it changes.',
          '<genid/>',
        ),
        ...coldBootSteps(ctx, domain).map((s) => ({ ...s, description: `(for the genid) ${s.description}` })),
      );
    }
    return {
      summary: `Give ${ctx.target.name} a fresh random seed${addGenid ? ' and a VM generation ID' : ''}`,
      steps,
      restartRequired: false,
    };
  },
};
