import { factBool, factString, targetLabel } from './context';
import { familyOf, trustCpuSteps } from './guest-steps';
import { attachRngSteps } from './libvirt';
import { rngdInstallSteps } from './os-family';
import type { Remediator } from './remediator';
import type { RemediationStep } from './types';

export const entropyLowRemediation: Remediator = {
  ruleId: 'entropy-low',
  plan(hit, ctx) {
    const runOn = targetLabel(ctx);
    const kernel = factString(hit, 'kernelRelease');
    if (factBool(hit, 'randomBlocks') === false) {
      return {
        summary:
          `Nothing blocks on kernel ${kernel ?? ''}: make sure applications use getrandom() or /dev/urandom`.replace(
            /\s+/g,
            ' ',
          ),
        steps: [
          {
            description:
              'On 5.6+ /dev/random blocks only until the CRNG is initialised, so a low count is harmless. List ' +
              'processes still reading /dev/random (they would block on older kernels) and move them to getrandom() or /dev/urandom.',
            runOn,
            command: 'lsof /dev/random',
          },
        ],
        restartRequired: false,
      };
    }
    const steps: RemediationStep[] = [];
    if (ctx.target.kind === 'guest' && factBool(hit, 'hasRngDevice') === false) {
      const domain = factString(hit, 'domain') ?? ctx.target.domainName ?? ctx.target.name;
      steps.push(...attachRngSteps(ctx, domain, ctx.domain?.state ?? null));
    }
    if (factBool(hit, 'rngdRunning') !== true) steps.push(...rngdInstallSteps(familyOf(hit), kernel, runOn));
    const rdrand = factBool(hit, 'cpuRdrand') === true;
    if (rdrand) steps.push(...trustCpuSteps(hit, runOn, true));
    if (steps.length === 0) {
      steps.push({
        description: 'rngd already runs: check that it has a source (a hwrng or RDRAND) and is not failing.',
        runOn,
        command: 'rngd -l 2>/dev/null; journalctl -u rngd -n 50 --no-pager',
      });
    }
    return {
      summary: `Feed ${ctx.target.name}'s entropy pool from the host and hardware (virtio-rng, rngd)`,
      steps,
      restartRequired: false,
      note: `/dev/random blocks on kernel ${kernel ?? 'unknown'}; the fix adds sources rather than lowering thresholds.`,
    };
  },
};
