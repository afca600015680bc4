import { factList, targetLabel } from './context';
import { familyOf } from './guest-steps';
import { sshRestartCommand } from './os-family';
import type { Remediator } from './remediator';
import { consoleFingerprintStep, pinKeySteps } from './ssh-steps';

export const cloneSshHostkeyRemediation: Remediator = {
  ruleId: 'clone-ssh-hostkey',
  plan(hit, ctx) {
    const others = factList(hit, 'others');
    return {
      summary: `Give ${ctx.target.name} its own SSH host keys and re-pin them`,
      steps: [
        {
          description:
            `Replace the cloned host keys with new ones and restart the SSH server (open sessions stay up). ` +
            `Do the same on every clone${others.length ? `: ${others.join(', ')}` : ''}.`,
          runOn: targetLabel(ctx),
          command: `rm -f /etc/ssh/ssh_host_* && ssh-keygen -A && ${sshRestartCommand(familyOf(hit))}`,
        },
        consoleFingerprintStep(ctx, 'console (or the session used above)'),
        ...pinKeySteps(ctx, true),
      ],
      restartRequired: false,
      note: 'Seal templates before cloning (virt-sysprep --operations ssh-hostkeys,machine-id) so new clones get their own keys.',
    };
  },
};
