import type { Remediator } from './remediator';
import { consoleFingerprintStep, pinKeySteps } from './ssh-steps';

export const hostKeyUnknownRemediation: Remediator = {
  ruleId: 'host-key-unknown',
  plan(_hit, ctx) {
    return {
      summary: `Pin ${ctx.target.name}'s SSH host key after comparing it with its console`,
      steps: [consoleFingerprintStep(ctx, 'console (not over the network)'), ...pinKeySteps(ctx, false)],
      restartRequired: false,
      note: 'Alternatively set trustOnFirstUse for this target in the inventory, accepting the first key seen.',
    };
  },
};
