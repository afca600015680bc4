import { factString, MONITOR_LABEL, targetLabel } from './context';
import type { Remediator } from './remediator';
import { sshTestCommand } from './ssh-steps';

export const probeOutputInvalidRemediation: Remediator = {
  ruleId: 'probe-output-invalid',
  plan(hit, ctx) {
    return {
      summary: `Make ${ctx.target.name} answer the probe with clean output`,
      steps: [
        {
          description:
            'A non-interactive SSH command must print nothing but its own output. If this prints anything, a login ' +
            'script (motd, echo in .bashrc/.profile, a forced command) corrupts the probe output: remove it.',
          runOn: MONITOR_LABEL,
          command: `${sshTestCommand(ctx, 'true')} | od -c | head -5`,
        },
        {
          description:
            'The probe runs as a POSIX shell script on stdin: /bin/sh and coreutils must be present.',
          runOn: MONITOR_LABEL,
          command: sshTestCommand(ctx, 'command -v sh cat uname'),
        },
        {
          description: `If both are clean, the probe output is not what the parser expects (last error: ${factString(hit, 'lastError') ?? 'none'}); report it with the output of the probe on ${ctx.target.name}.`,
          runOn: targetLabel(ctx),
        },
      ],
      restartRequired: false,
    };
  },
};
