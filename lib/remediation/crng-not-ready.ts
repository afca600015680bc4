import { factBool, factString, targetLabel } from './context';
import { familyOf, trustCpuSteps } from './guest-steps';
import { attachRngSteps } from './libvirt';
import { rngdInstallSteps } from './os-family';
import type { Remediator } from './remediator';

export const crngNotReadyRemediation: Remediator = {
  ruleId: 'crng-not-ready',
  plan(hit, ctx) {
    const runOn = targetLabel(ctx);
    const rdrand = factBool(hit, 'cpuRdrand') === true;
    // A guest without <rng>: the host-backed virtio-rng is the fix that needs no reboot.
    if (ctx.target.kind === 'guest' && factBool(hit, 'hasRngDevice') === false) {
      const domain = factString(hit, 'domain') ?? ctx.target.domainName ?? ctx.target.name;
      return {
        summary: `Give ${ctx.target.name} a virtio-rng device so its CRNG seeds from the host`,
        steps: [
          ...attachRngSteps(ctx, domain, ctx.domain?.state ?? null),
          ...(rdrand ? trustCpuSteps(hit, runOn, true) : []),
        ],
        restartRequired: false,
      };
    }
    const check = {
      description:
        'See which hardware RNG the kernel has and uses; a virtio-rng guest should list virtio_rng.0 (if not, load it: modprobe virtio_rng).',
      runOn,
      command:
        'cat /sys/devices/virtual/misc/hw_random/rng_available /sys/devices/virtual/misc/hw_random/rng_current',
    };
    const trust = rdrand ? trustCpuSteps(hit, runOn, false) : [];
    if (trust.length > 0) {
      return {
        summary: `Let the CPU's RDRAND seed the CRNG on ${ctx.target.name} (random.trust_cpu=on)`,
        steps: [check, ...trust],
        restartRequired: true,
        note: 'The CPU reports RDRAND, so trusting it initialises the CRNG at boot.',
      };
    }
    return {
      summary: `Run rngd on ${ctx.target.name} so a hardware or jitter source seeds the CRNG`,
      steps: [check, ...rngdInstallSteps(familyOf(hit), factString(hit, 'kernelRelease'), runOn)],
      restartRequired: false,
    };
  },
};
