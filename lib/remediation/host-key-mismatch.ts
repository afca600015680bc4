import type { Remediator } from './remediator';
import { consoleFingerprintStep, pinKeySteps } from './ssh-steps';

export const hostKeyMismatchRemediation: Remediator = {
  ruleId: 'host-key-mismatch',
  plan(_hit, ctx) {
    return {
      summary: `Verify ${ctx.target.name}'s new SSH host key out of band, then re-pin it`,
      steps: [
        {
          description:
            'Do not accept the new key blindly. Find out why it changed (reinstall, key rotation); if nobody changed it, treat it as an interception attempt.',
        },
        consoleFingerprintStep(ctx, 'console (hypervisor console, IPMI or physical; not over the network)'),
        ...pinKeySteps(ctx, true),
      ],
      restartRequired: false,
    };
  },
};
