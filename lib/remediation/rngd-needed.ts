import { factBool, factString, targetLabel } from './context';
import { familyOf, trustCpuSteps } from './guest-steps';
import { rngdInstallSteps } from './os-family';
import type { Remediator } from './remediator';

export const rngdNeededRemediation: Remediator = {
  ruleId: 'rngd-needed',
  plan(hit, ctx) {
    const runOn = targetLabel(ctx);
    const family = familyOf(hit);
    const steps = rngdInstallSteps(family, factString(hit, 'kernelRelease'), runOn);
    if (factBool(hit, 'cpuRdrand') === true) steps.push(...trustCpuSteps(hit, runOn, true));
    return {
      summary: `Install and start rngd on ${ctx.target.name} so the hardware RNG is credited`,
      steps,
      restartRequired: false,
      note:
        family === 'unknown' ? 'The distribution could not be recognised from /etc/os-release.' : undefined,
    };
  },
};
