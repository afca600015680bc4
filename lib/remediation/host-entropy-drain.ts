import { factBool, factList, factString, hostLabel } from './context';
import { familyOf } from './guest-steps';
import { coldBootSteps, editDomainStep, rngDeviceXml } from './libvirt';
import { rngdInstallSteps } from './os-family';
import type { Remediator } from './remediator';
import { shellJoin } from './shell-quote';
import type { RemediationStep } from './types';

export const hostEntropyDrainRemediation: Remediator = {
  ruleId: 'host-entropy-drain',
  plan(hit, ctx) {
    const runOn = hostLabel(ctx);
    const domains = factList(hit, 'domains');
    const pids = factList(hit, 'pids');
    const steps: RemediationStep[] = [];
    if (pids.length > 0) {
      steps.push({
        description: 'See which QEMU processes hold /dev/random and which guests they run.',
        runOn,
        command: shellJoin(['ps', '-o', 'pid,args', '-p', pids.join(',')]),
      });
    }
    for (const domain of domains) {
      steps.push(
        editDomainStep(
          ctx,
          domain,
          `Guest ${domain}: make its <rng> element read as in the XML (the host's /dev/urandom, rate-limited).`,
          rngDeviceXml(),
        ),
        ...coldBootSteps(ctx, domain),
      );
    }
    if (domains.length < pids.length) {
      steps.push({
        description:
          'Some holders name no libvirt domain: find them in the ps output above and change their -object rng-random,filename=/dev/random to /dev/urandom.',
        runOn,
      });
    }
    if (factBool(hit, 'rngdRunning') !== true) {
      steps.push(...rngdInstallSteps(familyOf(hit), factString(hit, 'kernelRelease'), runOn));
    }
    return {
      summary: `Stop guests draining ${ctx.target.name}'s /dev/random: switch their <rng> backends to /dev/urandom`,
      steps,
      restartRequired: true,
      note: domains.length > 0 ? `Guests holding /dev/random: ${domains.join(', ')}.` : undefined,
    };
  },
};
