import { factString, targetLabel } from './context';
import { familyOf } from './guest-steps';
import type { Remediator } from './remediator';
import { shellQuote, writeFileCommand } from './shell-quote';

const RNG_CURRENT = '/sys/devices/virtual/misc/hw_random/rng_current';

export const rngNotSelectedRemediation: Remediator = {
  ruleId: 'rng-not-selected',
  plan(hit, ctx) {
    const runOn = targetLabel(ctx);
    const device = factString(hit, 'suggestedRng');
    if (!device) throw new Error('remediation for rng-not-selected needs fact "suggestedRng" in the finding');
    const q = shellQuote(device);
    const persist =
      familyOf(hit) === 'alpine'
        ? {
            description: 'Select it at every boot (OpenRC local service).',
            runOn,
            command:
              `${writeFileCommand('/etc/local.d/hwrng.start', `#!/bin/sh\nprintf '%s\\n' ${q} > ${RNG_CURRENT}`)}\n` +
              'chmod +x /etc/local.d/hwrng.start && rc-update add local default',
          }
        : {
            description: 'Select it at every boot (systemd-tmpfiles writes the sysfs attribute).',
            runOn,
            command: `printf 'w ${RNG_CURRENT} - - - - %s\\n' ${q} > /etc/tmpfiles.d/hwrng.conf`,
          };
    return {
      summary: `Select ${device} as the hardware RNG of ${ctx.target.name}`,
      steps: [
        { description: `Select ${device} now.`, runOn, command: `printf '%s\\n' ${q} > ${RNG_CURRENT}` },
        persist,
      ],
      restartRequired: false,
    };
  },
};
